/**
 * Note vectors: a note's vector is the normalised mean of its chunk vectors. This is the one
 * place that mean is taken, for the index's notes, for text embedded on the fly and for the
 * tests' stand-in index, so they all build note vectors the same way.
 */

/** A row-major matrix of note vectors: row i is `paths[i]`'s. */
export interface NoteMatrix {
  paths: string[];
  vectors: Float32Array;
}

/** The normalised mean of `rows` (a note's chunk vectors); `null` for none, or for rows that cancel out. */
export function noteVector(rows: readonly Float32Array[]): Float32Array | null {
  if (rows.length === 0) return null;
  const mean = new Float32Array(rows[0].length);
  return noteVectorInto(mean, rows) ? mean : null;
}

/**
 * Writes the normalised mean of `rows` into `mean` (all zeros, as long as a row); false, with
 * `mean` left unusable, when there is nothing to normalise (no rows, or rows that cancel out).
 */
export function noteVectorInto(mean: Float32Array, rows: readonly Float32Array[]): boolean {
  const dims = mean.length;
  for (const row of rows) for (let i = 0; i < dims; i++) mean[i] += row[i];
  let norm = 0;
  for (let i = 0; i < dims; i++) norm += mean[i] * mean[i];
  norm = Math.sqrt(norm);
  if (norm === 0) return false;
  for (let i = 0; i < dims; i++) mean[i] /= norm;
  return true;
}

/** Looks up a chunk's vector; `undefined` when it has none (yet). */
export type VectorOf = (chunkId: string) => Float32Array | undefined;

/** The chunk vectors of a note, or `null` unless every chunk has one. */
export function chunkRows(chunkIds: readonly string[], vectorOf: VectorOf): Float32Array[] | null {
  if (chunkIds.length === 0) return null;
  const rows: Float32Array[] = [];
  for (const id of chunkIds) {
    const row = vectorOf(id);
    if (!row) return null;
    rows.push(row);
  }
  return rows;
}

/**
 * The matrix of the notes in `sortedPaths` whose every chunk has a vector, in that order. It
 * is made straight from chunk ids and vectors, without a note entry per note (links resolved,
 * an object per chunk): related notes need only this at start-up.
 */
export function buildNoteMatrix(sortedPaths: readonly string[], chunkIdsOf: (path: string) => readonly string[], vectorOf: VectorOf, dims: number): NoteMatrix {
  const paths: string[] = [];
  const matrix = new Float32Array(sortedPaths.length * dims);
  for (const path of sortedPaths) {
    const rows = chunkRows(chunkIdsOf(path), vectorOf);
    if (!rows) continue;
    const row = matrix.subarray(paths.length * dims, (paths.length + 1) * dims);
    if (!noteVectorInto(row, rows)) {
      row.fill(0);
      continue;
    }
    paths.push(path);
  }
  return { paths, vectors: matrix.subarray(0, paths.length * dims) };
}

/**
 * A copy of `matrix` with the row of `path` recomputed from `rows` (a copy, so a ranking call
 * holding the old matrix stays consistent); `null` (rebuild) when the note has no row, or no
 * vector now.
 */
export function withRowRecomputed(matrix: NoteMatrix, path: string, rows: readonly Float32Array[] | null, dims: number): NoteMatrix | null {
  const row = sortedIndexOf(matrix.paths, path);
  if (row < 0 || !rows) return null;
  const copy = Float32Array.from(matrix.vectors);
  const target = copy.subarray(row * dims, (row + 1) * dims);
  target.fill(0);
  if (!noteVectorInto(target, rows)) return null;
  return { paths: matrix.paths, vectors: copy };
}

/** Where `value` is in the sorted `list`, or -1. */
function sortedIndexOf(list: readonly string[], value: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === value) return mid;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
