import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeBatch, l2Normalise } from '../../src/embed/use-embedder';
import { backendOrder } from '../../src/embed/choose-backend';

test('encodeBatch lays token ids out as USE-lite sparse (row, position) pairs', () => {
  const batch = encodeBatch([[7, 8], [], [9]]);
  assert.deepEqual([...batch.indices], [0, 0, 0, 1, 2, 0]);
  assert.deepEqual([...batch.values], [7, 8, 9]);
  assert.equal(batch.rows, 3);
});

test('l2Normalise scales to unit length and leaves a zero vector alone', () => {
  const v = l2Normalise(new Float32Array([3, 4]));
  assert.deepEqual([...v], [0.6000000238418579, 0.800000011920929]);
  assert.deepEqual([...l2Normalise(new Float32Array(3))], [0, 0, 0]);
});

test('backendOrder puts the chosen backend first and skips ones that are not available', () => {
  assert.deepEqual(backendOrder('auto', ['webgl', 'wasm', 'cpu']), ['webgl', 'wasm', 'cpu']);
  assert.deepEqual(backendOrder('cpu', ['webgl', 'wasm', 'cpu']), ['cpu', 'webgl', 'wasm']);
  assert.deepEqual(backendOrder('auto', ['wasm', 'cpu']), ['wasm', 'cpu']);
  assert.deepEqual(backendOrder('webgl', ['wasm', 'cpu']), ['wasm', 'cpu']);
});
