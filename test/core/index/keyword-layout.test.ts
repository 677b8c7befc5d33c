import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keywordBucketsFor, NOTES_PER_KEYWORD_BUCKET } from '../../../src/core/index/keyword-layout';
import { decodeManifest, MANIFEST_NAME } from '../../../src/core/index/manifest-codec';
import { indexFixture, paragraph } from './index-fixture';

test('the bucket count is a power of two with at most the notes a bucket holds in each; small vaults keep one', () => {
  assert.equal(keywordBucketsFor(0, 1), 1);
  assert.equal(keywordBucketsFor(NOTES_PER_KEYWORD_BUCKET, 1), 1);
  assert.equal(keywordBucketsFor(NOTES_PER_KEYWORD_BUCKET + 1, 1), 2);
  assert.equal(keywordBucketsFor(10_000, 1, 2000), 8);
  assert.equal(keywordBucketsFor(50_000, 1, 2000), 32);
  // A count that is not a power of two (a hand-made manifest) is never kept.
  assert.equal(keywordBucketsFor(12, 3, 2000), 1);
});

test('at a boundary the count does not flip: it doubles past the top of its band and halves only at a quarter of it', () => {
  assert.equal(keywordBucketsFor(16_000, 8, 2000), 8, 'full, not past');
  assert.equal(keywordBucketsFor(16_001, 8, 2000), 16, 'one note past: doubled');
  assert.equal(keywordBucketsFor(15_990, 16, 2000), 16, 'a few notes fewer again: kept');
  assert.equal(keywordBucketsFor(8_001, 16, 2000), 16, 'down to just over a quarter: kept');
  assert.equal(keywordBucketsFor(8_000, 16, 2000), 4, 'a quarter: the count that fits');
  assert.equal(keywordBucketsFor(8_001, 4, 2000), 8, 'and from there it grows again only past its own top');
});

const note = (i: number): string => `# Note ${i}\n\n${paragraph(`word${i}q`, 60)}\n\n## More\n\n${paragraph(`shared${i % 3}z`, 40)} common words here`;
const vaultOf = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Notes/n${i}.md`, note(i)]));
const QUERIES = ['word3q1 shared1z2', 'common', 'word7q', 'shared0z3 words', 'word1q5 word4q2 here'];
const answers = async (index: { keywordSearch(q: { text: string; limit: number }): Promise<unknown> }) =>
  Promise.all(QUERIES.map((text) => index.keywordSearch({ text, limit: 20 })));
const savedBuckets = (fx: ReturnType<typeof indexFixture>): number | undefined => decodeManifest(fx.store.files.get(MANIFEST_NAME)!).keywordBuckets;
const bucketFiles = (fx: ReturnType<typeof indexFixture>): string[] => [...fx.store.files.keys()].filter((n) => /^index\/(notes|keyword)-/.test(n)).sort();

test('a vault that grows past the threshold is laid out again in a sync: nothing embedded or read again, the same scores, the count in the manifest', async () => {
  // Two notes a bucket: six notes make four buckets, ten make eight.
  const fx = indexFixture(vaultOf(6), { notesPerKeywordBucket: 2 });
  const index = await fx.open();
  await index.sync();
  assert.equal(savedBuckets(fx), 4);
  const grown = vaultOf(10);
  for (let i = 6; i < 10; i++) await fx.vault.create(`Notes/n${i}.md`, grown[`Notes/n${i}.md`]);
  fx.embedder.resetCounts();
  const read = fx.vault.read.bind(fx.vault);
  const reads: string[] = [];
  fx.vault.read = (path: string) => (reads.push(path), read(path));

  const summary = await index.sync();
  assert.equal(summary.indexedNotes, 4, 'only the new notes are indexed');
  assert.deepEqual(reads.sort(), ['Notes/n6.md', 'Notes/n7.md', 'Notes/n8.md', 'Notes/n9.md'], 'the notes already indexed are not read again');
  assert.ok(summary.embeddedChunks > 0);
  assert.deepEqual(fx.embedder.embeddedTexts.filter((t) => /word[0-5]q/.test(t)), [], 'nothing of the notes already indexed is embedded again');
  assert.equal(savedBuckets(fx), 8);
  assert.deepEqual(bucketFiles(fx), Array.from({ length: 8 }, (_, b) => [`index/keyword-0${b}.bin`, `index/notes-0${b}.bin`]).flat().sort(), 'every bucket of the new layout, none of the old left');

  // BM25's statistics are the vault's, so the layout changes no score: the same as one bucket holding every note.
  const whole = indexFixture(grown, { notesPerKeywordBucket: 1000 });
  const oneBucket = await whole.open();
  await oneBucket.sync();
  assert.equal(savedBuckets(whole), 1);
  const expected = await answers(oneBucket);
  assert.ok((expected[0] as unknown[]).length >= 2, 'the queries find notes');
  assert.deepEqual(await answers(index), expected);
  await index.close();

  const reopened = await fx.open();
  assert.deepEqual(reopened.warnings, []);
  await reopened.whenKeywordReady();
  assert.deepEqual(await answers(reopened), expected);
  await reopened.close();
  await oneBucket.close();
});

test('a vault that shrinks slightly keeps its layout: one edit rewrites one bucket, not all', async () => {
  // Nine notes at two a bucket: just past four buckets' eight, so eight buckets.
  const fx = indexFixture(vaultOf(9), { notesPerKeywordBucket: 2 });
  const index = await fx.open();
  await index.sync();
  assert.equal(savedBuckets(fx), 8);
  const before = new Map(bucketFiles(fx).map((n) => [n, fx.store.files.get(n)]));
  await fx.vault.remove('Notes/n5.md');
  await index.sync();
  assert.equal(savedBuckets(fx), 8, 'back at eight notes, still eight buckets');
  const changed = [...new Set([...before.keys(), ...bucketFiles(fx)])].filter((n) => fx.store.files.get(n) !== before.get(n));
  assert.equal(changed.length, 2, `one bucket's two files rewritten or removed: ${changed.join(', ')}`);
  await index.close();
});
