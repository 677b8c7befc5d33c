import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestScored } from '../../../src/core/index/best-scored';

test('the best notes across buckets, best first, equal scores by path, unscored and refused notes left out', () => {
  // Bucket 0 holds a, b, c (ids 1-3); bucket 1 holds d, e (ids 1-2). Id 0 is never a note.
  const scores = [Float64Array.from([0, 0.5, 0, 0.9]), Float64Array.from([0, 0.5, 0.7])];
  const ids = [['a', 'b', 'c'], ['d', 'e']];
  assert.deepEqual(bestScored(scores, ids, 3, () => true), [
    { path: 'c', score: 0.9 },
    { path: 'e', score: 0.7 },
    { path: 'a', score: 0.5 },
  ]);
  assert.deepEqual(bestScored(scores, ids, 10, (path) => path !== 'c').map((h) => h.path), ['e', 'a', 'd']);
  assert.deepEqual(bestScored(scores, ids, 0, () => true), []);
});
