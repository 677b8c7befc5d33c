import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { captureIO } from '../helpers/cli-io';

// Every command opens a vault the same way (src/cli/vault-request.ts): these run the real
// commands through the composition root, on real folders.

const run = async (argv: string[], cwd = process.cwd()) => {
  const io = captureIO(cwd);
  const code = await runCli(argv, io);
  return { code, out: io.out(), err: io.err() };
};

/** The fewest arguments each command needs besides the vault. */
const COMMANDS: string[][] = [
  ['import', 'page.html'],
  ['index', '--keyword-only'],
  ['stats'],
  ['related', 'a.md'],
  ['query', 'anything', '--mode', 'keyword'],
  ['eval'],
];

test('a missing vault gets the same message and exit code from every command, before anything loads', async () => {
  const missing = join(tmpdir(), 'kindred-no-such-vault');
  for (const [name, ...rest] of COMMANDS) {
    const { code, err } = await run([name, ...rest, '--vault', missing]);
    assert.equal(code, 2, name);
    assert.equal(err, `kindred ${name}: no vault at ${missing}: the folder does not exist\n`, name);
  }
});

test('a folder that is not a vault is refused by every command, and --init makes it one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-plain-'));
  writeFileSync(join(dir, 'a.md'), '# A\nSome words about bread.\n');
  for (const [name, ...rest] of COMMANDS) {
    const { code, err } = await run([name, ...rest, '--vault', dir]);
    assert.equal(code, 2, name);
    assert.match(err, new RegExp(`^kindred ${name}: ${dir} is not an Obsidian vault \\(it has no \\.obsidian folder\\)`), name);
    // stats only reads: it has no --init to offer.
    assert.equal(/add --init/.test(err), name !== 'stats', name);
  }
  assert.deepEqual(readdirSync(dir), ['a.md'], 'nothing was created: no .obsidian, no index');

  const init = await run(['query', 'bread', '--mode', 'keyword', '--vault', dir, '--init']);
  assert.equal(init.code, 0, init.err);
  assert.match(init.out, /1 note for "bread"/);
  assert.ok(existsSync(join(dir, '.obsidian', 'plugins', 'kindred', 'index', 'manifest.bin')));
});

test('related, query and eval take --config-dir like index and stats: one index, never a second copy under .obsidian', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-config-dir-'));
  mkdirSync(join(dir, '.config'));
  writeFileSync(join(dir, 'bread.md'), '# Bread\nKnead the dough and bake the loaf.\n');
  writeFileSync(join(dir, 'soup.md'), '# Soup\nSimmer the onions in stock.\n');
  const index = await run(['index', '--keyword-only', '--vault', dir, '--config-dir', '.config']);
  assert.equal(index.code, 0, index.err);
  const query = await run(['query', 'dough', '--mode', 'keyword', '--vault', dir, '--config-dir', '.config', '--json']);
  assert.equal(query.code, 0, query.err);
  assert.deepEqual((JSON.parse(query.out) as { results: { path: string }[] }).results.map((r) => r.path), ['bread.md']);
  // related and eval need the model; what matters here is that the flag is theirs and the vault
  // is the one under .config (their missing note / absent model answers come after it).
  const related = await run(['related', 'nothing here', '--vault', dir, '--config-dir', '.config']);
  assert.equal(related.code, 2, related.err);
  assert.match(related.err, /no note "nothing here"/);
  const evaluation = await run(['eval', '--vault', dir, '--config-dir', '.config', '--model-dir', dir]);
  assert.doesNotMatch(evaluation.err, /unknown option/);
  assert.equal(existsSync(join(dir, '.obsidian')), false, 'no second index under .obsidian');
});

test('a missing note answers at once, without loading the model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-no-note-'));
  mkdirSync(join(dir, '.obsidian'));
  writeFileSync(join(dir, 'bread.md'), '# Bread\nKnead the dough.\n');
  const { code, err } = await run(['related', 'brad', '--vault', dir]);
  assert.equal(code, 2);
  assert.equal(err, `kindred related: no note "brad" in the vault ${dir} (looked for it by path, file name and title)\n`);
  assert.doesNotMatch(err, /model:/, 'the model was never loaded');
});

test('a repeated single-valued flag is refused, not silently the last one', async () => {
  for (const [name, ...rest] of COMMANDS) {
    const { code, err } = await run([name, ...rest, '--vault', 'a', '--vault', 'b']);
    assert.equal(code, 2, name);
    assert.match(err, /--vault is given twice: give it once/, name);
  }
  const { err } = await run(['query', 'x', '--vault', 'a', '--k', '3', '--k=4']);
  assert.match(err, /--k is given twice/);
});

test('related on a note that links out of the vault (passwd.md -> /etc/passwd) never reads what it points to', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-link-out-'));
  mkdirSync(join(dir, '.obsidian'));
  const outside = join(mkdtempSync(join(tmpdir(), 'kindred-secret-')), 'passwd');
  writeFileSync(outside, 'root:x:0:0:root:/root:/bin/bash\n');
  symlinkSync(outside, join(dir, 'passwd.md'));
  writeFileSync(join(dir, 'bread.md'), '# Bread\nKnead the dough.\n');
  const related = await run(['related', 'passwd.md', '--vault', dir]);
  assert.equal(related.code, 2);
  assert.match(related.err, /no note "passwd\.md"/);
  const index = await run(['index', '--keyword-only', '--vault', dir, '--json']);
  assert.equal((JSON.parse(index.out) as { notes: number }).notes, 1, 'the link is not indexed');
  const query = await run(['query', 'root bash', '--mode', 'keyword', '--vault', dir]);
  for (const r of [related, index, query]) assert.doesNotMatch(r.out + r.err, /root:x:0/);
});
