import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkVectors } from '../../../src/core/index/chunk-vectors';
import { LiveChunks } from '../../../src/core/index/live-chunks';
import type { NoteRecord } from '../../../src/core/index/note-record';
import { NoteViews } from '../../../src/core/index/note-views';
import { dequantiseRows, emptyInt8Rows } from '../../../src/core/index/int8-vectors';
import { LinkResolver } from '../../../src/core/index/resolve-links';

const id = (n: number): string => n.toString(16).padStart(32, '0');
const record = (path: string, ids: string[], links: string[] = []): NoteRecord => ({ path, mtime: 0, size: 0, hash: '', title: path, folder: '', tags: [], frontMatter: {}, linkTargets: links, chunks: ids.map((i) => ({ id: i, headingPath: [], start: 0, end: 1 })) });

function setup() {
  const records = new Map<string, NoteRecord>([
    ['b.md', record('b.md', [id(2)])],
    ['a.md', record('a.md', [id(1)], ['b'])],
    ['c.md', record('c.md', [id(3)])],
  ]);
  const vectors = new ChunkVectors('m', 2, new LiveChunks());
  vectors.add(id(1), Float32Array.from([1, 0]));
  vectors.add(id(2), Float32Array.from([0, 1]));
  const views = new NoteViews(records, new LinkResolver(records.keys()), () => vectors);
  return { records, vectors, views };
}

test('note entries come in path order, with links resolved, and a note without every vector has none', () => {
  const { views } = setup();
  assert.deepEqual([...views.allNotes()].map((n) => n.path), ['a.md', 'b.md', 'c.md']);
  assert.deepEqual(views.getNote('a.md')!.links, ['b.md']);
  assert.deepEqual([...views.getNote('a.md')!.vector!], [1, 0]);
  assert.equal(views.getNote('c.md')!.vector, null);
  assert.deepEqual(views.getNote('c.md')!.chunks, []);
  assert.deepEqual(views.noteMatrix().paths, ['a.md', 'b.md']);
});

test('entries are cached until invalidated; a content change recomputes one matrix row, equal to a rebuild', () => {
  const { records, vectors, views } = setup();
  const entry = views.getNote('b.md');
  const before = views.noteMatrix();
  assert.equal(views.getNote('b.md'), entry, 'cached');
  vectors.add(id(4), Float32Array.from([0.6, 0.8]));
  records.set('b.md', record('b.md', [id(4)]));
  views.invalidate(false, 'b.md');
  assert.notEqual(views.getNote('b.md'), entry);
  const after = views.noteMatrix();
  assert.deepEqual([...dequantiseRows(before.vectors)], [1, 0, 0, 1], 'the matrix handed out before is unchanged');
  const fresh = new NoteViews(records, new LinkResolver(records.keys()), () => vectors).noteMatrix();
  assert.deepEqual(after.paths, fresh.paths);
  assert.deepEqual(after.vectors, fresh.vectors);
  // A note that gains its vectors has no row yet: the matrix is rebuilt.
  vectors.add(id(3), Float32Array.from([1, 0]));
  views.invalidate(false, 'c.md');
  assert.deepEqual(views.noteMatrix().paths, ['a.md', 'b.md', 'c.md']);
});

test('without vectors to answer with, there is no matrix and no note vector', () => {
  const records = new Map([['a.md', record('a.md', [id(1)])]]);
  const views = new NoteViews(records, new LinkResolver(records.keys()), () => null);
  assert.deepEqual(views.noteMatrix(), { paths: [], vectors: emptyInt8Rows(0, 0) });
  assert.equal(views.getNote('a.md')!.vector, null);
});
