import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FileInfo } from '../../../src/core/ports';
import { IndexingQueue, orderForIndexing } from '../../../src/core/index/indexing-order';

const file = (path: string, mtime: number): FileInfo => ({ path, mtime, size: 100 });
const vault = [file('Inbox/old.md', 1), file('Essays/b.md', 5), file('Essays/a.md', 9), file('Essays/Deep/c.md', 20), file('top.md', 30), file('Inbox/new.md', 40)];

test('the open note first, then its folder, then the rest, newest first in each group', () => {
  assert.deepEqual(orderForIndexing(vault, { path: 'Essays/b.md' }).map((f) => f.path), ['Essays/b.md', 'Essays/a.md', 'Inbox/new.md', 'top.md', 'Essays/Deep/c.md', 'Inbox/old.md']);
});

test('with no note open, the most recently modified notes come first; a note at the root brings the root forward', () => {
  assert.deepEqual(orderForIndexing(vault, { path: null }).map((f) => f.path), ['Inbox/new.md', 'top.md', 'Essays/Deep/c.md', 'Essays/a.md', 'Essays/b.md', 'Inbox/old.md']);
  assert.deepEqual(orderForIndexing(vault, { path: 'root-note-not-indexed.md' }).map((f) => f.path).slice(0, 1), ['top.md']);
});

test('equal times are ordered by path, so a build is the same every time', () => {
  const same = [file('b.md', 1), file('a.md', 1), file('c.md', 1)];
  assert.deepEqual(orderForIndexing(same, { path: null }).map((f) => f.path), ['a.md', 'b.md', 'c.md']);
});

test('opening another note mid-build brings it and its folder forward for the next batch', () => {
  const focus = { path: null as string | null };
  const queue = new IndexingQueue(vault, () => focus);
  assert.deepEqual(queue.take(2).map((f) => f.path), ['Inbox/new.md', 'top.md']);
  focus.path = 'Inbox/old.md';
  assert.deepEqual(queue.take(2).map((f) => f.path), ['Inbox/old.md', 'Essays/Deep/c.md']);
  assert.equal(queue.remaining, 2);
  assert.deepEqual(queue.rest().map((f) => f.path), ['Essays/a.md', 'Essays/b.md']);
  assert.deepEqual(queue.take(5).map((f) => f.path), ['Essays/a.md', 'Essays/b.md']);
  assert.deepEqual(queue.take(1), []);
});
