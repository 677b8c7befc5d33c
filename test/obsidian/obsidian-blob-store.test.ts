import '../helpers/obsidian-module';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fsp, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataAdapter } from 'obsidian';
import { StorageError } from '../../src/core/ports';
import { ObsidianBlobStore } from '../../src/obsidian/obsidian-blob-store';
import { fillDiskAfter } from '../helpers/full-disk';

/**
 * The part of Obsidian's desktop adapter the store uses, over a real folder: like Obsidian's own
 * FileSystemAdapter it calls Node's fs with vault-relative paths, and its errors carry Node's codes.
 */
function folderAdapter(root: string): DataAdapter {
  const abs = (p: string) => join(root, p);
  const adapter = {
    exists: async (p: string) => (await fsp.stat(abs(p)).catch(() => null)) !== null,
    stat: async (p: string) => {
      const s = await fsp.stat(abs(p)).catch(() => null);
      return s && { type: s.isDirectory() ? 'folder' : 'file', ctime: s.ctimeMs, mtime: s.mtimeMs, size: s.size };
    },
    readBinary: async (p: string) => {
      const b = await fsp.readFile(abs(p));
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    },
    writeBinary: (p: string, data: ArrayBuffer) => fsp.writeFile(abs(p), new Uint8Array(data)),
    remove: (p: string) => fsp.unlink(abs(p)),
    rmdir: (p: string, recursive: boolean) => fsp.rm(abs(p), { recursive }),
    rename: (a: string, b: string) => fsp.rename(abs(a), abs(b)),
    mkdir: (p: string) => fsp.mkdir(abs(p)),
    list: async (p: string) => {
      const entries = await fsp.readdir(abs(p), { withFileTypes: true });
      return {
        files: entries.filter((e) => e.isFile()).map((e) => `${p}/${e.name}`),
        folders: entries.filter((e) => e.isDirectory()).map((e) => `${p}/${e.name}`),
      };
    },
  };
  return adapter as unknown as DataAdapter;
}

function store() {
  const vault = mkdtempSync(join(tmpdir(), 'kindred-obsidian-store-'));
  const plugin = join(vault, '.obsidian/plugins/kindred');
  mkdirSync(plugin, { recursive: true });
  return { plugin, store: new ObsidianBlobStore(folderAdapter(vault), '.obsidian/plugins/kindred') };
}

const bytes = (s: string) => new TextEncoder().encode(s);
const kind = (k: StorageError['kind']) => (e: unknown) => e instanceof StorageError && e.kind === k;
const files = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();

test('Obsidian\'s store: a write on a full disk leaves no temporary and the previous file whole', async (t) => {
  const { plugin, store: s } = store();
  await s.write('index/manifest.bin', bytes('old'));
  fillDiskAfter(t, 2);
  await assert.rejects(s.write('index/manifest.bin', bytes('a longer new manifest')), (e: unknown) => kind('disk-full')(e) && /^the disk is full: nothing was changed/.test((e as Error).message));
  t.mock.restoreAll();
  assert.deepEqual(files(plugin), ['index', 'index/manifest.bin']);
  assert.equal(new TextDecoder().decode((await s.read('index/manifest.bin'))!), 'old');
});

test('Obsidian\'s store: a folder where a file belongs is not-a-file; remove takes a folder away; .. is outside', async () => {
  const { plugin, store: s } = store();
  mkdirSync(join(plugin, 'index/notes-03.bin/x'), { recursive: true });
  await assert.rejects(s.read('index/notes-03.bin'), kind('not-a-file'));
  await assert.rejects(s.write('index/notes-03.bin', bytes('n')), kind('not-a-file'));
  await s.remove('index/notes-03.bin');
  assert.deepEqual(files(plugin), ['index']);
  await assert.rejects(s.read('../../app.json'), kind('outside'));
});

test('Obsidian\'s store: createExclusive creates once; the sweep removes only stale Kindred temporaries', async () => {
  const { plugin, store: s } = store();
  assert.equal(await s.createExclusive('index.lock', bytes('one')), true);
  assert.equal(await s.createExclusive('index.lock', bytes('two')), false);
  assert.equal(new TextDecoder().decode((await s.read('index.lock'))!), 'one');
  mkdirSync(join(plugin, 'index'), { recursive: true });
  const old = Date.now() / 1000 - 3600;
  for (const name of ['index/keyword-04.bin.0123456789ab.tmp', 'index/keep.tmp', 'index/fresh.bin.0123456789ac.tmp']) writeFileSync(join(plugin, name), 'x');
  utimesSync(join(plugin, 'index/keyword-04.bin.0123456789ab.tmp'), old, old);
  utimesSync(join(plugin, 'index/keep.tmp'), old, old);
  assert.deepEqual(await s.sweepTemporaries(), ['index/keyword-04.bin.0123456789ab.tmp']);
  assert.deepEqual(files(plugin), ['index', 'index.lock', 'index/fresh.bin.0123456789ac.tmp', 'index/keep.tmp']);
});
