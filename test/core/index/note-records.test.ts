import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NoteRecord } from '../../../src/core/index/note-record';
import { NoteRecords } from '../../../src/core/index/note-records';

const record = (path: string, ids: string[]): NoteRecord => ({ path, mtime: 0, size: 0, hash: '', title: path, folder: '', tags: [], frontMatter: {}, linkTargets: [], chunks: ids.map((id) => ({ id, headingPath: [], start: 0, end: 1 })) });

/** Records, and every liveness change they reported, as `id +` or `id -`. */
function watched() {
  const records = new NoteRecords();
  const changes: string[] = [];
  records.live.watch((id, live) => changes.push(`${id} ${live ? '+' : '-'}`));
  return { records, changes };
}

test('a chunk two notes share stays live until the last of them goes', () => {
  const { records, changes } = watched();
  records.set('a.md', record('a.md', ['x', 'y']));
  records.set('b.md', record('b.md', ['y']));
  assert.deepEqual(changes, ['x +', 'y +']);
  records.delete('a.md');
  assert.ok(records.live.has('y'));
  assert.ok(!records.live.has('x'));
  records.delete('b.md');
  assert.ok(!records.live.has('y'));
  assert.deepEqual(changes, ['x +', 'y +', 'x -', 'y -']);
});

test('a record replaced by one with some of the same chunks never reports those dead', () => {
  const { records, changes } = watched();
  records.set('a.md', record('a.md', ['x', 'y']));
  records.set('a.md', record('a.md', ['y', 'z']));
  // The same chunks again (a touched note): nothing changes.
  records.set('a.md', record('a.md', ['y', 'z']));
  assert.deepEqual(changes, ['x +', 'y +', 'z +', 'x -']);
  assert.deepEqual([...records.keys()], ['a.md']);
});

test('a chunk a note has twice is live until that note goes', () => {
  const { records } = watched();
  records.set('a.md', record('a.md', ['x', 'x']));
  records.set('b.md', record('b.md', ['x']));
  records.delete('b.md');
  assert.ok(records.live.has('x'));
  records.delete('a.md');
  assert.ok(!records.live.has('x'));
});

test('deleting a path that has no record, or clearing, keeps the counts right', () => {
  const { records, changes } = watched();
  records.set('a.md', record('a.md', ['x']));
  assert.equal(records.delete('gone.md'), false);
  assert.ok(records.live.has('x'));
  records.set('b.md', record('b.md', ['y']));
  records.clear();
  assert.equal(records.size, 0);
  assert.equal(records.live.size, 0);
  assert.deepEqual(changes, ['x +', 'y +', 'x -', 'y -']);
});

test('the records count the notes holding each line, whichever way they change', () => {
  const records = new NoteRecords();
  const note = (path: string, lines: number[]) => ({ path, mtime: 0, size: 0, hash: '', title: '', folder: '', tags: [], frontMatter: {}, linkTargets: [], chunks: [], lines });
  for (let i = 0; i < 20; i++) records.set(`n${i}.md`, note(`n${i}.md`, [1, 100 + i]));
  assert.deepEqual([...records.lines.repeated()], [1], 'a line in twenty notes');
  records.set('n0.md', note('n0.md', [100]));
  assert.deepEqual([...records.lines.repeated()], [], 'replaced: nineteen');
  records.set('n0.md', note('n0.md', [1]));
  records.delete('n1.md');
  assert.deepEqual([...records.lines.repeated()], []);
  records.set('n1.md', note('n1.md', [1]));
  assert.deepEqual([...records.lines.repeated()], [1]);
  records.clear();
  assert.equal(records.lines.noteCount, 0);
  assert.deepEqual([...records.lines.repeated()], []);
});

test('records loaded from a saved index are counted before anything reads the counts', () => {
  const { records, changes } = watched();
  records.load(record('a.md', ['x', 'y']));
  records.load(record('b.md', ['y']));
  assert.equal(records.size, 2, 'the records are there at once');
  assert.deepEqual(changes, [], 'their chunks are not counted yet');
  assert.ok(records.live.has('x'), 'the first question counts them');
  assert.deepEqual(changes, ['x +', 'y +']);
  records.delete('a.md');
  assert.deepEqual(changes, ['x +', 'y +', 'x -']);
});

test('changing a record that was loaded but not yet counted keeps the counts right', () => {
  const { records, changes } = watched();
  records.load(record('a.md', ['x']));
  records.set('a.md', record('a.md', ['z']));
  records.load(record('b.md', ['x']));
  records.delete('b.md');
  assert.deepEqual(changes, ['x +', 'z +', 'x -', 'x +', 'x -']);
  assert.ok(!records.live.has('x') && records.live.has('z'));
  // Loading a path already held replaces its record as `set` does.
  records.load(record('a.md', ['w']));
  assert.ok(records.live.has('w') && !records.live.has('z'));
});

test('counting loaded records in slices gives the counts that setting them gives', async () => {
  const note = (i: number): NoteRecord => ({ ...record(`n${i}.md`, [`c${i}`, `c${i % 7}`]), lines: [1, 100 + (i % 3)] });
  const set = new NoteRecords();
  const loaded = new NoteRecords();
  for (let i = 0; i < 50; i++) {
    set.set(`n${i}.md`, note(i));
    loaded.load(note(i));
  }
  let breaths = 0;
  const live: string[] = [];
  loaded.live.watch((id, isLive) => isLive && live.push(id));
  await loaded.countLoaded(async () => void breaths++, 8);
  assert.equal(breaths, 7, 'fifty records, eight at a time');
  assert.equal(live.length, 50, 'each chunk id reported live once');
  assert.equal(loaded.live.size, set.live.size);
  assert.equal(loaded.lines.noteCount, set.lines.noteCount);
  assert.deepEqual([...loaded.lines.repeated()], [...set.lines.repeated()]);
  for (let i = 0; i < 50; i++) loaded.delete(`n${i}.md`);
  assert.equal(loaded.live.size, 0);
  assert.equal(loaded.lines.noteCount, 0);
});
