import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosine, cosineAgainstRows } from '../../../src/core/rank/cosine';
import { topKIndexes } from '../../../src/core/rank/top-k';
import { floatRows } from '../../../src/core/index/int8-vectors';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

test('cosine of unit vectors is their dot product: 1 for the same, 0 for orthogonal, -1 for opposite', () => {
  assert.equal(cosine(unit(1, 0), unit(1, 0)), 1);
  assert.equal(cosine(unit(1, 0), unit(0, 1)), 0);
  assert.equal(cosine(unit(1, 0), unit(-1, 0)), -1);
});

test('cosineAgainstRows scores every row of a flat matrix (float rows: every scale 1)', () => {
  const matrix = floatRows(Float32Array.from([...unit(1, 0), ...unit(0, 1), ...unit(1, 1)]), 2);
  const scores = cosineAgainstRows(matrix, unit(1, 0));
  assert.deepEqual([...scores].map((s) => Math.round(s * 1000) / 1000), [1, 0, 0.707]);
});

test('cosineAgainstRows agrees with cosine row by row, whatever the dimension (the loop takes four at a time)', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
  for (const dims of [1, 3, 4, 7, 512]) {
    const rows = Array.from({ length: 9 }, () => Float32Array.from({ length: dims }, random));
    const matrix = new Float32Array(rows.length * dims);
    rows.forEach((row, r) => matrix.set(row, r * dims));
    const query = Float32Array.from({ length: dims }, random);
    const scores = cosineAgainstRows(floatRows(matrix, dims), query);
    assert.equal(scores.length, rows.length);
    rows.forEach((row, r) => assert.ok(Math.abs(scores[r] - cosine(row, query)) < 1e-4, `${dims}-d row ${r}`));
  }
});

test('topKIndexes keeps the k best, best first, and honours skip', () => {
  const scores = [0.1, 0.9, 0.5, 0.7, 0.3];
  assert.deepEqual(topKIndexes(scores, 3).map((s) => s.item), [1, 3, 2]);
  assert.deepEqual(topKIndexes(scores, 2, (i) => i === 1).map((s) => s.item), [3, 2]);
  assert.deepEqual(topKIndexes(scores, 0), []);
  assert.equal(topKIndexes(scores, 10).length, 5);
});
