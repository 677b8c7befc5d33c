import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mean, ndcgAtK, recallAtK } from '../../../src/core/eval/ranking-metrics';

const relevant = new Set(['a', 'b']);

test('recall@k counts the relevant items found in the first k', () => {
  assert.equal(recallAtK(['a', 'x', 'b'], relevant, 2), 0.5);
  assert.equal(recallAtK(['a', 'x', 'b'], relevant, 3), 1);
  assert.equal(recallAtK([], relevant, 10), 0);
  assert.equal(recallAtK(['a'], new Set(), 10), 0);
});

test('nDCG@k is 1 for a perfect ranking and rewards hits near the top', () => {
  assert.equal(ndcgAtK(['a', 'b', 'x'], relevant, 10), 1);
  assert.equal(ndcgAtK(['b', 'a'], relevant, 10), 1);
  const early = ndcgAtK(['a', 'x', 'y', 'b'], relevant, 10);
  const late = ndcgAtK(['x', 'y', 'a', 'b'], relevant, 10);
  assert.ok(early > late && late > 0);
  // One hit at rank 2 out of two relevant: (1/log2 3) / (1 + 1/log2 3).
  const expected = 1 / Math.log2(3) / (1 + 1 / Math.log2(3));
  assert.ok(Math.abs(ndcgAtK(['x', 'a'], relevant, 10) - expected) < 1e-12);
  assert.equal(ndcgAtK(['x', 'y', 'a'], relevant, 2), 0, 'a hit past k does not count');
});

test('graded nDCG weighs each hit by its grade against the best order of the grades', () => {
  const grades = new Map([['a', 2], ['b', 1]]);
  assert.equal(ndcgAtK(['a', 'b'], relevant, 10, grades), 1);
  const swapped = (1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3));
  assert.ok(Math.abs(ndcgAtK(['b', 'a'], relevant, 10, grades) - swapped) < 1e-12);
});

test('mean of nothing is 0', () => {
  assert.equal(mean([]), 0);
  assert.equal(mean([1, 2]), 1.5);
});
