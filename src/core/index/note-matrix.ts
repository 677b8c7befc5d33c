import { emptyInt8Rows, quantiseInto, type Int8Rows, type RowRef } from './int8-vectors';

/**
 * Note vectors: a note's vector is the normalised mean of its chunk vectors. This is the one
 * place that mean is taken, for the index's notes, for text embedded on the fly and for the
 * tests' stand-in index, so they all build note vectors the same way. The index's chunk vectors
 * are int8: the mean is taken of them dequantised (in float), and the note matrix holds each
 * note's mean quantised again.
 */

/** A matrix of note vectors: row i is `paths[i]`'s. */
export interface NoteMatrix {
  paths: string[];
  vectors: Int8Rows;
}

/** The normalised mean of `rows` (a note's chunk vectors); `null` for none, or for rows that cancel out. */
export function noteVector(rows: Iterable<Float32Array>): Float32Array | null {
  let mean: Float32Array | null = null;
  for (const row of rows) {
    mean ??= new Float32Array(row.length);
    for (let i = 0; i < mean.length; i++) mean[i] += row[i];
  }
  return mean && normalise(mean) ? mean : null;
}

/** The normalised mean of int8 chunk rows, each dequantised (as {@link noteVector} of the dequantised rows). */
export function noteVectorOfRows(refs: readonly RowRef[]): Float32Array | null {
  if (refs.length === 0) return null;
  const mean = new Float32Array(refs[0].rows.dims);
  return meanOfRowsInto(mean, refs) ? mean : null;
}

/**
 * Writes the normalised mean of `refs`' rows into `mean` (all zeros), each row's codes times its
 * scale added straight in (one pass, no row dequantised apart: at start-up this runs for every
 * chunk of the vault); false, with `mean` left unusable, when the rows cancel out or there are none.
 * The sum is the same, term by term and in the same order, as summing the dequantised rows.
 */
function meanOfRowsInto(mean: Float32Array, refs: readonly RowRef[]): boolean {
  const dims = mean.length;
  for (const ref of refs) {
    const codes = ref.rows.codes;
    const scale = ref.rows.scales[ref.row];
    const base = ref.row * dims;
    for (let i = 0; i < dims; i++) mean[i] += Math.fround(codes[base + i] * scale);
  }
  return refs.length > 0 && normalise(mean);
}

/** Scales `v` to unit length in place; false when it is all zeros. */
function normalise(v: Float32Array): boolean {
  let norm = 0;
  for (let i = 0; i < v.length; i++) norm += v[i] * v[i];
  norm = Math.sqrt(norm);
  if (norm === 0) return false;
  for (let i = 0; i < v.length; i++) v[i] /= norm;
  return true;
}

/** Looks up where a chunk's vector is; `undefined` when it has none (yet). */
export type RowOf = (chunkId: string) => RowRef | undefined;

/** The rows of a note's chunk vectors, or `null` unless every chunk has one. */
export function chunkRows(chunkIds: readonly string[], rowOf: RowOf): RowRef[] | null {
  if (chunkIds.length === 0) return null;
  const rows: RowRef[] = [];
  for (const id of chunkIds) {
    const row = rowOf(id);
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
export function buildNoteMatrix(sortedPaths: readonly string[], chunkIdsOf: (path: string) => readonly string[], rowOf: RowOf, dims: number): NoteMatrix {
  const paths: string[] = [];
  const matrix = emptyInt8Rows(sortedPaths.length, dims);
  const mean = new Float32Array(dims);
  for (const path of sortedPaths) {
    const rows = chunkRows(chunkIdsOf(path), rowOf);
    if (!rows) continue;
    mean.fill(0);
    if (!meanOfRowsInto(mean, rows)) continue;
    matrix.scales[paths.length] = quantiseInto(mean, matrix.codes, paths.length * dims);
    paths.push(path);
  }
  const vectors = { dims, codes: matrix.codes.slice(0, paths.length * dims), scales: matrix.scales.slice(0, paths.length) };
  return { paths, vectors };
}

/**
 * A copy of `matrix` in which each of the `changed` notes has the row its chunk rows average to
 * now (`rowsOf`): recomputed, added in path order for a note that had none, or taken out when
 * `rowsOf` gives `null` (the note is gone, or lacks a vector now). One pass over the matrix
 * however many notes changed, and a copy, so a ranking call holding the old matrix stays
 * consistent: copying the rows of 50,000 notes takes milliseconds, averaging their passages
 * again took 1.5 s.
 */
export function withRowsOf(matrix: NoteMatrix, changed: Iterable<string>, rowsOf: (path: string) => readonly RowRef[] | null, dims: number): NoteMatrix {
  const fresh = new Map<string, { codes: Int8Array; scale: number } | null>();
  for (const path of changed) {
    const rows = rowsOf(path);
    const mean = new Float32Array(dims);
    if (rows === null || !meanOfRowsInto(mean, rows)) {
      fresh.set(path, null);
      continue;
    }
    const codes = new Int8Array(dims);
    fresh.set(path, { codes, scale: quantiseInto(mean, codes, 0) });
  }
  const added = [...fresh.keys()].filter((path) => fresh.get(path) !== null && sortedIndexOf(matrix.paths, path) < 0).sort();
  const paths: string[] = [];
  const out = emptyInt8Rows(matrix.paths.length + added.length, dims);
  const { codes, scales } = matrix.vectors;
  const put = (path: string, rowCodes: Int8Array, scale: number): void => {
    out.codes.set(rowCodes, paths.length * dims);
    out.scales[paths.length] = scale;
    paths.push(path);
  };
  let next = 0;
  for (let i = 0; i < matrix.paths.length; i++) {
    const path = matrix.paths[i];
    for (; next < added.length && added[next] < path; next++) put(added[next], fresh.get(added[next])!.codes, fresh.get(added[next])!.scale);
    const row = fresh.get(path);
    if (row === undefined) put(path, codes.subarray(i * dims, (i + 1) * dims), scales[i]);
    else if (row !== null) put(path, row.codes, row.scale);
  }
  for (; next < added.length; next++) put(added[next], fresh.get(added[next])!.codes, fresh.get(added[next])!.scale);
  return { paths, vectors: { dims, codes: out.codes.slice(0, paths.length * dims), scales: out.scales.slice(0, paths.length) } };
}

/** The row of `path` in `matrix`, or -1 when it has none. */
export function matrixRowOf(matrix: NoteMatrix, path: string): number {
  return sortedIndexOf(matrix.paths, path);
}

/** Where `value` would go in the sorted `list` (the index of the first entry after it). */
export function insertionPoint(list: readonly string[], value: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
