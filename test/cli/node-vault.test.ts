import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, mkdirSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeVault } from '../../src/cli/node-vault';
import { StorageError } from '../../src/core/ports';
import { fillDiskAfter } from '../helpers/full-disk';

const made: string[] = [];
after(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function tempVault(): { dir: string; vault: NodeVault } {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-vault-'));
  made.push(dir);
  return { dir, vault: new NodeVault(dir) };
}

test('lists markdown notes and skips dot-folders like Obsidian', async () => {
  const { dir, vault } = tempVault();
  mkdirSync(join(dir, '.obsidian'));
  mkdirSync(join(dir, 'Notes'));
  writeFileSync(join(dir, '.obsidian', 'x.md'), 'hidden');
  writeFileSync(join(dir, 'Notes', 'a.md'), 'a');
  writeFileSync(join(dir, 'b.txt'), 'b');
  assert.deepEqual((await vault.listMarkdown()).map((f) => f.path), ['Notes/a.md']);
});

test('listMarkdown walks nested folders (concurrently) and lists in path order with sizes', async () => {
  const { dir, vault } = tempVault();
  const paths = ['z.md', 'A/b/c.md', 'A/a.md', 'A/b/a.md', 'M/n.MD'];
  for (const p of paths) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), p);
  }
  const listed = await vault.listMarkdown();
  assert.deepEqual(listed.map((f) => f.path), ['A/a.md', 'A/b/a.md', 'A/b/c.md', 'M/n.MD', 'z.md']);
  assert.deepEqual(listed.map((f) => f.size), listed.map((f) => f.path.length));
});

test('create never overwrites and leaves no temporary file behind', async () => {
  const { dir, vault } = tempVault();
  await vault.create('Clippings/Post.md', 'first');
  await assert.rejects(vault.create('Clippings/Post.md', 'second'), /already exists/);
  assert.equal(await vault.read('Clippings/Post.md'), 'first');
  assert.deepEqual(readdirSync(join(dir, 'Clippings')), ['Post.md']);
});

test('refuses paths that climb out of the vault', async () => {
  const { vault } = tempVault();
  await assert.rejects(vault.create('../escape.md', 'x'), /leads outside the vault/);
});

test('process rewrites a note in one step', async () => {
  const { vault } = tempVault();
  await vault.create('n.md', 'one');
  await vault.process('n.md', (t) => t + ' two');
  assert.equal(await vault.read('n.md'), 'one two');
});

const kind = (k: StorageError['kind']) => (e: unknown) => e instanceof StorageError && e.kind === k;

test('a note that is a symbolic link out of the vault is never read: every read is refused as outside', async () => {
  const { dir, vault } = tempVault();
  const outside = mkdtempSync(join(tmpdir(), 'kindred-outside-'));
  writeFileSync(join(outside, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  mkdirSync(join(outside, 'folder'));
  writeFileSync(join(outside, 'folder', 'deep.md'), '# not yours');
  symlinkSync(join(outside, 'passwd'), join(dir, 'passwd.md'));
  symlinkSync(join(outside, 'folder'), join(dir, 'linked'));
  writeFileSync(join(dir, 'mine.md'), '# Mine');
  assert.deepEqual((await vault.listMarkdown()).map((f) => f.path), ['mine.md'], 'listing skips the links');
  for (const path of ['passwd.md', 'linked/deep.md']) {
    await assert.rejects(vault.read(path), kind('outside'), path);
    await assert.rejects(vault.stat(path), kind('outside'), path);
    await assert.rejects(vault.exists(path), kind('outside'), path);
    await assert.rejects(vault.readFrontMatter(path), kind('outside'), path);
    await assert.rejects(vault.process(path, (t) => t + 'x'), kind('outside'), path);
  }
  await assert.rejects(vault.create('linked/new.md', 'x'), kind('outside'));
  assert.deepEqual(readdirSync(join(outside, 'folder')), ['deep.md'], 'nothing written through the link');
  assert.equal(await vault.read('mine.md'), '# Mine');
  // A link inside the vault to a note of the vault is fine.
  symlinkSync(join(dir, 'mine.md'), join(dir, 'alias.md'));
  assert.equal(await vault.read('alias.md'), '# Mine');
});

test('a note written on a full disk leaves no truncated temporary among the notes, and says the disk is full', async (t) => {
  const { dir, vault } = tempVault();
  await vault.create('Clippings/Old.md', 'old text');
  fillDiskAfter(t, 10);
  await assert.rejects(vault.create('Clippings/Big page.md', 'x'.repeat(5000)), (e: unknown) =>
    kind('disk-full')(e) && (e as Error).message === 'the disk is full: nothing was changed (writing Clippings/Big page.md)',
  );
  await assert.rejects(vault.process('Clippings/Old.md', (text) => text + ' and a long addition'), kind('disk-full'));
  t.mock.restoreAll();
  assert.deepEqual(readdirSync(join(dir, 'Clippings')), ['Old.md'], 'no Big page.md.<hex>.tmp');
  assert.equal(await vault.read('Clippings/Old.md'), 'old text');
});

test('the sweep of a notes folder removes only Kindred\'s stale temporaries in that folder', async () => {
  const { dir, vault } = tempVault();
  mkdirSync(join(dir, 'Clippings', 'Sub'), { recursive: true });
  const old = Date.now() / 1000 - 3600;
  const put = (name: string, stale = true) => {
    writeFileSync(join(dir, name), 'x');
    if (stale) utimesSync(join(dir, name), old, old);
  };
  put('Clippings/Big page.md.0123456789ab.tmp');
  put('Clippings/Fresh.md.0123456789ac.tmp', false);
  put('Clippings/my.tmp');
  put('Clippings/Sub/Other.md.0123456789ad.tmp');
  put('Elsewhere.md.0123456789ae.tmp');
  assert.deepEqual(await vault.sweepTemporaries('Clippings'), ['Clippings/Big page.md.0123456789ab.tmp']);
  assert.deepEqual(readdirSync(join(dir, 'Clippings')).sort(), ['Fresh.md.0123456789ac.tmp', 'Sub', 'my.tmp']);
  assert.ok(readdirSync(dir).includes('Elsewhere.md.0123456789ae.tmp'));
});
