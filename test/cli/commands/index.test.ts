import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { indexCommand } from '../../../src/cli/commands/index';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { captureIO } from '../../helpers/cli-io';

function makeVault(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-index-'));
  mkdirSync(join(dir, '.obsidian'));
  mkdirSync(join(dir, 'Essays'));
  writeFileSync(join(dir, 'Essays/maps.md'), '# Maps\nThe map is not the territory it describes.\n');
  writeFileSync(join(dir, 'Essays/beliefs.md'), '---\ntags: [epistemics]\n---\nBeliefs should pay rent in anticipated experience.\n');
  writeFileSync(join(dir, 'todo.md'), 'Buy milk and bread.\n');
  return dir;
}

const indexFiles = (vault: string, configDir = '.obsidian'): string[] => {
  const dir = join(vault, configDir, 'plugins/kindred/index');
  return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
};

test('kindred index --keyword-only builds the index inside the vault and says it is keyword only', async () => {
  const vault = makeVault();
  const io = captureIO();
  assert.equal(await runCli(['index', '--vault', vault, '--keyword-only'], io), 0, io.err());
  assert.match(io.out(), /Indexed .*: 3 notes, 3 chunks\./);
  assert.match(io.out(), /keyword only/);
  assert.ok(indexFiles(vault).includes('manifest.bin'));

  const stats = captureIO();
  assert.equal(await runCli(['stats', '--vault', vault, '--json'], stats), 0);
  const figures = JSON.parse(stats.out()) as { notes: number; chunks: number; modelId: string | null; files: number };
  assert.equal(figures.notes, 3);
  assert.equal(figures.modelId, null);
  assert.equal(figures.files, indexFiles(vault).filter((f) => f.endsWith('.bin')).length);
  rmSync(vault, { recursive: true });
});

test('kindred index with an embedder: summary of embedded and reused chunks; a second run embeds nothing', async () => {
  const vault = makeVault();
  const embedder = new FakeEmbedder(16);
  const command = indexCommand(() => Promise.resolve(embedder));
  const first = captureIO();
  assert.equal(await command.run(['--vault', vault, '--config-dir', '.config', '--init'], first), 0, first.err());
  assert.match(first.out(), /3 chunks embedded now, 0 reused from cache/);
  assert.ok(indexFiles(vault, '.config').includes('manifest.bin'));
  embedder.resetCounts();
  const second = captureIO();
  assert.equal(await command.run(['--vault', vault, '--config-dir', '.config', '--json'], second), 0);
  const summary = JSON.parse(second.out()) as { embeddedChunks: number; indexedNotes: number; stats: { embeddedNotes: number } };
  assert.equal(summary.embeddedChunks, 0);
  assert.equal(summary.indexedNotes, 0);
  assert.equal(summary.stats.embeddedNotes, 3);
  assert.equal(embedder.calls, 0);

  const stats = captureIO();
  assert.equal(await runCli(['stats', '--vault', vault, '--config-dir', '.config'], stats), 0);
  assert.match(stats.out(), /notes: {4}3 \(3 embedded\)/);
  assert.match(stats.out(), /model: {4}fake-bow-16, 16 dimensions/);
  rmSync(vault, { recursive: true });
});

test('a model that fails to load: a clear error, exit 1, and the vault is left as it was', async () => {
  const vault = makeVault();
  const command = indexCommand(() => Promise.reject(new Error('model.json does not match its pinned SHA-256 (in /x)')));
  const io = captureIO();
  await assert.rejects(command.run(['--vault', vault], io), /pinned SHA-256/);
  assert.deepEqual(indexFiles(vault), []);
  assert.equal(existsSync(join(vault, '.obsidian', 'plugins')), false);
  rmSync(vault, { recursive: true });
});

test('bad input: usage errors and a missing vault exit 2, each with a message saying what is wrong', async () => {
  const cases: Array<[string[], number, RegExp]> = [
    [['index'], 2, /--vault DIR is required/],
    [['index', '--vault', '.', '--backend', 'gpu'], 2, /--backend must be wasm or cpu/],
    [['index', '--vault', '.', '--workers', 'two'], 2, /--workers must be a whole number/],
    [['index', '--vault', '.', '--keyword-only', '--workers', '2'], 2, /--keyword-only leaves the model out/],
    [['index', '--vault', '/nonexistent/kindred-vault', '--keyword-only'], 2, /no vault at \/nonexistent\/kindred-vault: the folder does not exist/],
    [['stats', '--vault', '/nonexistent/kindred-vault'], 2, /no vault at \/nonexistent\/kindred-vault/],
    [['stats'], 2, /--vault DIR is required/],
  ];
  for (const [argv, code, message] of cases) {
    const io = captureIO();
    assert.equal(await runCli(argv, io), code, argv.join(' '));
    assert.match(io.err(), message);
  }
});

test('kindred stats on a vault never indexed says how to index it and writes nothing', async () => {
  const vault = makeVault();
  const io = captureIO();
  assert.equal(await runCli(['stats', '--vault', vault], io), 0);
  assert.match(io.out(), /No index yet .*run kindred index --vault/);
  assert.equal(existsSync(join(vault, '.obsidian', 'plugins')), false);
  rmSync(vault, { recursive: true });
});

test('kindred stats says when a re-embedding or a re-chunking is under way, and which model answers meanwhile', async () => {
  const { statsText } = await import('../../../src/cli/commands/stats');
  const settled = {
    notes: 12, chunks: 30, embeddedNotes: 12, embeddedChunks: 30, modelId: 'use-lite-512', dims: 512, previousModelId: null,
    rechunkPending: 0, keywordOnly: false, bytesOnDisk: 2048, files: 5, largestFile: { name: 'index/notes-00.bin', bytes: 900 },
  };
  assert.doesNotMatch(statsText(settled, 'Vault', 'Vault/.obsidian/plugins/kindred/index'), /under way/);
  const busy = statsText({ ...settled, embeddedNotes: 4, previousModelId: 'old-model', rechunkPending: 3 }, 'Vault', 'index');
  assert.match(busy, /notes: {4}12 \(4 embedded\)/);
  assert.match(busy, /embedding again with use-lite-512; related notes answer from old-model until every note is done/);
  assert.match(busy, /3 notes still answer from passages cut by an older chunker/);
});

test('--json carries every warning, those found opening the index included (not [] with the damage on stderr)', async () => {
  const vault = makeVault();
  assert.equal(await runCli(['index', '--vault', vault, '--keyword-only'], captureIO()), 0);
  writeFileSync(join(vault, '.obsidian/plugins/kindred/index/manifest.bin'), 'not a manifest');
  const io = captureIO();
  assert.equal(await runCli(['index', '--vault', vault, '--keyword-only', '--json'], io), 0, io.err());
  const { warnings } = JSON.parse(io.out()) as { warnings: string[] };
  assert.equal(warnings.length, 1, JSON.stringify(warnings));
  assert.match(warnings[0], /manifest/i);
  assert.equal(io.err(), '', 'nothing left on stderr');
  const stats = captureIO();
  writeFileSync(join(vault, '.obsidian/plugins/kindred/index/manifest.bin'), 'damaged again');
  await runCli(['stats', '--vault', vault, '--json'], stats);
  assert.match((JSON.parse(stats.out()) as { warnings: string[] }).warnings[0], /manifest/i);
  assert.equal(stats.err(), '');
  rmSync(vault, { recursive: true });
});

test('the summary counts agree with their nouns: 1 note, 1 note read, 1 chunk', async () => {
  const vault = mkdtempSync(join(tmpdir(), 'kindred-index-one-'));
  mkdirSync(join(vault, '.obsidian'));
  writeFileSync(join(vault, 'only.md'), '# Only\nOne note.\n');
  const io = captureIO();
  await runCli(['index', '--vault', vault, '--keyword-only'], io);
  assert.match(io.out(), /: 1 note, 1 chunk\.\n {2}this run: 1 note read, 0 removed, 0 chunks embedded now/);
  rmSync(vault, { recursive: true });
});
