/**
 * Runs USE-lite's attention products on the SIMD kernels of simd-batch-matmul.ts instead of tfjs's
 * scalar loop. The graph's `BatchMatMul` nodes (only the attention has them; its dense layers are
 * `MatMul`, which XNNPACK already runs) are renamed to a custom op before the graph is built, and
 * that op is registered with tfjs-converter (`registerOp`, its documented way to run a node by
 * other code). The weights are untouched; a product the kernels cannot take (a transposed left
 * side, sizes not a multiple of the SIMD width, no WebAssembly SIMD) goes to `tf.matMul` as before.
 * Tested against the unchanged graph: the same vectors within 1e-5.
 */
import * as tf from '@tensorflow/tfjs-core';
import { registerOp } from '@tensorflow/tfjs-converter';
import { loadSimdBatchMatMul, type SimdBatchMatMul } from './simd-batch-matmul';

/** The name the attention's product nodes are given. */
export const SIMD_BATCH_MATMUL_OP = 'KindredSimdBatchMatMul';

interface GraphNode {
  op: string;
}

let kernels: SimdBatchMatMul | null | undefined;

function attr(attrs: Record<string, unknown>, ...names: string[]): boolean {
  return names.some((n) => attrs[n] === true);
}

/** One product, on the kernels where they apply. */
function batchMatMul(a: tf.Tensor, b: tf.Tensor, adjX: boolean, adjY: boolean): tf.Tensor {
  const rank = a.rank;
  const batchShape = a.shape.slice(0, -2);
  const sameBatches = b.rank === rank && b.shape.slice(0, -2).every((d, i) => d === batchShape[i]);
  const [rows, inner] = a.shape.slice(-2);
  const cols = adjY ? b.shape[rank - 2] : b.shape[rank - 1];
  const fits = adjY ? inner % 8 === 0 : cols % 4 === 0;
  if (!kernels || adjX || rank < 3 || !sameBatches || !fits || a.dtype !== 'float32' || b.dtype !== 'float32') {
    return tf.matMul(a, b, adjX, adjY);
  }
  const batches = batchShape.reduce((p, d) => p * d, 1);
  const av = a.dataSync() as Float32Array;
  const bv = b.dataSync() as Float32Array;
  const out = adjY ? kernels.nt(av, bv, batches, rows, inner, cols) : kernels.nn(av, bv, batches, rows, inner, cols);
  return tf.tensor(out, [...batchShape, rows, cols], 'float32');
}

/**
 * Points the `BatchMatMul` nodes of a graph topology (model.json's `modelTopology`) at the SIMD
 * kernels, in place; returns how many it changed (0 where WebAssembly SIMD is missing: the graph
 * then runs as it came).
 */
export function routeBatchMatMulsToSimd(topology: { node?: GraphNode[] }): number {
  if (kernels === undefined) {
    kernels = loadSimdBatchMatMul();
    if (kernels) {
      registerOp(SIMD_BATCH_MATMUL_OP, (node) => {
        const [a, b] = node.inputs;
        return batchMatMul(a, b, attr(node.attrs, 'adj_x', 'transpose_a'), attr(node.attrs, 'adj_y', 'transpose_b'));
      });
    }
  }
  if (!kernels) return 0;
  let changed = 0;
  for (const node of topology.node ?? []) {
    if (node.op === 'BatchMatMul' || node.op === 'BatchMatMulV2') {
      node.op = SIMD_BATCH_MATMUL_OP;
      changed++;
    }
  }
  return changed;
}
