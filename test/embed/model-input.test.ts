import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchesByLength, paddedWidth } from '../../src/embed/model-input';

test('batchesByLength groups items of neighbouring length, longest first, and covers every index once', () => {
  assert.deepEqual(batchesByLength([5, 300, 20, 290, 7], 2), [[1, 3], [2, 4], [0]]);
  assert.deepEqual(batchesByLength([5, 300, 20], 2, false), [[0, 1], [2]], 'unsorted keeps the input order');
  assert.deepEqual(batchesByLength([4, 4, 4], 2), [[0, 1], [2]], 'ties keep their order');
  assert.deepEqual(batchesByLength([], 16), []);
});

test('a text runs at a width set by its own length: steps of 32 tokens, at most the 128 the model reads', () => {
  assert.deepEqual([1, 32, 33, 64, 65, 100, 128, 400].map(paddedWidth), [32, 32, 64, 64, 96, 128, 128, 128]);
});
