import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sealFile } from '../../../src/core/index/checksum';
import { IndexFiles, NOTES_FILE } from '../../../src/core/index/index-files';
import { MANIFEST_NAME, decodeManifest, encodeManifest } from '../../../src/core/index/manifest-codec';
import { TimeSlicer } from '../../../src/core/index/time-slicer';
import { MemoryBlobStore } from '../../helpers/memory-vault';
import { ManualClock } from './index-fixture';

function files(store = new MemoryBlobStore()) {
  const warnings: string[] = [];
  return { store, warnings, files: new IndexFiles(store, new TimeSlicer(new ManualClock()), (p) => warnings.push(p.message)) };
}

const fields = { format: 1, chunkerVersion: 1, chunkTokens: 360, keywordBuckets: 8, modelId: null, dims: 0 };

test('no index yet: no manifest and nothing to warn about', async () => {
  const fx = files();
  assert.equal(await fx.files.readManifest(), null);
  assert.deepEqual(fx.warnings, []);
});

test('a missing, damaged or foreign-version manifest is not trusted, and says why', async () => {
  const missing = files();
  await missing.store.write(NOTES_FILE(0), sealFile('notes', new Uint8Array(4)));
  assert.equal(await missing.files.readManifest(), null);
  assert.match(missing.warnings.join('\n'), /manifest index\/manifest\.bin is missing/);

  const damaged = files();
  await damaged.store.write(MANIFEST_NAME, encodeManifest({ ...fields, files: {} }));
  damaged.store.corrupt(MANIFEST_NAME, 40);
  assert.equal(await damaged.files.readManifest(), null);
  assert.match(damaged.warnings.join('\n'), /manifest index\/manifest\.bin is damaged \(checksum mismatch/);

  const foreign = files();
  await foreign.store.write(MANIFEST_NAME, encodeManifest({ ...fields, format: 99, files: {} }));
  assert.equal(await foreign.files.readManifest(), null);
  assert.match(foreign.warnings.join('\n'), /another version of Kindred/);
});

test('the manifest pins what was written, in name order, with sizes; a pinned file that does not match is stale', async () => {
  const fx = files();
  const b = sealFile('notes', new TextEncoder().encode('bee'));
  const a = sealFile('notes', new TextEncoder().encode('a'));
  await fx.files.write('index/notes-01.bin', b, true);
  await fx.files.write('index/notes-00.bin', a, true);
  await fx.files.writeManifest(fields);
  const manifest = decodeManifest(fx.store.files.get(MANIFEST_NAME)!);
  assert.deepEqual(Object.keys(manifest.files), ['index/notes-00.bin', 'index/notes-01.bin']);
  assert.deepEqual(manifest.sizes, { 'index/notes-00.bin': a.length, 'index/notes-01.bin': b.length });

  const again = files(fx.store);
  const read = (await again.files.readManifest())!;
  const decode = (bytes: Uint8Array) => bytes.length;
  assert.equal(await again.files.readPinned(read, 'index/notes-00.bin', decode), a.length);
  fx.store.files.set('index/notes-01.bin', a);
  assert.equal(await again.files.readPinned(read, 'index/notes-01.bin', decode), undefined);
  assert.match(again.warnings.join('\n'), /Index file index\/notes-01\.bin is unusable \(left over from an interrupted save\)/);
  fx.store.files.delete('index/notes-00.bin');
  assert.equal(await again.files.readPinned(read, 'index/notes-00.bin', decode), undefined);
  assert.match(again.warnings.join('\n'), /notes-00\.bin is unusable \(missing\)/);
  assert.equal(await again.files.readPinned(read, 'index/notes-07.bin', decode), undefined, 'not pinned: not read');
});

test('the sweep removes whatever under index/ is neither the manifest, pinned nor kept; usage counts what was seen', async () => {
  const fx = files();
  const bytes = sealFile('notes', new Uint8Array(10));
  await fx.files.write('index/notes-00.bin', bytes, true);
  await fx.files.write('index/notes-01.bin', bytes, true);
  await fx.files.write('index/vectors/shard-00000.bin', bytes);
  await fx.files.write('index/vectors/shard-00001.bin', bytes);
  await fx.store.write('data.json', new Uint8Array(3));
  fx.files.unpin('index/notes-01.bin');
  await fx.files.writeManifest(fields);
  await fx.files.sweep(['index/vectors/shard-00001.bin']);
  assert.deepEqual([...fx.store.files.keys()].sort(), ['data.json', MANIFEST_NAME, 'index/notes-00.bin', 'index/vectors/shard-00001.bin']);
  const usage = fx.files.usage();
  assert.equal(usage.files, 3);
  assert.equal(usage.bytesOnDisk, bytes.length * 2 + fx.store.files.get(MANIFEST_NAME)!.length);
});
