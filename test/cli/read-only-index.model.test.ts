import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// A real read-only index folder, which root cannot write either: the vault is a tmpfs in a private
// mount namespace (`unshare --map-root-user --mount`, as test/cli/full-disk.test.ts does), indexed
// with the real model, then remounted read-only before `query`, `related` and `stats` run.

const ROOT = resolve(__dirname, '../..');

function canMountTmpfs(): boolean {
  const r = spawnSync('unshare', ['--map-root-user', '--mount', 'sh', '-c', `d=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && mount -o remount,ro "$d"`], { encoding: 'utf8' });
  return r.status === 0;
}

test('query, related and stats answer on a read-only index folder, and write nothing', { timeout: 300_000 }, (t) => {
  if (!canMountTmpfs()) return t.skip('unshare cannot mount a tmpfs here (user namespaces are off): the in-process read-only tests still run');
  const vault = mkdtempSync(join(tmpdir(), 'kindred-read-only-'));
  const notes = [
    ['cats.md', '# Cats\\n\\nMy cat sleeps most of the day and chases mice at night.'],
    ['kittens.md', '# Kittens\\n\\nThe kitten plays with a ball of yarn and naps beside the other cats.'],
    ['taxes.md', '# Taxes\\n\\nFile your income tax return before the deadline to avoid a penalty.'],
  ];
  const k = '"$NODE" --import tsx "$MAIN"';
  const script = [
    'mount -t tmpfs -o size=16m tmpfs "$VAULT"',
    'mkdir "$VAULT/.obsidian"',
    ...notes.map(([name, text]) => `printf '${text}\\n' > "$VAULT/${name}"`),
    `${k} index --vault "$VAULT" --workers 0 > /dev/null`,
    'find "$VAULT/.obsidian" -type f -exec sha1sum {} + | sort > "${TMPDIR:-/tmp}/kindred-ro-before-$$"',
    'mount -o remount,ro "$VAULT"',
    '(touch "$VAULT/probe" 2>/dev/null && echo still-writable) || echo read-only',
    `echo ::query::; ${k} query "a sleepy cat" --vault "$VAULT" --json; echo "::exit $?"`,
    `echo ::related::; ${k} related cats.md --vault "$VAULT" --json; echo "::exit $?"`,
    `echo ::stats::; ${k} stats --vault "$VAULT" --json; echo "::exit $?"`,
    'find "$VAULT/.obsidian" -type f -exec sha1sum {} + | sort | cmp -s - "${TMPDIR:-/tmp}/kindred-ro-before-$$" && echo files-unchanged',
  ].join(' && ');
  const r = spawnSync('unshare', ['--map-root-user', '--mount', 'sh', '-c', script], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, VAULT: vault, NODE: process.execPath, MAIN: join(ROOT, 'src/cli/main.ts') },
    timeout: 280_000,
  });
  const out = r.stdout;
  assert.match(out, /^read-only$/m, out + r.stderr);
  const section = (name: string) => out.split(`::${name}::\n`)[1].split('::exit ')[0];
  const exits = [...out.matchAll(/::exit (\d+)/g)].map((m) => m[1]);
  assert.deepEqual(exits, ['0', '0', '0'], r.stderr);
  const query = JSON.parse(section('query')) as { results: { path: string }[] };
  assert.equal(query.results[0].path, 'cats.md');
  const related = JSON.parse(section('related')) as { results: { path: string }[] };
  assert.equal(related.results[0].path, 'kittens.md');
  const stats = JSON.parse(section('stats')) as { notes: number; keywordOnly: boolean; warnings: string[] };
  assert.equal(stats.notes, 3);
  assert.equal(stats.keywordOnly, false);
  assert.deepEqual(stats.warnings, []);
  assert.doesNotMatch(r.stderr, /warning|error/i);
  assert.match(out, /^files-unchanged$/m, 'not a byte of the index changed');
});
