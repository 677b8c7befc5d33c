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
 * A copy of `matrix` in which `path` has the row `rows` average to: recomputed, added in path
 * order for a note that had none, or taken out when `rows` is `null` (the note is gone, or lacks
 * a vector now). A copy, so a ranking call holding the old matrix stays consistent; copying the
 * codes of 50,000 notes takes milliseconds, averaging their passages again took 1.5 s.
 */
export function withRowOf(matrix: NoteMatrix, path: string, rows: readonly RowRef[] | null, dims: number): NoteMatrix {
  const mean = new Float32Array(dims);
  const vector = rows !== null && meanOfRowsInto(mean, rows);
  const at = sortedIndexOf(matrix.paths, path);
  const { codes, scales } = matrix.vectors;
  if (at >= 0 && vector) {
    const out = { dims, codes: Int8Array.from(codes), scales: Float32Array.from(scales) };
    out.scales[at] = quantiseInto(mean, out.codes, at * dims);
    return { paths: matrix.paths, vectors: out };
  }
  if (at >= 0) {
    const paths = [...matrix.paths.slice(0, at), ...matrix.paths.slice(at + 1)];
    const out = { dims, codes: new Int8Array(paths.length * dims), scales: new Float32Array(paths.length) };
    out.codes.set(codes.subarray(0, at * dims));
    out.codes.set(codes.subarray((at + 1) * dims), at * dims);
    out.scales.set(scales.subarray(0, at));
    out.scales.set(scales.subarray(at + 1), at);
    return { paths, vectors: out };
  }
  if (!vector) return matrix;
  const to = insertionPoint(matrix.paths, path);
  const paths = [...matrix.paths.slice(0, to), path, ...matrix.paths.slice(to)];
  const out = { dims, codes: new Int8Array(paths.length * dims), scales: new Float32Array(paths.length) };
  out.codes.set(codes.subarray(0, to * dims));
  out.codes.set(codes.subarray(to * dims), (to + 1) * dims);
  out.scales.set(scales.subarray(0, to));
  out.scales.set(scales.subarray(to), to + 1);
  out.scales[to] = quantiseInto(mean, out.codes, to * dims);
  return { paths, vectors: out };
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
