import type { Problem } from '../../../src/core/problems';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNote } from '../../../src/core/index/describe-note';
import { IndexFiles, KEYWORD_FILE, NOTES_FILE } from '../../../src/core/index/index-files';
import { KeywordBuckets } from '../../../src/core/index/keyword-buckets';
import { decodeManifest, MANIFEST_NAME } from '../../../src/core/index/manifest-codec';
import { bucketOf as bucketIn } from '../../../src/core/index/keyword-layout';
import type { NoteRecord } from '../../../src/core/index/note-record';
import { TimeSlicer } from '../../../src/core/index/time-slicer';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { ManualClock, indexFixture, paragraph } from './index-fixture';
import { searchNotes } from '../../../src/core/rank/search-notes';
import { tokenize } from '../../../src/core/index/tokenize';
import { sealFile } from '../../../src/core/index/checksum';

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
  await fx.keyword.save(records, fx.files, null);
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
  await fx.keyword.save([a], fx.files, null);
  fx.keyword.touch('a.md');
  assert.equal(fx.keyword.unsaved, true);
  fx.keyword.remove('a.md');
  await fx.keyword.save([], fx.files, null);
  await fx.files.writeManifest({ format: 1, chunkerVersion: 1, modelId: null, dims: 0 });
  assert.deepEqual(decodeManifest(fx.store.files.get(MANIFEST_NAME)!).files, {});
  assert.deepEqual(fx.keyword.search('apples', 5, undefined, undefined), []);
});

test('loading: a damaged keyword bucket is rebuilt from the notes and saved again; the others load as saved', async () => {
  const first = setup();
  const records = Object.keys(texts).map(record);
  for (const r of records) first.keyword.put(r, describeNote(r.path, texts[r.path]));
  await first.keyword.save(records, first.files, null);
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

test('loading: a keyword bucket an earlier Kindred wrote (Orama\'s JSON) is rebuilt from the notes without a warning', async () => {
  const first = setup();
  const records = Object.keys(texts).map(record);
  for (const r of records) first.keyword.put(r, describeNote(r.path, texts[r.path]));
  await first.keyword.save(records, first.files, null);
  // The file as Kindred wrote it before packed postings, pinned by its manifest as it was then.
  const earlier = KEYWORD_FILE(bucketOf('b.md'));
  const oramaJson = JSON.stringify({ internalDocumentIDStore: { internalIdToId: ['b.md'] }, index: { indexes: {} }, docs: { docs: {} }, termCounts: { format: 1 } });
  await first.files.write(earlier, sealFile('keyword', new TextEncoder().encode(oramaJson)), true);
  await first.files.writeManifest({ format: 1, chunkerVersion: 1, modelId: null, dims: 0 });

  const fx = setup(first.store);
  const byPath = new Map(records.map((r) => [r.path, r]));
  fx.keyword.startLoading(byPath, new Set(records.map((r) => bucketOf(r.path))), (await fx.files.readManifest())!, fx.files, new MemoryVault(texts));
  await fx.keyword.whenReady();
  assert.deepEqual(fx.warnings, [], 'an upgrade is not damage');
  assert.deepEqual(fx.keyword.search('boats', 5, undefined, undefined).map((h) => h.path), ['b.md']);
  assert.equal(fx.keyword.unsaved, true, 'the rebuilt bucket is written in the new form at the next save');
});

describe('while the keyword buckets load', { timeout: 20_000 }, () => {
  // Twelve notes at two a bucket: eight buckets. Reads of buckets 3 and up wait for `release`.
  const notes = Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [`Notes/n${i}.md`, `# Note ${i}\n\n${paragraph(`word${i}q`, 40)}\n\n${paragraph(`shared${i % 4}z`, 30)} common ground`]),
  );
  const held = /^index\/keyword-0[3-7]\.bin$/;
  const inLoaded = (path: string): boolean => bucketIn(path, 8) < 3;

  async function openHeld() {
    const fx = indexFixture(notes, { notesPerKeywordBucket: 2 });
    const built = await fx.open();
    await built.sync();
    await built.close();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = fx.store.read.bind(fx.store);
    fx.store.read = async (name: string) => {
      if (held.test(name)) await gate;
      return read(name);
    };
    const index = await fx.open();
    while (index.keywordParts()?.searched !== 3) await new Promise((resolve) => setImmediate(resolve));
    return { fx, index, release };
  }

  test('keyword search answers from the buckets loaded so far and says how many, with their statistics; then from all', async () => {
    const { index, release } = await openHeld();
    assert.ok(Object.keys(notes).some(inLoaded) && !Object.keys(notes).every(inLoaded), 'some notes in the loaded buckets, some not');
    const parts: Array<{ searched: number; total: number }> = [];
    const partial = await index.keywordSearch({ text: 'common shared1z3', limit: 20, onPartial: (p) => parts.push(p) });
    assert.deepEqual(parts, [{ searched: 3, total: 8 }]);
    assert.ok(partial.length > 0, 'the loaded buckets answer');
    assert.deepEqual(partial.filter((h) => !inLoaded(h.path)), [], 'only notes of the loaded buckets');
    // Their scores are BM25 over the notes loaded: the same as an index of those notes alone.
    const alone = indexFixture(Object.fromEntries(Object.entries(notes).filter(([p]) => inLoaded(p))));
    const loadedOnly = await alone.open();
    await loadedOnly.sync();
    assert.deepEqual(partial, await loadedOnly.keywordSearch({ text: 'common shared1z3', limit: 20 }));
    await loadedOnly.close();

    release();
    await index.whenKeywordReady();
    assert.equal(index.keywordParts(), null);
    const after: unknown[] = [];
    const whole = await index.keywordSearch({ text: 'common shared1z3', limit: 20, onPartial: (p) => after.push(p) });
    assert.deepEqual(after, [], 'not partial once every bucket has loaded');
    assert.ok(whole.some((h) => !inLoaded(h.path)), 'notes of every bucket');
    await index.close();
  });

  test('hybrid search works while the keyword side loads: the semantic side answers for every note, and it says the keyword side is partial', async () => {
    const { fx, index, release } = await openHeld();
    const parts: Array<{ searched: number; total: number }> = [];
    const embedQuery = async (q: string) => (await fx.embedder.embed([q]))[0];
    const results = await searchNotes(index, { text: 'word7q1 word7q2 word7q3', mode: 'hybrid', k: 5 }, { tokenize, embedQuery, onKeywordPartial: (p) => parts.push(p) });
    assert.deepEqual(parts, [{ searched: 3, total: 8 }]);
    assert.equal(inLoaded('Notes/n7.md'), false);
    // The words are n7's alone, and its bucket is loading: the keyword side finds nothing, the
    // semantic side answers for the whole vault.
    const semantic = await searchNotes(index, { text: 'word7q1 word7q2 word7q3', mode: 'semantic', k: 5 }, { tokenize, embedQuery });
    assert.ok(results.length > 0 && results.some((r) => !inLoaded(r.path)), 'notes of the buckets still loading');
    assert.deepEqual(results.map((r) => r.path), semantic.map((r) => r.path));
    const keywordOnly = await searchNotes(index, { text: 'word7q1', mode: 'keyword', k: 5 }, { tokenize });
    assert.deepEqual(keywordOnly, [], "n7's own words are in a bucket still loading");
    release();
    await index.whenKeywordReady();
    assert.equal((await searchNotes(index, { text: 'word7q1', mode: 'keyword', k: 5 }, { tokenize }))[0]?.path, 'Notes/n7.md');
    await index.close();
  });
});
