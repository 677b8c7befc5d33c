import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadSimdBatchMatMul, simdBatchMatMulModule } from '../../src/embed/simd-batch-matmul';
import { routeBatchMatMulsToSimd, SIMD_BATCH_MATMUL_OP } from '../../src/embed/fast-attention';

let seed = 3;
const random = (n: number): Float32Array => Float32Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);

/** The plain triple loop: C[b][i][j] = Σ A[b][i][k] · (B[b][j][k] when transposed, else B[b][k][j]). */
function reference(a: Float32Array, b: Float32Array, batches: number, rows: number, inner: number, cols: number, transposed: boolean): Float32Array {
  const out = new Float32Array(batches * rows * cols);
  for (let n = 0; n < batches; n++)
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        let sum = 0;
        for (let k = 0; k < inner; k++) sum += a[(n * rows + i) * inner + k] * b[transposed ? (n * cols + j) * inner + k : (n * inner + k) * cols + j];
        out[(n * rows + i) * cols + j] = sum;
      }
  return out;
}

const maxDiff = (x: Float32Array, y: Float32Array): number => {
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  return max;
};

test('the module is valid WebAssembly with SIMD here (Node 20), and loads', () => {
  assert.ok(WebAssembly.validate(simdBatchMatMulModule()));
  assert.ok(loadSimdBatchMatMul());
});

test('nt and nn give the plain triple loop, for the attention sizes and odd ones', () => {
  const kernels = loadSimdBatchMatMul()!;
  for (const [batches, rows, inner, cols] of [[3, 5, 16, 8], [2, 128, 64, 128], [1, 1, 8, 4], [4, 7, 24, 12]]) {
    const a = random(batches * rows * inner);
    const bt = random(batches * cols * inner);
    const bn = random(batches * inner * cols);
    assert.ok(maxDiff(kernels.nt(a, bt, batches, rows, inner, cols), reference(a, bt, batches, rows, inner, cols, true)) < 1e-4);
    assert.ok(maxDiff(kernels.nn(a, bn, batches, rows, inner, cols), reference(a, bn, batches, rows, inner, cols, false)) < 1e-4);
  }
});

test('a call with more data than the memory holds grows it, and a smaller one after still works', () => {
  const kernels = loadSimdBatchMatMul()!;
  const big = [8, 128, 128, 128] as const;
  const a = random(big[0] * big[1] * big[2]);
  const b = random(big[0] * big[3] * big[2]);
  assert.ok(maxDiff(kernels.nt(a, b, ...big), reference(a, b, ...big, true)) < 1e-3);
  const small = random(8);
  assert.deepEqual([...kernels.nn(Float32Array.of(2), Float32Array.of(1, 2, 3, 4), 1, 1, 1, 4)], [2, 4, 6, 8]);
  assert.equal(kernels.nt(small, small, 1, 1, 8, 1).length, 1);
});

test('sizes the kernels cannot take are refused, not computed wrong', () => {
  const kernels = loadSimdBatchMatMul()!;
  assert.throws(() => kernels.nt(random(12), random(12), 1, 2, 6, 2), /multiple of 8/);
  assert.throws(() => kernels.nn(random(6), random(6), 1, 2, 3, 2), /multiple of 4/);
  assert.throws(() => kernels.nn(random(5), random(8), 1, 2, 2, 4), /do not match/);
});

test('only BatchMatMul nodes are routed to the kernels; the dense MatMul nodes stay with XNNPACK', () => {
  const topology = { node: [{ op: 'BatchMatMul' }, { op: 'MatMul' }, { op: 'BatchMatMulV2' }, { op: 'Softmax' }] };
  assert.equal(routeBatchMatMulsToSimd(topology), 2);
  assert.deepEqual(topology.node.map((n) => n.op), [SIMD_BATCH_MATMUL_OP, 'MatMul', SIMD_BATCH_MATMUL_OP, 'Softmax']);
});
