import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dequantiseRow, quantiseRows, type RowRef } from '../../../src/core/index/int8-vectors';
import { buildNoteMatrix, chunkRows, noteVector, noteVectorOfRows, withRowsOf } from '../../../src/core/index/note-matrix';

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

/** Chunk vectors as the index holds them: int8 rows, one block for all. */
const floats = new Map([
  ['a1', unit(1, 0, 0)],
  ['a2', unit(0, 1, 0)],
  ['b1', unit(0.3, 0.2, 1)],
  ['c1', unit(1, 0, 0)],
  ['c2', unit(-1, 0, 0)],
]);
const block = quantiseRows(Float32Array.from([...floats.values()].flatMap((v) => [...v])), 3);
const rows = new Map<string, RowRef>([...floats.keys()].map((id, row) => [id, { rows: block, row }]));
const chunks: Record<string, string[]> = { 'a.md': ['a1', 'a2'], 'b.md': ['b1'], 'c.md': ['c1', 'c2'], 'd.md': ['b1', 'missing'], 'e.md': [] };
const rowOf = (id: string) => rows.get(id);
/** What a chunk's vector reads back as: its int8 row dequantised. */
const readBack = (id: string) => dequantiseRow(block, rows.get(id)!.row);
const quantised = (v: Float32Array) => quantiseRows(v, v.length);

test('chunkRows gives where every chunk vector of a note is, or null when one is missing or there are none', () => {
  assert.deepEqual(chunkRows(chunks['a.md'], rowOf), [rows.get('a1'), rows.get('a2')]);
  assert.equal(chunkRows(chunks['d.md'], rowOf), null);
  assert.equal(chunkRows([], rowOf), null);
});

test('a note vector from int8 rows is the normalised mean of the rows read back in float', () => {
  assert.deepEqual(noteVectorOfRows(chunkRows(chunks['a.md'], rowOf)!), noteVector([readBack('a1'), readBack('a2')]));
  assert.equal(noteVectorOfRows(chunkRows(chunks['c.md'], rowOf)!), null, 'rows that cancel out');
  assert.equal(noteVectorOfRows([]), null);
});

test('the note matrix has a row per note with a vector, in the order given, each row the note vector quantised', () => {
  const matrix = buildNoteMatrix(['a.md', 'b.md', 'c.md', 'd.md', 'e.md'], (p) => chunks[p], rowOf, 3);
  // c.md's chunks cancel out (no direction: no vector), d.md lacks one, e.md has no chunks.
  assert.deepEqual(matrix.paths, ['a.md', 'b.md']);
  const a = quantised(noteVector([readBack('a1'), readBack('a2')])!);
  const b = quantised(noteVector([readBack('b1')])!);
  assert.deepEqual([...matrix.vectors.codes], [...a.codes, ...b.codes]);
  assert.deepEqual([...matrix.vectors.scales], [...a.scales, ...b.scales]);
});

test('a row recomputed is a copy: the matrix handed out before is unchanged', () => {
  const matrix = buildNoteMatrix(['a.md', 'b.md'], (p) => chunks[p], rowOf, 3);
  const before = { codes: [...matrix.vectors.codes], scales: [...matrix.vectors.scales] };
  const after = withRowsOf(matrix, ['b.md'], () => [rows.get('a2')!], 3);
  assert.deepEqual({ codes: [...matrix.vectors.codes], scales: [...matrix.vectors.scales] }, before);
  const a2 = quantised(noteVector([readBack('a2')])!);
  assert.deepEqual([...after.vectors.codes.subarray(3, 6)], [...a2.codes]);
  assert.equal(after.vectors.scales[1], a2.scales[0]);
  assert.deepEqual([...after.vectors.codes.subarray(0, 3)], before.codes.slice(0, 3));
  assert.equal(after.vectors.scales[0], before.scales[0]);
});

test('notes added, removed or left without a vector change their own rows only, as a rebuild would make them, one at a time or many at once', () => {
  // Notes come and go in a random order; after each batch the matrix equals one built from scratch.
  const present = new Map<string, string[]>();
  const pool: Record<string, string[]> = { ...chunks, 'aa.md': ['b1', 'a1'], 'f.md': ['a2'], '0.md': ['c1'], 'zz.md': ['a1'] };
  const names = Object.keys(pool);
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const rowsNow = (path: string) => {
    const ids = present.get(path);
    return ids ? chunkRows(ids, rowOf) : null;
  };
  let matrix = buildNoteMatrix([], () => [], rowOf, 3);
  for (let step = 0; step < 200; step++) {
    const batch = new Set<string>();
    for (let n = 1 + Math.floor(random() * 4); n > 0; n--) {
      const path = names[Math.floor(random() * names.length)];
      if (present.has(path) && random() < 0.5) present.delete(path);
      else present.set(path, pool[path]);
      batch.add(path);
    }
    matrix = withRowsOf(matrix, batch, rowsNow, 3);
    const rebuilt = buildNoteMatrix([...present.keys()].sort(), (p) => present.get(p)!, rowOf, 3);
    assert.deepEqual(matrix.paths, rebuilt.paths, `step ${step}`);
    assert.deepEqual([...matrix.vectors.codes], [...rebuilt.vectors.codes], `step ${step}`);
    assert.deepEqual([...matrix.vectors.scales], [...rebuilt.vectors.scales], `step ${step}`);
  }
  assert.ok(matrix.paths.length > 0, 'the walk ends with notes in the matrix');
});
