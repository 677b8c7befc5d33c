/** `npm run install-plugin -- VAULT` copies the three plugin files, and refuses what is not a vault. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(__dirname, '../..');
const run = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'scripts/install-plugin.mjs'), ...args], { encoding: 'utf8' });

test('install-plugin copies main.js, manifest.json and styles.css into the vault', (t) => {
  if (!existsSync(join(ROOT, 'main.js'))) return t.skip('main.js is missing: run npm run build first');
  const vault = mkdtempSync(join(tmpdir(), 'kindred-vault-'));
  try {
    mkdirSync(join(vault, '.obsidian'));
    const r = run(vault);
    assert.equal(r.status, 0, r.stderr);
    for (const f of ['main.js', 'manifest.json', 'styles.css']) {
      assert.equal(readFileSync(join(vault, '.obsidian/plugins/kindred', f), 'utf8'), readFileSync(join(ROOT, f), 'utf8'), f);
    }
  } finally {
    rmSync(vault, { recursive: true, force: true });
  }
});

test('install-plugin refuses a folder that is not a vault, saying why and what to do, and touches nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-notvault-'));
  try {
    const r = run(dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /has no \.obsidian folder, so it is not an Obsidian vault yet: open it in Obsidian once \(Obsidian makes the folder\), pass --create to make it now/);
    assert.match(r.stderr, /usage: npm run install-plugin -- \/path\/to\/vault \[--config-dir \.obsidian\] \[--create\]/);
    assert.equal(existsSync(join(dir, '.obsidian')), false);
    assert.equal(run(join(dir, 'nope')).status, 2);
    assert.equal(run().status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('install-plugin --create makes the configuration folder of a folder Obsidian has not opened yet', (t) => {
  if (!existsSync(join(ROOT, 'main.js'))) return t.skip('main.js is missing: run npm run build first');
  const dir = mkdtempSync(join(tmpdir(), 'kindred-newvault-'));
  try {
    const r = run(dir, '--create');
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(dir, '.obsidian/plugins/kindred/main.js')));
    assert.equal(run(dir, '--frobnicate').status, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
