import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuseScores, minMaxNormalise, zScoreNormalise } from '../../../src/core/rank/fuse-scores';

const keyword = [
  { path: 'a', score: 12 },
  { path: 'b', score: 6 },
  { path: 'c', score: 2 },
];
const vector = [
  { path: 'c', score: 0.9 },
  { path: 'd', score: 0.8 },
  { path: 'a', score: 0.5 },
];

test('min-max scales a list to [0, 1]; equal scores all become 1', () => {
  assert.deepEqual(minMaxNormalise(keyword).map((h) => h.score), [1, 0.4, 0]);
  assert.deepEqual(minMaxNormalise([{ path: 'x', score: 3 }, { path: 'y', score: 3 }]).map((h) => h.score), [1, 1]);
});

test('z-score centres a list on 0 with standard deviation 1', () => {
  const z = zScoreNormalise(keyword).map((h) => h.score);
  assert.ok(Math.abs(z.reduce((s, v) => s + v, 0)) < 1e-9);
  assert.ok(Math.abs(Math.sqrt(z.reduce((s, v) => s + v * v, 0) / z.length) - 1) < 1e-9);
});

test('z-scores: a lone keyword hit still counts, lifting its note above one the other side scores the same', () => {
  // A rare word only one note holds: its list has no spread, yet that note matched and the others did not.
  assert.deepEqual(zScoreNormalise([{ path: 'x', score: 3 }, { path: 'y', score: 3 }]).map((h) => h.score), [1, 1]);
  const semantic = [
    { path: 'c', score: 0.9 },
    { path: 'e', score: 0.6 },
    { path: 'rare', score: 0.6 },
  ];
  const fused = fuseScores([[{ path: 'rare', score: 7 }], semantic], { method: 'zscore', weights: [0.5, 0.5] });
  assert.ok(fused.findIndex((h) => h.path === 'rare') < fused.findIndex((h) => h.path === 'e'));
});

test('reciprocal rank fusion rewards notes ranked high in both lists, ignoring score scales', () => {
  const fused = fuseScores([keyword, vector], { method: 'rrf', k: 60 });
  // a is 1st and 3rd, c is 3rd and 1st: tied, ahead of b and d which appear once.
  assert.deepEqual(fused.map((h) => h.path).slice(0, 2).sort(), ['a', 'c']);
  assert.ok(Math.abs(fused[0].score - (1 / 61 + 1 / 63)) < 1e-12);
  assert.equal(fused.length, 4);
});

test('a weighted min-max sum follows the weights: all weight on one list reproduces its order', () => {
  assert.deepEqual(
    fuseScores([keyword, vector], { method: 'minmax', weights: [1, 0] }).slice(0, 3).map((h) => h.path),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(
    fuseScores([keyword, vector], { method: 'minmax', weights: [0, 1] }).slice(0, 2).map((h) => h.path),
    ['c', 'd'],
  );
  // Unlike Orama, a zero weight really is zero (it does not fall back to 0.5/0.5), and equal
  // weights give a: 0.5·1 + 0.5·0, c: 0.5·0 + 0.5·1, d: 0.5·0.75, b: 0.5·0.4.
  const half = fuseScores([keyword, vector], { method: 'minmax', weights: [0.5, 0.5] });
  assert.deepEqual(half.map((h) => [h.path, Math.round(h.score * 1e9) / 1e9]), [['a', 0.5], ['c', 0.5], ['d', 0.375], ['b', 0.2]]);
});

test('max normalisation (Orama\'s hybrid) divides by the best score and keeps zero at zero', () => {
  const fused = fuseScores([keyword, vector], { method: 'max', weights: [0.5, 0.5] });
  const a = fused.find((h) => h.path === 'a')!;
  assert.ok(Math.abs(a.score - (0.5 * 1 + 0.5 * (0.5 / 0.9))) < 1e-12);
  assert.equal(fused.find((h) => h.path === 'b')!.score, 0.25);
});

test('a note missing from a list gets that list\'s floor, not a free pass', () => {
  const fused = fuseScores([keyword, vector], { method: 'zscore', weights: [1, 1] });
  const d = fused.find((h) => h.path === 'd')!;
  const zKeyword = zScoreNormalise(keyword);
  const zVector = zScoreNormalise(vector);
  const floor = Math.min(...zKeyword.map((h) => h.score));
  assert.ok(Math.abs(d.score - (floor + zVector.find((h) => h.path === 'd')!.score)) < 1e-12);
});

test('a weight count that does not match the lists is an error, not a silent default', () => {
  assert.throws(() => fuseScores([keyword, vector], { method: 'minmax', weights: [1] }), /2 lists but 1 weights/);
});
