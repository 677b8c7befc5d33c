import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sha256Hex } from '../../../src/core/index/sha256';
import { DamagedFileError, openSealedFile, sealFile } from '../../../src/core/index/checksum';
import { decodeFloatShard, decodeVectorShard, encodeVectorShard, vectorsPerShard, MAX_SHARD_BYTES } from '../../../src/core/index/vector-shard-codec';
import { quantiseRows } from '../../../src/core/index/int8-vectors';
import { decodeManifest, encodeManifest } from '../../../src/core/index/manifest-codec';
import { encodeFloatShard } from '../../helpers/float-shards';

test('sha256 matches Node crypto on edge lengths and non-ASCII text', () => {
  for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 100_000]) {
    const data = new Uint8Array(n).map((_, i) => (i * 31 + 7) & 0xff);
    assert.equal(sha256Hex(data), createHash('sha256').update(data).digest('hex'), `length ${n}`);
  }
  assert.equal(sha256Hex('naïve ✓ 日本'), createHash('sha256').update('naïve ✓ 日本', 'utf8').digest('hex'));
});

test('a sealed file opens to its payload; truncation, corruption and a wrong kind are named', () => {
  const payload = new TextEncoder().encode('hello index');
  const sealed = sealFile('notes', payload);
  assert.deepEqual(openSealedFile('notes', sealed), payload);
  assert.throws(() => openSealedFile('notes', sealed.subarray(0, sealed.length - 1)), /truncated/);
  const flipped = sealed.slice();
  flipped[flipped.length - 1] ^= 1;
  assert.throws(() => openSealedFile('notes', flipped), /checksum mismatch/);
  assert.throws(() => openSealedFile('keyword', sealed), /not a keyword file/);
  assert.throws(() => openSealedFile('notes', new Uint8Array(10)), DamagedFileError);
});

test('vector shards round-trip int8 codes and their scales exactly, from unaligned buffers too', () => {
  const ids = ['0123456789abcdef0123456789abcdef', 'ffffffffffffffffffffffffffffffff'];
  const rows = { dims: 3, codes: Int8Array.from([127, -64, 0, -127, 1, 0]), scales: Float32Array.from([0.5 / 127, 3 / 127]) };
  const bytes = encodeVectorShard({ modelId: 'use-lite-512@abc', dims: 3, ids, rows });
  const unaligned = new Uint8Array(bytes.length + 1).subarray(1);
  unaligned.set(bytes);
  for (const b of [bytes, unaligned]) {
    const shard = decodeVectorShard(b);
    assert.deepEqual(shard.ids, ids);
    assert.deepEqual([...shard.rows.codes], [...rows.codes]);
    assert.deepEqual([...shard.rows.scales], [...rows.scales]);
    assert.equal(shard.modelId, 'use-lite-512@abc');
    assert.equal(shard.format, 'int8');
  }
  // 512-d shards stay under the 32 MB cap; int8 holds about four times as many vectors as Float32 did.
  assert.ok(vectorsPerShard(512) * (512 + 4 + 16) < MAX_SHARD_BYTES);
  assert.ok(vectorsPerShard(512) > 3.5 * Math.floor((MAX_SHARD_BYTES - 4096) / (512 * 4 + 16)));
});

test('a decoded shard reads every byte value of its ids back as hex, and its codes are a view on the file, not a copy', () => {
  // 16 ids of 16 bytes hold each byte value 0..255 once.
  const hex = (b: number): string => b.toString(16).padStart(2, '0');
  const ids = Array.from({ length: 16 }, (_, i) => Array.from({ length: 16 }, (_, j) => hex(i * 16 + j)).join(''));
  const rows = quantiseRows(Float32Array.from({ length: 16 * 4 }, (_, i) => i / 7 - 3), 4);
  const bytes = encodeVectorShard({ modelId: 'm', dims: 4, ids, rows });
  const shard = decodeVectorShard(bytes);
  assert.deepEqual(shard.ids, ids);
  assert.deepEqual([...shard.rows.codes], [...rows.codes]);
  assert.equal(shard.rows.codes.buffer, bytes.buffer, 'the codes share the bytes read from disk');
  // The checksum is still checked before anything is trusted.
  const flipped = bytes.slice();
  flipped[flipped.length - 1] ^= 1;
  assert.throws(() => decodeVectorShard(flipped), /checksum mismatch/);
});

test('a float shard of an earlier version is read as it was saved and quantised as the index holds it', () => {
  const ids = ['0123456789abcdef0123456789abcdef', 'ffffffffffffffffffffffffffffffff'];
  const vectors = Float32Array.from([0.5, -0.25, 1e-7, 3, -0, 0.1]);
  const bytes = encodeFloatShard({ modelId: 'use-lite-512@abc', dims: 3, ids, vectors });
  const unaligned = new Uint8Array(bytes.length + 1).subarray(1);
  unaligned.set(bytes);
  for (const b of [bytes, unaligned]) {
    assert.deepEqual([...decodeFloatShard(b).vectors], [...vectors], 'the floats exactly');
    const shard = decodeVectorShard(b);
    assert.equal(shard.format, 'float32');
    assert.deepEqual(shard.ids, ids);
    assert.deepEqual(shard.rows, quantiseRows(vectors, 3));
  }
  const flipped = bytes.slice();
  flipped[flipped.length - 1] ^= 1;
  assert.throws(() => decodeVectorShard(flipped), /checksum mismatch/);
  assert.throws(() => decodeVectorShard(sealFile('notes', new Uint8Array(16))), /not a vecint8 file/);
});

test('a manifest with fields missing is damaged, not trusted', () => {
  const good = { format: 1, chunkerVersion: 1, modelId: null, dims: 0, files: {} };
  assert.deepEqual(decodeManifest(encodeManifest(good)), good);
  const bad = sealFile('manifest', new TextEncoder().encode('{"format":1}'));
  assert.throws(() => decodeManifest(bad), /fields are missing/);
});

test("note records keep their lines' hashes, and a record whose hashes are not numbers is damaged", async () => {
  const { decodeNoteRecords, encodeNoteRecords } = await import('../../../src/core/index/note-record');
  const record = { path: 'a.md', mtime: 1, size: 2, hash: 'h', title: 'A', folder: '', tags: [], frontMatter: {}, linkTargets: [], chunks: [], lines: [3, 9], blanked: [9] };
  assert.deepEqual(decodeNoteRecords(encodeNoteRecords([record])), [record]);
  const { lines: _lines, blanked: _blanked, ...earlier } = record;
  assert.deepEqual(decodeNoteRecords(encodeNoteRecords([earlier])), [earlier], 'a record of an earlier Kindred has none');
  // Records in the JSON of an earlier Kindred are checked as they are read.
  const asJson = (records: unknown[]) => sealFile('notes', new TextEncoder().encode(JSON.stringify(records)));
  assert.deepEqual(decodeNoteRecords(asJson([record])), [record]);
  assert.throws(() => decodeNoteRecords(asJson([{ ...record, lines: 'abc' }])), /malformed/);
  assert.throws(() => decodeNoteRecords(asJson([{ ...record, blanked: ['x'] }])), /malformed/);
});
