import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNoteMatrix, chunkRows, noteVector, withRowRecomputed } from '../../../src/core/index/note-matrix';

const unit = (...xs: number[]) => {
  const n = Math.hypot(...xs);
  return Float32Array.from(xs.map((x) => x / n));
};

test('noteVector is normalised, and null for nothing or for vectors that cancel out', () => {
  const m = noteVector([unit(1, 0), unit(0, 1)])!;
  assert.ok(Math.abs(Math.hypot(...m) - 1) < 1e-6);
  assert.ok(Math.abs(m[0] - m[1]) < 1e-6);
  assert.equal(noteVector([]), null);
  assert.equal(noteVector([unit(1, 0), unit(-1, 0)]), null);
});

const vectors = new Map([
  ['a1', unit(1, 0, 0)],
  ['a2', unit(0, 1, 0)],
  ['b1', unit(0, 0, 1)],
  ['c1', unit(1, 0, 0)],
  ['c2', unit(-1, 0, 0)],
]);
const chunks: Record<string, string[]> = { 'a.md': ['a1', 'a2'], 'b.md': ['b1'], 'c.md': ['c1', 'c2'], 'd.md': ['b1', 'missing'], 'e.md': [] };
const vectorOf = (id: string) => vectors.get(id);

test('chunkRows gives every chunk vector of a note, or null when one is missing or there are none', () => {
  assert.deepEqual(chunkRows(chunks['a.md'], vectorOf), [vectors.get('a1'), vectors.get('a2')]);
  assert.equal(chunkRows(chunks['d.md'], vectorOf), null);
  assert.equal(chunkRows([], vectorOf), null);
});

test('the note matrix has a row per note with a vector, in the order given, each row the note vector', () => {
  const matrix = buildNoteMatrix(['a.md', 'b.md', 'c.md', 'd.md', 'e.md'], (p) => chunks[p], vectorOf, 3);
  // c.md's chunks cancel out (no direction: no vector), d.md lacks one, e.md has no chunks.
  assert.deepEqual(matrix.paths, ['a.md', 'b.md']);
  assert.equal(matrix.vectors.length, 2 * 3);
  assert.deepEqual([...matrix.vectors.subarray(0, 3)], [...noteVector([vectors.get('a1')!, vectors.get('a2')!])!]);
  assert.deepEqual([...matrix.vectors.subarray(3, 6)], [...vectors.get('b1')!]);
});

test('a row recomputed is a copy: the matrix handed out before is unchanged; a note with no row means a rebuild', () => {
  const matrix = buildNoteMatrix(['a.md', 'b.md'], (p) => chunks[p], vectorOf, 3);
  const before = [...matrix.vectors];
  const after = withRowRecomputed(matrix, 'b.md', [unit(1, 1, 0)], 3)!;
  assert.deepEqual([...matrix.vectors], before);
  assert.deepEqual([...after.vectors.subarray(3, 6)], [...unit(1, 1, 0)]);
  assert.deepEqual([...after.vectors.subarray(0, 3)], before.slice(0, 3));
  assert.equal(withRowRecomputed(matrix, 'z.md', [unit(1, 0, 0)], 3), null, 'not in the matrix');
  assert.equal(withRowRecomputed(matrix, 'b.md', null, 3), null, 'no vector now');
  assert.equal(withRowRecomputed(matrix, 'b.md', [unit(1, 0, 0), unit(-1, 0, 0)], 3), null, 'cancels out now');
});
