import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// A real full disk: the vault is a tmpfs of a few pages, mounted in a private mount namespace by
// `unshare --map-root-user --mount` (no root needed where user namespaces are allowed), and the
// real `kindred` runs inside it. The mount lives only as long as the shell, so the shell lists
// what is left on it before it ends.

const ROOT = resolve(__dirname, '../..');

function canMountTmpfs(): boolean {
  const r = spawnSync('unshare', ['--map-root-user', '--mount', 'sh', '-c', `d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d"`], { encoding: 'utf8' });
  return r.status === 0;
}

/**
 * Runs `script` with a fresh tmpfs of `size` at $VAULT (a vault: it has .obsidian), `kindred` as
 * "$NODE" --import tsx "$MAIN"; prints what is left on the disk after `::files::`.
 */
function onTinyDisk(size: string, script: string): { status: number | null; out: string; err: string; files: string[] } {
  const vault = mkdtempSync(join(tmpdir(), 'kindred-tiny-disk-'));
  const r = spawnSync(
    'unshare',
    ['--map-root-user', '--mount', 'sh', '-c', `mount -t tmpfs -o size=${size} tmpfs "$VAULT" && mkdir "$VAULT/.obsidian" && ${script}; code=$?; echo ::files::; cd "$VAULT" && find . -type f | sort; exit $code`],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, VAULT: vault, NODE: process.execPath, MAIN: join(ROOT, 'src/cli/main.ts') }, timeout: 120_000 },
  );
  const [out, listing = ''] = r.stdout.split('::files::\n');
  return { status: r.status, out, err: r.stderr, files: listing.split('\n').filter(Boolean).map((f) => f.replace(/^\.\//, '')) };
}

const paragraph = (i: number) => `<p>Paragraph ${i} of a long post about the habits of careful readers, with enough words to matter to the extractor.</p>`;

test('a clip that fills the disk fails with a message in words and leaves no truncated temporary among the notes', (t) => {
  if (!canMountTmpfs()) return t.skip('unshare cannot mount a tmpfs here (user namespaces are off): the in-process ENOSPC tests still run');
  const page = join(mkdtempSync(join(tmpdir(), 'kindred-big-page-')), 'big.html');
  writeFileSync(page, `<!DOCTYPE html><html><head><title>Big page</title></head><body><article><h1>Big page</h1>${Array.from({ length: 3000 }, (_, i) => paragraph(i)).join('')}</article></body></html>`);
  const r = onTinyDisk('160k', `"$NODE" --import tsx "$MAIN" import ${JSON.stringify(page)} --vault "$VAULT" --json`);
  assert.equal(r.status, 1, r.err);
  const { items } = JSON.parse(r.out) as { items: { status: string; error: string }[] };
  assert.equal(items[0].status, 'failed');
  assert.equal(items[0].error, `could not clip ${page}: the disk is full: nothing was changed (writing Clippings/Big page.md)`);
  assert.deepEqual(r.files.filter((f) => !f.startsWith('.obsidian/')), [], 'no Clippings/Big page.md.<hex>.tmp, no half note');
  assert.deepEqual(r.files.filter((f) => f.endsWith('.tmp')), []);
});

test('an index that fills the disk stops with a message in words, leaves no temporary, and changes no note', (t) => {
  if (!canMountTmpfs()) return t.skip('unshare cannot mount a tmpfs here (user namespaces are off): the in-process ENOSPC tests still run');
  // Ten notes of 8 KB fill 80 of the 128 KB; the index's 17 files (a page each at least) need more than is left.
  const notes = Array.from({ length: 10 }, (_, i) => `yes 'distinct words for note ${i} about reading' | head -c 8000 > "$VAULT/n${i}.md"`).join(' && ');
  const r = onTinyDisk('128k', `${notes} && sha1sum "$VAULT"/*.md > "\${TMPDIR:-/tmp}/kindred-before-$$" && "$NODE" --import tsx "$MAIN" index --keyword-only --vault "$VAULT"; code=$?; sha1sum "$VAULT"/*.md | cmp -s - "\${TMPDIR:-/tmp}/kindred-before-$$" && echo notes-unchanged; (exit $code)`);
  assert.equal(r.status, 1, r.out + r.err);
  assert.match(r.err, /^error: The disk is full: nothing was changed \(writing index\/[^)]+\)\. /);
  assert.match(r.out, /notes-unchanged/);
  assert.deepEqual(r.files.filter((f) => f.endsWith('.tmp')), [], 'no shard or bucket .tmp left');
  assert.equal(r.files.filter((f) => f.endsWith('.md')).length, 10);
});
