import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NoteRecord } from '../../../src/core/index/note-record';
import { onlyTouched, planEmbedding, planSync, planSyncSteps } from '../../../src/core/index/sync-plan';
import { staleBlankingSteps } from '../../../src/core/index/stale-blanking';
import { runSteps } from '../../../src/core/index/time-slicer';

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

test('the plan made in slices is the plan made at once, with a pause every 2,048 notes looked at', () => {
  // 5,000 indexed notes; the vault has 4,000 of them (every fifth changed) and 500 new ones.
  const many = new Map(Array.from({ length: 5000 }, (_, i) => [`n${i}.md`, record(`n${i}.md`)]));
  const found = [...Array.from({ length: 4000 }, (_, i) => ({ path: `n${i}.md`, mtime: i % 5 === 0 ? 2 : 1, size: 10 })), ...Array.from({ length: 500 }, (_, i) => ({ path: `new${i}.md`, mtime: 1, size: 1 }))];
  const steps = planSyncSteps(many, { complete: true, found }, never);
  let pauses = 0;
  let step = steps.next();
  for (; !step.done; step = steps.next()) pauses++;
  const atOnce = planSync(many, { complete: true, found }, never);
  assert.deepEqual(step.value.toIndex, atOnce.toIndex);
  assert.deepEqual([...step.value.removed], [...atOnce.removed]);
  assert.equal(atOnce.toIndex.length, 800 + 500);
  assert.equal(atOnce.removed.size, 1000);
  assert.equal(pauses, 6, 'a pause every 2,048 looked at: 4,500 files, 5,000 records, then the files again');
});

test('the notes to chunk again are found in slices too, all of them or only those named', () => {
  const lined = (path: string, lines: number[], blanked: number[]): NoteRecord => ({ ...record(path), lines, blanked });
  const many = new Map(Array.from({ length: 3000 }, (_, i) => [`n${i}.md`, i % 3 === 0 ? lined(`n${i}.md`, [7, 8], []) : lined(`n${i}.md`, [7], [7])]));
  const repeated = new Set([7]);
  const all = runSteps(staleBlankingSteps(many, repeated, null));
  assert.equal(all.length, 1000, 'every third note holds line 7 without blanking it');
  assert.ok(all.every((f) => Number(f.path.slice(1, -3)) % 3 === 0));
  assert.deepEqual(runSteps(staleBlankingSteps(many, repeated, ['n0.md', 'n1.md', 'gone.md'])).map((f) => f.path), ['n0.md']);
  let pauses = 0;
  const steps = staleBlankingSteps(many, repeated, null);
  while (!steps.next().done) pauses++;
  assert.equal(pauses, 1, 'a pause after 2,048 of the 3,000 records');
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
