import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIO } from '../../helpers/cli-io';

// `kindred import` on saved pages and bad arguments: no network needed.

const paragraph = '<p>A saved article needs enough words for an extractor to call it the main content of the page.</p>';
const page = (title: string, url?: string) =>
  `${url ? `<!-- {"url": "${url}"} -->\n` : ''}<!DOCTYPE html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${paragraph.repeat(4)}</article></body></html>`;

function workspace(): { dir: string; vault: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-import-'));
  const vault = join(dir, 'vault');
  mkdirSync(join(vault, '.obsidian'), { recursive: true });
  return { dir, vault, done: () => rmSync(dir, { recursive: true, force: true }) };
}

async function run(args: string[], cwd: string) {
  const io = captureIO(cwd);
  const code = await runCli(['import', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

interface ImportJson {
  items: { input: string; status: string; path?: string; error?: string }[];
}

function listVault(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else out.push(prefix + entry.name);
    }
  };
  walk(root, '');
  return out.filter((p) => !p.startsWith('.obsidian/')).sort();
}

test('a folder of saved pages is imported recursively into --folder', async () => {
  const ws = workspace();
  try {
    mkdirSync(join(ws.dir, 'saved/deeper'), { recursive: true });
    writeFileSync(join(ws.dir, 'saved/one.html'), page('First Saved', 'https://one.example/a'));
    writeFileSync(join(ws.dir, 'saved/deeper/two.htm'), page('Second Saved'));
    writeFileSync(join(ws.dir, 'saved/notes.md'), '# not a page');
    const { code, out } = await run(['saved', '--vault', 'vault', '--folder', 'Web/Reading'], ws.dir);
    assert.equal(code, 0, out);
    assert.deepEqual(listVault(ws.vault), ['Web/Reading/First Saved.md', 'Web/Reading/Second Saved.md']);
    assert.match(out, /created +saved\/one\.html {2}→ {2}Web\/Reading\/First Saved\.md/);
    assert.match(out, /2 items: 2 created, 0 updated, 0 skipped, 0 failed/);
    assert.match(readFileSync(join(ws.vault, 'Web/Reading/First Saved.md'), 'utf8'), /source: https:\/\/one\.example\/a/);
  } finally {
    ws.done();
  }
});

test('a duplicate is reported with exit 0; --on-duplicate update refreshes it', async () => {
  const ws = workspace();
  try {
    writeFileSync(join(ws.dir, 'a.html'), page('Same Page', 'https://same.example/p'));
    assert.equal((await run(['a.html', '--vault', 'vault'], ws.dir)).code, 0);
    const skip = await run(['a.html', '--vault', 'vault', '--json'], ws.dir);
    assert.equal(skip.code, 0);
    assert.deepEqual(JSON.parse(skip.out), { items: [{ input: 'a.html', status: 'skipped', path: 'Clippings/Same Page.md', error: 'already clipped as Clippings/Same Page.md' }] });
    const update = await run(['a.html', '--vault', 'vault', '--on-duplicate=update', '--json'], ws.dir);
    assert.deepEqual(JSON.parse(update.out), { items: [{ input: 'a.html', status: 'updated', path: 'Clippings/Same Page.md' }] });
    const both = await run(['a.html', '--vault', 'vault', '--on-duplicate', 'keep-both', '--json'], ws.dir);
    assert.deepEqual((JSON.parse(both.out) as ImportJson).items[0].path, 'Clippings/Same Page (2).md');
  } finally {
    ws.done();
  }
});

test('bad inputs fail with reasons in argument order, the rest still import, exit 1, vault otherwise untouched', async () => {
  const ws = workspace();
  try {
    writeFileSync(join(ws.dir, 'good.html'), page('Good Page'));
    writeFileSync(join(ws.dir, 'empty.html'), '<html><body></body></html>');
    writeFileSync(join(ws.dir, 'huge.html'), Buffer.alloc(50 * 1024 * 1024, 'a'));
    writeFileSync(join(ws.dir, 'notes.pdf'), '%PDF');
    const { code, out } = await run(['missing.html', 'empty.html', 'huge.html', 'notes.pdf', 'ftp://x.example/a', 'good.html', '--vault', 'vault', '--json'], ws.dir);
    assert.equal(code, 1);
    assert.deepEqual((JSON.parse(out) as ImportJson).items, [
      { input: 'missing.html', status: 'failed', error: 'no such file or folder: missing.html' },
      { input: 'empty.html', status: 'failed', error: 'no article content found in empty.html' },
      { input: 'huge.html', status: 'failed', error: 'the page is larger than 10 MB: huge.html' },
      { input: 'notes.pdf', status: 'failed', error: 'not a URL, a saved .html page, a folder or a .txt list of URLs: notes.pdf' },
      { input: 'ftp://x.example/a', status: 'failed', error: 'only http and https pages can be clipped: ftp://x.example/a' },
      { input: 'good.html', status: 'created', path: 'Clippings/Good Page.md' },
    ]);
    assert.deepEqual(listVault(ws.vault), ['Clippings/Good Page.md']);
  } finally {
    ws.done();
  }
});

test('usage errors exit 2 with the reason and the usage, and touch nothing', async () => {
  const ws = workspace();
  try {
    writeFileSync(join(ws.dir, 'a.html'), page('A'));
    const cases: [string[], RegExp][] = [
      [['a.html'], /--vault DIR is required/],
      [['--vault', 'vault'], /nothing to import/],
      [['a.html', '--vault', 'vault', '--on-duplicate', 'merge'], /--on-duplicate must be skip, update or keep-both, not 'merge'/],
      [['a.html', '--vault', 'vault', '--frobnicate'], /unknown option --frobnicate/],
      [['a.html', '--vault'], /--vault needs a value/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await run(args, ws.dir);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, message);
      assert.match(err, /Usage: kindred import/);
      assert.doesNotMatch(err, /\n\s+at /, 'no stack trace');
    }
    assert.deepEqual(listVault(ws.vault), []);
  } finally {
    ws.done();
  }
});

test('kindred import --help prints the usage', async () => {
  const io = captureIO();
  assert.equal(await runCli(['import', '--help'], io), 0);
  assert.match(io.out(), /--on-duplicate skip\|update\|keep-both/);
});

test('saved pages are named in one form, from a folder or one by one: relative inside the current folder, else absolute', async () => {
  const ws = workspace();
  const elsewhere = mkdtempSync(join(tmpdir(), 'kindred-pages-'));
  try {
    mkdirSync(join(ws.dir, 'saved'));
    writeFileSync(join(ws.dir, 'saved/here.html'), page('Here Page'));
    mkdirSync(join(elsewhere, 'pages'));
    writeFileSync(join(elsewhere, 'pages/far.html'), page('Far Page'));
    writeFileSync(join(elsewhere, 'single.html'), page('Single Page'));
    const { out } = await run(['saved', join(ws.dir, 'saved/here.html'), join(elsewhere, 'pages'), join(elsewhere, 'single.html'), '--vault', 'vault', '--on-duplicate', 'keep-both', '--json'], ws.dir);
    assert.deepEqual((JSON.parse(out) as ImportJson).items.map((i) => i.input), [
      'saved/here.html',
      'saved/here.html',
      join(elsewhere, 'pages/far.html'),
      join(elsewhere, 'single.html'),
    ]);
    assert.doesNotMatch(out, /\.\.\//);
  } finally {
    ws.done();
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test('the summary counts agree with their nouns', async () => {
  const ws = workspace();
  try {
    writeFileSync(join(ws.dir, 'a.html'), page('Only Page'));
    const { out } = await run(['a.html', '--vault', 'vault'], ws.dir);
    assert.match(out, /^1 item: 1 created, 0 updated, 0 skipped, 0 failed$/m);
  } finally {
    ws.done();
  }
});
