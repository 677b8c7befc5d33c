import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StorageError } from '../../src/core/ports';
import { TEMPORARY_SUFFIX_BYTES } from '../../src/core/temporary-names';
import { NodeBlobStore } from '../../src/cli/node-blob-store';
import { fillDiskAfter } from '../helpers/full-disk';

function store(): { dir: string; store: NodeBlobStore } {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-blobs-'));
  return { dir, store: new NodeBlobStore(dir) };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));
const files = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
const kind = (k: StorageError['kind']) => (e: unknown) => e instanceof StorageError && e.kind === k;

test('the temporary suffix is 17 bytes: .<12 hex>.tmp (file-name caps leave room for it)', async (t) => {
  const { dir, store: s } = store();
  let seen = '';
  const rename = fsp.rename.bind(fsp);
  t.mock.method(fsp, 'rename', async (from: string, to: string) => {
    seen = from.slice(to.length);
    await rename(from, to);
  });
  await s.write('index/a.bin', bytes('x'));
  t.mock.restoreAll();
  assert.match(seen, /^\.[0-9a-f]{12}\.tmp$/);
  assert.equal(Buffer.byteLength(seen), TEMPORARY_SUFFIX_BYTES);
  assert.deepEqual(files(dir), ['index', 'index/a.bin']);
});

test('a write on a full disk leaves no temporary file, the previous file whole, and says so in words', async (t) => {
  const { dir, store: s } = store();
  await s.write('index/shard-00001.bin', bytes('the old shard'));
  fillDiskAfter(t, 4);
  await assert.rejects(s.write('index/shard-00001.bin', bytes('a new shard, longer than the room left')), (e: unknown) =>
    kind('disk-full')(e) && (e as Error).message === 'the disk is full: nothing was changed (writing index/shard-00001.bin)',
  );
  t.mock.restoreAll();
  assert.deepEqual(files(dir), ['index', 'index/shard-00001.bin'], 'no shard-00001.bin.<hex>.tmp left');
  assert.equal(text(await s.read('index/shard-00001.bin')), 'the old shard');
});

test('a folder where a file belongs is not-a-file for read, write and createExclusive; remove takes it away', async () => {
  const { dir, store: s } = store();
  mkdirSync(join(dir, 'index', 'manifest.bin', 'inside'), { recursive: true });
  await assert.rejects(s.read('index/manifest.bin'), kind('not-a-file'));
  await assert.rejects(s.write('index/manifest.bin', bytes('m')), kind('not-a-file'));
  assert.deepEqual(files(dir), ['index', 'index/manifest.bin', 'index/manifest.bin/inside'], 'no temporary left by the refused write');
  assert.equal(await s.createExclusive('index/manifest.bin', bytes('m')), false, 'something is there: not created');
  await s.remove('index/manifest.bin');
  assert.deepEqual(files(dir), ['index']);
  await s.write('index/manifest.bin', bytes('m'));
  assert.equal(text(await s.read('index/manifest.bin')), 'm');
  // A file where a folder belongs is the same problem, one level up.
  writeFileSync(join(dir, 'model'), 'not a folder');
  await assert.rejects(s.write('model/model.json', bytes('{}')), kind('not-a-file'));
});

test('names that leave the store, by .. or through a symbolic link, are refused', async () => {
  const { dir, store: s } = store();
  const outside = mkdtempSync(join(tmpdir(), 'kindred-outside-'));
  writeFileSync(join(outside, 'secret.bin'), 'secret');
  mkdirSync(join(dir, 'index'));
  symlinkSync(join(outside, 'secret.bin'), join(dir, 'index', 'notes-00.bin'));
  symlinkSync(outside, join(dir, 'linked'));
  await assert.rejects(s.read('../secret.bin'), kind('outside'));
  await assert.rejects(s.read('index/notes-00.bin'), kind('outside'));
  await assert.rejects(s.write('linked/new.bin', bytes('x')), kind('outside'));
  await assert.rejects(s.remove('../x'), kind('outside'));
  assert.deepEqual(readdirSync(outside), ['secret.bin']);
  assert.equal(readFileSync(join(outside, 'secret.bin'), 'utf8'), 'secret');
});

test('createExclusive creates once: the second creator is told something is there, and the file is never half written', async () => {
  const { store: s } = store();
  const results = await Promise.all([1, 2, 3, 4].map((n) => s.createExclusive('index.lock', bytes(`holder ${n}`))));
  assert.equal(results.filter(Boolean).length, 1);
  assert.equal(text(await s.read('index.lock')), `holder ${results.indexOf(true) + 1}`);
});

test('the sweep removes only Kindred\'s own stale temporaries, never a fresh one or a file of another form', async () => {
  const { dir, store: s } = store();
  mkdirSync(join(dir, 'index', 'vectors'), { recursive: true });
  const old = Date.now() / 1000 - 3600;
  const stale = ['index/vectors/shard-00001.bin.0123456789ab.tmp', 'model/model.json.a1b2c3d4e5f6.tmp'];
  for (const name of stale) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), 'half');
    utimesSync(join(dir, name), old, old);
  }
  const kept = ['index/vectors/shard-00002.bin.fedcba987654.tmp', 'index/notes.tmp', 'index/x.0123456789ab.tmp.bak', 'index/manifest.bin'];
  for (const name of kept) writeFileSync(join(dir, name), 'x');
  utimesSync(join(dir, 'index/notes.tmp'), old, old);
  assert.deepEqual(await s.sweepTemporaries(), [...stale].sort());
  assert.deepEqual(files(dir).filter((f) => f.includes('.')).sort(), [...kept].sort());
});
