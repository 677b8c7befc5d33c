import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeVault } from '../../src/cli/node-vault';

function tempVault(): { dir: string; vault: NodeVault } {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-vault-'));
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
