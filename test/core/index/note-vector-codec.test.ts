import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DamagedFileError } from '../../../src/core/index/checksum';
import { quantiseRows } from '../../../src/core/index/int8-vectors';
import { decodeNoteVectors, encodeNoteVectors, noteVectorKey } from '../../../src/core/index/note-vector-codec';
import { fnv1a32 } from '../../../src/core/index/fnv1a';

const noBreath = () => Promise.resolve();

function bucket() {
  const rows = quantiseRows(Float32Array.from([0.6, 0.8, 0, 0, 0, 0, -1, 0, 0]), 3);
  // The second note has no vector yet: scale 0, codes 0.
  rows.scales[1] = 0;
  return { modelId: 'use-lite-512', dims: 3, keys: Uint32Array.from([7, 8, 9]), rows };
}

test('note vectors come back as saved: model, keys, codes and scales, a missing vector as scale 0', async () => {
  const saved = bucket();
  const back = decodeNoteVectors(await encodeNoteVectors(saved, noBreath));
  assert.equal(back.modelId, 'use-lite-512');
  assert.equal(back.dims, 3);
  assert.deepEqual([...back.keys], [7, 8, 9]);
  assert.deepEqual([...back.rows.codes], [...saved.rows.codes]);
  assert.deepEqual([...back.rows.scales], [...saved.rows.scales]);
});

test('a damaged, truncated or foreign note-vector file is refused, never half read', async () => {
  const bytes = await encodeNoteVectors(bucket(), noBreath);
  const flipped = bytes.slice();
  flipped[bytes.length - 2] ^= 0xff;
  assert.throws(() => decodeNoteVectors(flipped), DamagedFileError);
  for (const cut of [0, 10, 40, bytes.length - 1]) assert.throws(() => decodeNoteVectors(bytes.slice(0, cut)), DamagedFileError, `cut at ${cut}`);
  assert.throws(() => encodeNoteVectors({ ...bucket(), keys: Uint32Array.from([1]) }, noBreath), /disagree/);
});

test("a note's key changes with its path and with any of its chunk ids, and with their order", () => {
  const chunk = (id: string) => ({ id, headingPath: [], start: 0, end: 1 });
  const key = noteVectorKey({ path: 'a.md', chunks: [chunk('x'), chunk('y')] });
  assert.equal(noteVectorKey({ path: 'a.md', chunks: [chunk('x'), chunk('y')] }), key);
  assert.notEqual(noteVectorKey({ path: 'b.md', chunks: [chunk('x'), chunk('y')] }), key);
  assert.notEqual(noteVectorKey({ path: 'a.md', chunks: [chunk('x'), chunk('z')] }), key);
  assert.notEqual(noteVectorKey({ path: 'a.md', chunks: [chunk('y'), chunk('x')] }), key);
  assert.notEqual(noteVectorKey({ path: 'a.md', chunks: [chunk('x')] }), key);
});

test('a note key is the FNV-1a of its path and chunk ids joined by newlines', () => {
  const chunk = (id: string) => ({ id, headingPath: [], start: 0, end: 1 });
  const record = { path: 'Essays/ä río.md', chunks: [chunk('0123456789abcdef0123456789abcdef'), chunk('fedcba9876543210fedcba9876543210')] };
  assert.equal(noteVectorKey(record), fnv1a32(['Essays/ä río.md', ...record.chunks.map((c) => c.id)].join('\n')));
});
