import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NoteRecord } from '../../../src/core/index/note-record';
import { onlyTouched, planEmbedding, planSync } from '../../../src/core/index/sync-plan';

const record = (path: string, mtime = 1, size = 10, hash = 'h'): NoteRecord => ({ path, mtime, size, hash, title: path, folder: '', tags: [], frontMatter: {}, linkTargets: [], chunks: [] });
const records = new Map(['a.md', 'b.md', 'c.md'].map((p) => [p, record(p)]));
const never = () => false;

test('a full scan indexes new and changed notes (mtime or size) and drops every indexed note it did not find', () => {
  const plan = planSync(records, { complete: true, found: [{ path: 'a.md', mtime: 1, size: 10 }, { path: 'b.md', mtime: 2, size: 10 }, { path: 'c.md', mtime: 1, size: 11 }, { path: 'new.md', mtime: 1, size: 1 }] }, never);
  assert.deepEqual(plan.toIndex.map((f) => f.path), ['b.md', 'c.md', 'new.md']);
  assert.deepEqual([...plan.removed], []);
  const emptied = planSync(records, { complete: true, found: [{ path: 'b.md', mtime: 1, size: 10 }] }, never);
  assert.deepEqual(emptied.toIndex, []);
  assert.deepEqual([...emptied.removed].sort(), ['a.md', 'c.md']);
});

test('after vault events only the named notes are looked at: gone ones drop if indexed, found ones never drop', () => {
  const plan = planSync(records, { complete: false, found: [{ path: 'a.md', mtime: 5, size: 10 }], gone: ['b.md', 'never-indexed.md', 'a.md'] }, never);
  assert.deepEqual(plan.toIndex.map((f) => f.path), ['a.md']);
  assert.deepEqual([...plan.removed], ['b.md'], 'c.md is not named, so it stays');
});

test('an unchanged note with work pending (vectors missing, a re-chunk) is indexed again', () => {
  const plan = planSync(records, { complete: true, found: [...records.values()].map(({ path, mtime, size }) => ({ path, mtime, size })) }, (r) => r.path === 'c.md');
  assert.deepEqual(plan.toIndex.map((f) => f.path), ['c.md']);
});

test('a note read again with the same text and no work pending is only touched', () => {
  assert.equal(onlyTouched(record('a.md'), 'h', never), true);
  assert.equal(onlyTouched(record('a.md'), 'other', never), false);
  assert.equal(onlyTouched(record('a.md'), 'h', () => true), false);
  assert.equal(onlyTouched(undefined, 'h', never), false);
});

test('a batch embeds each new chunk once, however many notes share it, and counts the known ones as reused', () => {
  const plan = planEmbedding(
    [
      new Map([['x', 'text x'], ['k', 'known']]),
      new Map([['x', 'text x'], ['y', 'text y'], ['k', 'known']]),
    ],
    (id) => id === 'k',
  );
  assert.deepEqual([...plan.wanted], [['x', 'text x'], ['y', 'text y']]);
  assert.equal(plan.reused, 2);
});
