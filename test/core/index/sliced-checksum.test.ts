import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Checksum64, checksum64, openSealedFile, openSealedFileInSlices, sealFile, sealFileInSlices } from '../../../src/core/index/checksum';
import { decodeVectorShard, decodeVectorShardInSlices, encodeVectorShard, encodeVectorShardInSlices } from '../../../src/core/index/vector-shard-codec';
import { emptyInt8Rows, quantiseRows } from '../../../src/core/index/int8-vectors';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sample = (n: number): Uint8Array => new Uint8Array(n).map((_, i) => (i * 131 + 17) & 0xff);

test('checksum64 keeps the digests of index files already on disk (format pin)', () => {
  // Computed with the one-shot checksum every existing index was sealed with.
  const pinned: Record<number, string> = { 0: '28c2b6eb0f7772cb', 1: '23b2bf8e2fdd3630', 3: '8b19f793fb6a1877', 4: 'bc0ef34e8ddd511e', 7: '61c084a4f7b468ad', 1000: 'fe1f30357eff25e2', 65537: '8684b82dc5058653' };
  for (const [n, digest] of Object.entries(pinned)) assert.equal(hex(checksum64(sample(Number(n)))), digest, `length ${n}`);
});

test('Checksum64 gives the same digest however the bytes are cut, at any alignment', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 8 }), fc.nat(3), (data, cuts, shift) => {
      // Shifting the bytes inside a larger buffer exercises unaligned views.
      const buffer = new Uint8Array(data.length + shift);
      buffer.set(data, shift);
      const bytes = buffer.subarray(shift);
      const sum = new Checksum64();
      let at = 0;
      for (const cut of [...cuts].sort((a, b) => a - b)) {
        const to = Math.min(cut, bytes.length);
        if (to < at) continue;
        sum.update(bytes.subarray(at, to));
        at = to;
      }
      sum.update(bytes.subarray(at));
      assert.equal(hex(sum.digest()), hex(checksum64(data)));
    }),
  );
});

test('sealing in slices writes the very bytes sealFile writes, and lets the caller breathe between slices', async () => {
  const payload = sample(10_000 + 3);
  let breaths = 0;
  const sealed = await sealFileInSlices('keyword', payload, () => Promise.resolve(void breaths++), 1024);
  assert.deepEqual(sealed, sealFile('keyword', payload));
  assert.equal(breaths, Math.ceil(payload.length / 1024));
  assert.deepEqual(openSealedFile('keyword', sealed), payload);
});

test('a vector shard encoded in slices is byte for byte the one-shot shard and decodes to the same vectors', async () => {
  const dims = 5;
  const ids = Array.from({ length: 300 }, (_, i) => i.toString(16).padStart(32, '0'));
  const rows = quantiseRows(Float32Array.from({ length: ids.length * dims }, (_, i) => Math.sin(i) * 1e3), dims);
  // A view into a larger buffer, as codes read from a shard are.
  const backing = new Int8Array(rows.codes.length + 7);
  backing.set(rows.codes, 7);
  const shard = { modelId: 'fake-5', dims, ids, rows: { ...rows, codes: backing.subarray(7) } };
  let breaths = 0;
  const sliced = await encodeVectorShardInSlices(shard, () => Promise.resolve(void breaths++));
  assert.deepEqual(sliced, encodeVectorShard(shard));
  assert.ok(breaths >= 1);
  const decoded = decodeVectorShard(sliced);
  assert.deepEqual(decoded.ids, ids);
  assert.deepEqual(decoded.rows, rows);
});

test('a vector shard refuses a chunk id that is not 32 lower-case hex digits, naming it', () => {
  const rows = emptyInt8Rows(1, 2);
  for (const bad of ['0123456789ABCDEF0123456789abcdef', '0123', 'g123456789abcdef0123456789abcdef']) {
    assert.throws(() => encodeVectorShard({ modelId: 'm', dims: 2, ids: [bad], rows }), new RegExp(`bad chunk id ${bad}`));
  }
});

test('opening in slices gives what openSealedFile gives, breathing between slices, and refuses the same damage', async () => {
  const sealed = sealFile('vecint8', sample(10_000 + 1));
  let breaths = 0;
  const breathe = () => {
    breaths++;
    return Promise.resolve();
  };
  assert.deepEqual(await openSealedFileInSlices('vecint8', sealed, breathe, 1024), openSealedFile('vecint8', sealed));
  assert.equal(breaths, 10, 'one turn after each 1 KB slice');
  const damaged = sealed.slice();
  damaged[5000] ^= 1;
  await assert.rejects(() => openSealedFileInSlices('vecint8', damaged, breathe, 1024), /checksum mismatch/);
  await assert.rejects(() => openSealedFileInSlices('vecint8', sealed.slice(0, 900), breathe), /truncated/);
  await assert.rejects(() => openSealedFileInSlices('notes', sealed, breathe), /not a notes file/);
  const rows = quantiseRows(Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)), 4);
  const shard = encodeVectorShard({ modelId: 'm', dims: 4, ids: ['0'.repeat(32), 'a'.repeat(32), 'f'.repeat(32)], rows });
  assert.deepEqual(await decodeVectorShardInSlices(shard, breathe), decodeVectorShard(shard));
});
