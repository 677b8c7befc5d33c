import type { Problem } from '../../../src/core/problems';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNote } from '../../../src/core/index/describe-note';
import { IndexFiles, KEYWORD_FILE, NOTES_FILE } from '../../../src/core/index/index-files';
import { KeywordBuckets } from '../../../src/core/index/keyword-buckets';
import { decodeManifest, MANIFEST_NAME } from '../../../src/core/index/manifest-codec';
import { bucketOf as bucketIn } from '../../../src/core/index/keyword-layout';
import type { NoteRecord } from '../../../src/core/index/note-record';
import { TimeSlicer } from '../../../src/core/index/time-slicer';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { ManualClock } from './index-fixture';

const texts: Record<string, string> = { 'a.md': '# Apples\nred apples and pears', 'b.md': '# Boats\nsail boats on the lake', 'c.md': 'cats asleep' };
const record = (path: string): NoteRecord => {
  const d = describeNote(path, texts[path]);
  return { path, mtime: 1, size: 1, hash: path, title: d.title, folder: d.folder, tags: d.tags, frontMatter: d.frontMatter, linkTargets: d.linkTargets, chunks: [{ id: '0'.repeat(32), headingPath: ['H'], start: 0, end: 1 }] };
};

const BUCKETS = 4;
const bucketOf = (path: string): number => bucketIn(path, BUCKETS);

function setup(store = new MemoryBlobStore()) {
  const warnings: string[] = [];
  const slicer = new TimeSlicer(new ManualClock());
  const warn = (p: Problem) => warnings.push(p.message);
  const keyword = new KeywordBuckets(warn, slicer);
  keyword.layOut(BUCKETS);
  return { store, warnings, files: new IndexFiles(store, slicer, warn), keyword };
}

test('a save writes the two files of each changed bucket and pins them; with nothing changed, nothing', async () => {
  const fx = setup();
  const records = Object.keys(texts).map(record);
  for (const r of records) fx.keyword.put(r, describeNote(r.path, texts[r.path]));
  assert.equal(fx.keyword.unsaved, true);
  await fx.keyword.save(records, fx.files);
  const buckets = new Set(records.map((r) => bucketOf(r.path)));
  const expected = [...buckets].flatMap((b) => [NOTES_FILE(b), KEYWORD_FILE(b)]).sort();
  assert.deepEqual([...fx.store.files.keys()].sort(), expected);
  assert.equal(fx.keyword.unsaved, false);
  await fx.files.writeManifest({ format: 1, chunkerVersion: 1, modelId: null, dims: 0 });
  assert.deepEqual(Object.keys(decodeManifest(fx.store.files.get(MANIFEST_NAME)!).files), expected);
  assert.deepEqual((fx.keyword.search('boats', 5, undefined, undefined)).map((h) => h.path), ['b.md']);
});

test('removing the last note of a bucket unpins its files; touching a note saves its bucket again', async () => {
  const fx = setup();
  const a = record('a.md');
  fx.keyword.put(a, describeNote('a.md', texts['a.md']));
  await fx.keyword.save([a], fx.files);
  fx.keyword.touch('a.md');
  assert.equal(fx.keyword.unsaved, true);
  fx.keyword.remove('a.md');
  await fx.keyword.save([], fx.files);
  await fx.files.writeManifest({ format: 1, chunkerVersion: 1, modelId: null, dims: 0 });
  assert.deepEqual(decodeManifest(fx.store.files.get(MANIFEST_NAME)!).files, {});
  assert.deepEqual(fx.keyword.search('apples', 5, undefined, undefined), []);
});

test('loading: a damaged keyword bucket is rebuilt from the notes and saved again; the others load as saved', async () => {
  const first = setup();
  const records = Object.keys(texts).map(record);
  for (const r of records) first.keyword.put(r, describeNote(r.path, texts[r.path]));
  await first.keyword.save(records, first.files);
  await first.files.writeManifest({ format: 1, chunkerVersion: 1, modelId: null, dims: 0 });
  const damaged = KEYWORD_FILE(bucketOf('b.md'));
  first.store.corrupt(damaged, 60);

  const fx = setup(first.store);
  const manifest = (await fx.files.readManifest())!;
  const byPath = new Map(records.map((r) => [r.path, r]));
  const noteBuckets = new Set(records.map((r) => bucketOf(r.path)));
  fx.keyword.startLoading(byPath, noteBuckets, manifest, fx.files, new MemoryVault(texts));
  await fx.keyword.whenReady();
  assert.match(fx.warnings.join('\n'), new RegExp(`${damaged.replace('.', '\\.')} is unusable \\(checksum mismatch`));
  for (const [word, path] of [['apples', 'a.md'], ['boats', 'b.md'], ['cats', 'c.md']]) {
    assert.deepEqual(fx.keyword.search(word, 5, undefined, undefined).map((h) => h.path), [path], word);
  }
  assert.equal(fx.keyword.unsaved, true, 'the rebuilt bucket waits for the next save');
});
