/**
 * Compact vectors: each vector as 8-bit integers and one float scale (its largest absolute
 * component over 127), a quarter of Float32's bytes plus 4. A 512-d USE vector goes from
 * 2,048 bytes to 516. The index keeps chunk vectors and the note matrix this way, in memory and
 * in its shards. The query stays in float: a row's score is `scale × Σ code[i] · query[i]`,
 * which is the float dot product with the dequantised row (`code × scale`) up to rounding.
 *
 * Rounding to the nearest step costs at most half a step per component: for a unit vector of
 * 512 components the largest is about 0.15-0.25, so a step is about 0.0015 and a cosine moves by
 * a few 1e-4 at most. What that does to rankings is measured, not assumed:
 * `npx tsx bench/vector-quality.bench.ts` compares float and int8 on the evaluation collections.
 */

/** Row-major int8 codes (`rows × dims`) and one scale per row. */
export interface Int8Rows {
  dims: number;
  codes: Int8Array;
  scales: Float32Array;
}

/**
 * Float rows in the same shape, every scale 1: exact vectors, for a stand-in index in tests and
 * the float side of `bench/vector-quality.bench.ts`. The index itself only holds {@link Int8Rows}.
 */
export interface FloatRows {
  dims: number;
  codes: Float32Array;
  scales: Float32Array;
}

/** Rows a scan takes: a row's value is `codes[i] × scale` either way. */
export type VectorRows = Int8Rows | FloatRows;

/** How many rows `rows` holds. */
export function rowCount(rows: VectorRows): number {
  return rows.scales.length;
}

/** A row-major float matrix as {@link FloatRows} (no copy of the values). */
export function floatRows(matrix: Float32Array, dims: number): FloatRows {
  const rows = dims === 0 ? 0 : Math.floor(matrix.length / dims);
  return { dims, codes: matrix.subarray(0, rows * dims), scales: new Float32Array(rows).fill(1) };
}

/** `rows` rows of `dims`, all zero, to be filled in. */
export function emptyInt8Rows(rows: number, dims: number): Int8Rows {
  return { dims, codes: new Int8Array(rows * dims), scales: new Float32Array(rows) };
}

/**
 * Writes `vector` as int8 codes into `codes` at `offset` and returns its scale (0 for a zero
 * vector, whose codes are all 0). Symmetric: code = round(value / scale), scale = max|value| / 127.
 */
export function quantiseInto(vector: ArrayLike<number>, codes: Int8Array, offset: number): number {
  const dims = vector.length;
  let max = 0;
  for (let i = 0; i < dims; i++) {
    const a = Math.abs(vector[i]);
    if (a > max) max = a;
  }
  if (max === 0 || !Number.isFinite(max)) {
    codes.fill(0, offset, offset + dims);
    return 0;
  }
  const inverse = 127 / max;
  for (let i = 0; i < dims; i++) codes[offset + i] = Math.round(vector[i] * inverse);
  return max / 127;
}

/** Quantises every row of a row-major float matrix. */
export function quantiseRows(matrix: Float32Array, dims: number): Int8Rows {
  const rows = emptyInt8Rows(dims === 0 ? 0 : Math.floor(matrix.length / dims), dims);
  for (let r = 0; r < rows.scales.length; r++) rows.scales[r] = quantiseInto(matrix.subarray(r * dims, (r + 1) * dims), rows.codes, r * dims);
  return rows;
}

/** Copies row `from` of `source` into row `to` of `target` as it is (no second rounding). */
export function copyRow(source: Int8Rows, from: number, target: Int8Rows, to: number): void {
  const dims = source.dims;
  target.codes.set(source.codes.subarray(from * dims, (from + 1) * dims), to * dims);
  target.scales[to] = source.scales[from];
}

/** Row `row` back in float (`code × scale`), into `out` when given. */
export function dequantiseRow(rows: VectorRows, row: number, out: Float32Array = new Float32Array(rows.dims)): Float32Array {
  const { dims, codes } = rows;
  const scale = rows.scales[row];
  const base = row * dims;
  for (let i = 0; i < dims; i++) out[i] = codes[base + i] * scale;
  return out;
}

/** `vector` as the index holds it: quantised to int8 and read back. */
export function int8RoundTrip(vector: Float32Array): Float32Array {
  return dequantiseRow(quantiseRows(vector, vector.length), 0);
}

/** Every row back in float, as one row-major matrix. */
export function dequantiseRows(rows: VectorRows): Float32Array {
  const out = new Float32Array(rows.codes.length);
  for (let r = 0; r < rowCount(rows); r++) dequantiseRow(rows, r, out.subarray(r * rows.dims, (r + 1) * rows.dims));
  return out;
}

/** One row of a block of rows: where a chunk's vector is. */
export interface RowRef {
  rows: Int8Rows;
  row: number;
}
