/**
 * Cosine similarity for the L2-normalised vectors the index keeps: a plain dot product.
 * Kept in one place so every ranking path scores vectors the same way.
 */

/** Cosine of two L2-normalised vectors of the same length. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/**
 * Cosine of `query` against every row of a row-major matrix of `rows × query.length` values.
 * One flat loop, no allocation per row: this is the hot path of a related-notes call.
 */
export function cosineAgainstRows(matrix: Float32Array, query: Float32Array): Float32Array {
  const dims = query.length;
  const rows = dims === 0 ? 0 : Math.floor(matrix.length / dims);
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    const base = r * dims;
    for (let i = 0; i < dims; i++) sum += matrix[base + i] * query[i];
    out[r] = sum;
  }
  return out;
}

/** The normalised mean of some vectors (a note vector from its chunk vectors); `null` for none. */
export function meanVector(vectors: Float32Array[]): Float32Array | null {
  if (vectors.length === 0) return null;
  const out = new Float32Array(vectors[0].length);
  for (const v of vectors) for (let i = 0; i < out.length; i++) out[i] += v[i];
  let norm = 0;
  for (const x of out) norm += x * x;
  norm = Math.sqrt(norm);
  if (norm === 0) return null;
  for (let i = 0; i < out.length; i++) out[i] /= norm;
  return out;
}
