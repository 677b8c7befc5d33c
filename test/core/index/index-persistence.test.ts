import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexFixture, paragraph } from './index-fixture';
import { MANIFEST_NAME } from '../../../src/core/index/manifest-codec';
import { bucketOf as bucketIn, NOTES_PER_KEYWORD_BUCKET } from '../../../src/core/index/keyword-layout';

const notes = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`Notes/note ${i}.md`, `# Part ${i}\n${paragraph(`word${i}q`, 40)}\n\n# More\n${paragraph(`more${i}q`, 300)}`]),
);

/** Two notes a bucket: the twelve notes are spread over eight keyword buckets. */
const PER_BUCKET = 2;
const bucketOf = (path: string): number => bucketIn(path, 8);

/** Builds and saves an index, then returns the fixture with counts reset and the saved answers. */
async function builtIndex() {
  const fx = indexFixture(notes, { notesPerKeywordBucket: PER_BUCKET });
  const index = await fx.open();
  await index.sync();
  const answers = {
    keyword: await index.keywordSearch({ text: 'word3q1 more7q2', limit: 5 }),
    matrix: index.noteMatrix(),
  };
  await index.close();
  fx.embedder.resetCounts();
  return { fx, answers };
}

const bucketName = (kind: string, path: string): string => `index/${kind}-${String(bucketOf(path)).padStart(2, '0')}.bin`;

test('the index is stored as a manifest, note and keyword buckets and vector shards, never one file', async () => {
  const { fx } = await builtIndex();
  const names = [...fx.store.files.keys()];
  assert.ok(names.includes(MANIFEST_NAME));
  assert.ok(names.some((n) => /^index\/notes-\d\d\.bin$/.test(n)));
  assert.ok(names.some((n) => /^index\/keyword-\d\d\.bin$/.test(n)));
  assert.ok(names.some((n) => /^index\/vectors\/shard-\d{5}\.bin$/.test(n)));
  // Every file starts with the sealed-file magic "KND1".
  for (const [name, bytes] of fx.store.files) assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), 'KND1', name);
});

const DAMAGED = { corrupt: 'corrupted', truncate: 'truncated', delete: 'deleted' } as const;
for (const damage of ['corrupt', 'truncate', 'delete'] as const) {
  test(`a ${DAMAGED[damage]} manifest: open warns, never throws; sync rebuilds without re-embedding`, async () => {
    const { fx, answers } = await builtIndex();
    if (damage === 'corrupt') fx.store.corrupt(MANIFEST_NAME, 80);
    else if (damage === 'truncate') fx.store.truncate(MANIFEST_NAME, 30);
    else fx.store.files.delete(MANIFEST_NAME);
    const index = await fx.open();
    assert.equal(index.warnings.length, 1);
    assert.match(index.warnings[0], /manifest/);
    assert.equal(index.noteCount(), 0);
    const summary = await index.sync();
    assert.equal(summary.notes, 12);
    assert.equal(fx.embedder.calls, 0, 'the vector shards are intact and content-addressed');
    assert.deepEqual(await index.keywordSearch({ text: 'word3q1 more7q2', limit: 5 }), answers.keyword);
  });

  test(`a ${DAMAGED[damage]} note bucket costs a rescan of that bucket's notes only`, async () => {
    const { fx } = await builtIndex();
    const name = bucketName('notes', 'Notes/note 3.md');
    if (damage === 'corrupt') fx.store.corrupt(name, 200);
    else if (damage === 'truncate') fx.store.truncate(name, 100);
    else fx.store.files.delete(name);
    const index = await fx.open();
    assert.match(index.warnings.join('\n'), new RegExp(name.replace(/[.]/g, '\\.')));
    const lost = Object.keys(notes).filter((p) => bucketOf(p) === bucketOf('Notes/note 3.md')).length;
    assert.equal(index.noteCount(), 12 - lost);
    const summary = await index.sync();
    assert.equal(summary.indexedNotes, lost);
    assert.equal(summary.notes, 12);
    assert.equal(fx.embedder.calls, 0);
  });

  test(`a ${DAMAGED[damage]} keyword bucket is rebuilt from the notes, with no embedding`, async () => {
    const { fx, answers } = await builtIndex();
    const name = bucketName('keyword', 'Notes/note 3.md');
    if (damage === 'corrupt') fx.store.corrupt(name, 500);
    else if (damage === 'truncate') fx.store.truncate(name, 60);
    else fx.store.files.delete(name);
    const index = await fx.open();
    await index.whenKeywordReady();
    assert.match(index.warnings.join('\n'), /keyword/);
    assert.deepEqual(await index.keywordSearch({ text: 'word3q1 more7q2', limit: 5 }), answers.keyword);
    await index.sync();
    assert.equal(fx.embedder.calls, 0);
    const again = await fx.open();
    assert.deepEqual(again.warnings, [], 'the rebuilt bucket was saved');
  });

  test(`a ${DAMAGED[damage]} vector shard re-embeds exactly the lost vectors`, async () => {
    const { fx, answers } = await builtIndex();
    const shards = [...fx.store.files.keys()].filter((n) => n.startsWith('index/vectors/'));
    assert.equal(shards.length, 1);
    if (damage === 'corrupt') fx.store.corrupt(shards[0], 4000);
    else if (damage === 'truncate') fx.store.truncate(shards[0], 1000);
    else fx.store.files.delete(shards[0]);
    const index = await fx.open();
    if (damage !== 'delete') assert.match(index.warnings.join('\n'), /Vector file/);
    assert.equal(index.noteMatrix().paths.length, 0, 'no vectors, no made-up answers');
    assert.equal(index.noteCount(), 12, 'the notes and keyword side are intact');
    const summary = await index.sync();
    assert.equal(summary.embeddedChunks, index.stats().chunks);
    assert.deepEqual(index.noteMatrix(), answers.matrix);
  });
}

test('a bucket file left over from an interrupted save (valid, but not the one the manifest pins) is rebuilt', async () => {
  const { fx } = await builtIndex();
  const name = bucketName('notes', 'Notes/note 5.md');
  const older = fx.store.files.get(name)!;
  // Another save rewrites the bucket; then the old file comes back, as if the new one never landed.
  const index = await fx.open();
  fx.vault.modify('Notes/note 5.md', '# Part 5\nshort now');
  await index.sync();
  fx.store.files.set(name, older);
  const reopened = await fx.open();
  assert.match(reopened.warnings.join('\n'), /interrupted save/);
  await reopened.sync();
  assert.match(await reopened.passageText(reopened.getNote('Notes/note 5.md')!.chunks[0]), /short now/);
});

test('a changed model re-embeds everything, with a warning', async () => {
  const { fx } = await builtIndex();
  const { FakeEmbedder } = await import('../../helpers/fake-embedder');
  const other = new FakeEmbedder(48);
  const index = await fx.open();
  index.setEmbedder(other);
  assert.match(index.warnings.join('\n'), /model changed/);
  const summary = await index.sync();
  assert.equal(summary.embeddedChunks, index.stats().chunks);
  assert.equal(index.dims, 48);
});

test('a new chunk size re-chunks every note, with a warning; passages whose text is unchanged are not embedded again', async () => {
  const long = ['# Long', paragraph('long', 400)].join('\n\n');
  const fx = indexFixture({ 'short.md': paragraph('short', 30), 'long.md': long });
  const first = await fx.open();
  await first.sync();
  const before = first.getNote('long.md')!.chunks.length;
  await first.close();
  fx.embedder.resetCounts();

  const index = await fx.open({ maxTokens: 120 });
  assert.match(index.warnings.join('\n'), /chunk size changed \(360 → 120 tokens\)/);
  const summary = await index.sync();
  assert.equal(summary.indexedNotes, 2, 'every note is chunked again');
  const after = index.getNote('long.md')!.chunks.length;
  assert.ok(after > before, `smaller chunks: ${after} > ${before}`);
  assert.ok(!fx.embedder.embeddedTexts.some((t) => t.includes('short0')), 'the one-chunk note kept its vector');
  assert.equal(summary.embeddedChunks, after);
  await index.close();

  const reopened = await fx.open({ maxTokens: 120 });
  assert.deepEqual(reopened.warnings, [], 'the new size was saved');
});

test('stats report notes, chunks and the files on disk', async () => {
  const { fx } = await builtIndex();
  const index = await fx.open();
  const stats = index.stats();
  assert.equal(stats.notes, 12);
  assert.equal(stats.embeddedNotes, 12);
  assert.equal(stats.files, fx.store.files.size);
  assert.equal(stats.bytesOnDisk, [...fx.store.files.values()].reduce((n, b) => n + b.length, 0));
  assert.equal(stats.largestFile!.bytes, Math.max(...[...fx.store.files.values()].map((b) => b.length)));
});

test('opened without its keyword side (for stats), the index reads only notes and vectors and refuses keyword work', async () => {
  const { fx } = await builtIndex();
  const index = await fx.open({ loadKeyword: false });
  assert.equal(index.stats().notes, 12);
  assert.equal(index.noteMatrix().paths.length, 12);
  await assert.rejects(index.keywordSearch({ text: 'word1q1', limit: 3 }), /without its keyword side/);
  await assert.rejects(index.sync(), /without its keyword side/);
});

test('stats of a fully embedded index opened without a model (as kindred stats opens it) say it is not keyword-only', async () => {
  const { fx } = await builtIndex();
  const index = await fx.open({ loadKeyword: false }, false);
  const stats = index.stats();
  assert.equal(stats.embeddedNotes, 12);
  assert.equal(stats.keywordOnly, false, 'its vectors answer related notes');
  const never = indexFixture(notes);
  const keywordOnly = await never.open({}, false);
  await keywordOnly.sync();
  assert.equal(keywordOnly.stats().keywordOnly, true, 'no vectors: keyword only');
});

test('an index saved with another number of keyword buckets keeps its notes and vectors; only the keyword side is rebuilt', async () => {
  const { fx, answers } = await builtIndex();
  const { decodeManifest, encodeManifest } = await import('../../../src/core/index/manifest-codec');
  const { decodeNoteRecords } = await import('../../../src/core/index/note-record');
  const { sealFile, sealedChecksum, sealedKind } = await import('../../../src/core/index/checksum');
  // At the default size of a bucket, twelve notes make one.
  const KEYWORD_BUCKETS = 1;
  const defaults = { notesPerKeywordBucket: NOTES_PER_KEYWORD_BUCKET };
  // Lay the saved records out as an older Kindred did: 16 buckets by the same path hash, in JSON,
  // no keyword files for them, and a manifest that does not name the bucket count.
  const OLD = 16;
  const fnv = (path: string): number => {
    let h = 0x811c9dc5;
    for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 0x01000193);
    return (h >>> 0) % OLD;
  };
  const manifest = decodeManifest(fx.store.files.get(MANIFEST_NAME)!);
  const records = [...fx.store.files].filter(([n]) => /^index\/notes-/.test(n)).flatMap(([, bytes]) => decodeNoteRecords(bytes));
  assert.equal(records.length, 12);
  for (const name of [...fx.store.files.keys()]) if (/^index\/(notes|keyword)-/.test(name)) fx.store.files.delete(name);
  const files = Object.fromEntries(Object.entries(manifest.files).filter(([n]) => !/^index\/(notes|keyword)-/.test(n)));
  for (let b = 0; b < OLD; b++) {
    const inBucket = records.filter((r) => fnv(r.path) === b);
    if (inBucket.length === 0) continue;
    const name = `index/notes-${String(b).padStart(2, '0')}.bin`;
    const bytes = sealFile('notes', new TextEncoder().encode(JSON.stringify(inBucket)));
    fx.store.files.set(name, bytes);
    files[name] = sealedChecksum(bytes);
  }
  delete manifest.keywordBuckets;
  fx.store.files.set(MANIFEST_NAME, encodeManifest({ ...manifest, files }));

  const index = await fx.open(defaults);
  assert.match(index.warnings.join('\n'), /laid out in 1 part now \(it was 16\)/);
  assert.equal(index.noteCount(), 12, 'every note record is read from the 16 old files');
  assert.deepEqual(index.noteMatrix(), answers.matrix, 'related notes answer at once, from the same vectors');
  await index.whenKeywordReady();
  assert.deepEqual(await index.keywordSearch({ text: 'word3q1 more7q2', limit: 5 }), answers.keyword);
  const summary = await index.sync();
  assert.equal(summary.embeddedChunks, 0);
  assert.equal(fx.embedder.calls, 0, 'nothing is embedded again');
  // The save lays the files out anew and removes the old ones.
  const saved = decodeManifest(fx.store.files.get(MANIFEST_NAME)!);
  assert.equal(saved.keywordBuckets, KEYWORD_BUCKETS);
  const bucketFiles = [...fx.store.files.keys()].filter((n) => /^index\/(notes|keyword)-/.test(n));
  assert.ok(bucketFiles.every((n) => Number(/-(\d\d)\.bin$/.exec(n)![1]) < KEYWORD_BUCKETS), bucketFiles.join(', '));
  assert.deepEqual(Object.keys(saved.files).filter((n) => /^index\/(notes|keyword)-/.test(n)).sort(), bucketFiles.sort());
  for (const name of bucketFiles.filter((n) => n.includes('/notes-'))) assert.equal(sealedKind(fx.store.files.get(name)!), 'notes2', `${name} is written in binary`);
  await index.close();
  const reopened = await fx.open(defaults);
  assert.deepEqual(reopened.warnings, []);
  await reopened.whenKeywordReady();
  assert.deepEqual(await reopened.keywordSearch({ text: 'word3q1 more7q2', limit: 5 }), answers.keyword);
});
