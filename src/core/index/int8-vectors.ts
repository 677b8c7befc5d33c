/**
 * Compact vectors: each vector as 8-bit integers and one float scale (its largest absolute
 * component over 127), a quarter of Float32's bytes plus 4. A 512-d USE vector goes from
 * 2,048 bytes to 516. The query stays in float: a row's score is `scale × Σ code[i] · query[i]`,
 * which is exactly the float dot product with the dequantised row (`code × scale`), so a scan
 * here and a float scan over `dequantiseRows` give the same numbers up to rounding.
 *
 * Rounding to the nearest step costs at most half a step per component: for a unit vector of
 * 512 components the largest is about 0.15-0.25, so a step is about 0.0015 and a cosine moves by
 * a few 1e-4 at most. Whether that changes any ranking is measured, not assumed:
 * `npx tsx bench/vector-quality.bench.ts` compares float and int8 on the evaluation collections.
 */

/** Row-major int8 codes (`rows × dims`) and one scale per row. */
export interface Int8Rows {
  dims: number;
  codes: Int8Array;
  scales: Float32Array;
}

/** How many rows `rows` holds. */
export function rowCount(rows: Int8Rows): number {
  return rows.scales.length;
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
  const rows = dims === 0 ? 0 : Math.floor(matrix.length / dims);
  const codes = new Int8Array(rows * dims);
  const scales = new Float32Array(rows);
  for (let r = 0; r < rows; r++) scales[r] = quantiseInto(matrix.subarray(r * dims, (r + 1) * dims), codes, r * dims);
  return { dims, codes, scales };
}

/** Row `row` back in float (`code × scale`), into `out` when given. */
export function dequantiseRow(rows: Int8Rows, row: number, out = new Float32Array(rows.dims)): Float32Array {
  const { dims, codes } = rows;
  const scale = rows.scales[row];
  const base = row * dims;
  for (let i = 0; i < dims; i++) out[i] = codes[base + i] * scale;
  return out;
}

/** Every row back in float, as one row-major matrix. */
export function dequantiseRows(rows: Int8Rows): Float32Array {
  const out = new Float32Array(rows.codes.length);
  for (let r = 0; r < rowCount(rows); r++) dequantiseRow(rows, r, out.subarray(r * rows.dims, (r + 1) * rows.dims));
  return out;
}

/** The dot product of a float `query` with row `row` (the float dot product with the dequantised row). */
export function dotRow(rows: Int8Rows, row: number, query: Float32Array): number {
  const { dims, codes } = rows;
  const base = row * dims;
  let sum = 0;
  for (let i = 0; i < dims; i++) sum += codes[base + i] * query[i];
  return sum * rows.scales[row];
}

/**
 * The dot product of `query` with every row: the related-notes scan over compact vectors. Four
 * running sums, as in `cosineAgainstRows`, so the multiply-adds overlap.
 */
export function dotAgainstInt8Rows(rows: Int8Rows, query: Float32Array): Float32Array {
  const { dims, codes, scales } = rows;
  const count = rowCount(rows);
  const out = new Float32Array(count);
  const whole = dims - (dims % 4);
  for (let r = 0, base = 0; r < count; r++, base += dims) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i < whole; i += 4) {
      s0 += codes[base + i] * query[i];
      s1 += codes[base + i + 1] * query[i + 1];
      s2 += codes[base + i + 2] * query[i + 2];
      s3 += codes[base + i + 3] * query[i + 3];
    }
    for (; i < dims; i++) s0 += codes[base + i] * query[i];
    out[r] = (s0 + s1 + s2 + s3) * scales[r];
  }
  return out;
}
