import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sealedKind } from '../../../src/core/index/checksum';
import { chunkNote } from '../../../src/core/index/chunk-note';
import type { IndexReader } from '../../../src/core/index/index-reader';
import type { KindredIndex } from '../../../src/core/index/kindred-index';
import { MANIFEST_NAME, decodeManifest } from '../../../src/core/index/manifest-codec';
import { tokenize } from '../../../src/core/index/tokenize';
import { FLOAT_SHARD_KIND, SHARD_KIND } from '../../../src/core/index/vector-shard-codec';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { searchNotes } from '../../../src/core/rank/search-notes';
import { rewriteAsFloatIndex } from '../../helpers/float-shards';
import { floatView, int8View } from '../../helpers/vector-views';
import { indexFixture, paragraph } from './index-fixture';

// Twelve notes on overlapping topics, several chunks each, so rankings have something to order.
const topics = ['river', 'bridge', 'forest', 'harbour', 'desert', 'glacier'];
const notes: Record<string, string> = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [
    `Notes/n${String(i).padStart(2, '0')}.md`,
    [`# ${topics[i % 6]} ${i}`, paragraph(topics[i % 6], 120), `# ${topics[(i + 1) % 6]}`, paragraph(topics[(i + 1) % 6], 90 + i), '# Coda', paragraph(`coda${i}x`, 40)].join('\n\n'),
  ]),
);
const paths = Object.keys(notes).sort();
const QUERIES = ['river bridge', 'forest glacier desert', 'harbour', 'coda3x1 river'];

/** The float vectors the fixture's embedder gives each chunk of the notes: what a float index saved. */
function floatsAsEmbedded(embed: (text: string) => Float32Array): (chunkId: string) => Float32Array {
  const byId = new Map<string, Float32Array>();
  for (const text of Object.values(notes)) for (const chunk of chunkNote(text)) byId.set(chunk.id, embed(chunk.embeddedText));
  return (id) => {
    const vector = byId.get(id);
    if (!vector) throw new Error(`no chunk ${id}`);
    return vector;
  };
}

/** What related notes (vectors only, and the default fused ranking) and semantic search answer, with scores. */
async function answers(reader: IndexReader, readText: (path: string) => Promise<string>, embedQuery: (text: string) => Promise<Float32Array>) {
  const related: Array<{ path: string; score: number }[]> = [];
  for (const path of paths) {
    const source = (await sourceFromIndexedNote(reader, path, readText))!;
    for (const strategy of ['vector', 'fused'] as const) {
      const answer = await rankRelated(reader, source, { k: 8, strategy, tokenize, withoutPassages: true });
      related.push(answer.results.map((r) => ({ path: r.path, score: r.score })));
    }
  }
  const semantic: Array<{ path: string; score: number }[]> = [];
  for (const text of QUERIES) {
    const results = await searchNotes(reader, { text, mode: 'semantic', k: 8 }, { tokenize, embedQuery, withoutPassages: true });
    semantic.push(results.map((r) => ({ path: r.path, score: r.score })));
  }
  return { related, semantic };
}

/** The rankings as lists of paths, and every score to 6 places (float sums in another order differ in the last bits). */
function rounded(a: Awaited<ReturnType<typeof answers>>) {
  const round = (lists: Array<{ path: string; score: number }[]>) => lists.map((list) => list.map((r) => `${r.path} ${r.score.toFixed(6)}`));
  return { related: round(a.related), semantic: round(a.semantic) };
}

async function built() {
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  await index.close();
  const readText = (path: string) => fx.vault.read(path);
  const embedQuery = (text: string) => Promise.resolve(fx.embedder.vectorOf(text));
  return { fx, readText, embedQuery };
}

test('related notes and semantic search from the int8 index are those of the int8 view of the same float vectors', async () => {
  const { fx, readText, embedQuery } = await built();
  const index = await fx.open();
  await index.whenKeywordReady();
  // The float side: the index's notes with their chunk vectors as embedded; the int8 view of it is
  // compact vectors as bench/vector-quality.bench.ts measures them.
  const simulated = int8View(floatView(index, floatsAsEmbedded((t) => fx.embedder.vectorOf(t))));
  const got = await answers(index, readText, embedQuery);
  assert.deepEqual(rounded(got), rounded(await answers(simulated, readText, embedQuery)));
  assert.ok(got.related.every((list) => list.length > 0) && got.semantic.every((list) => list.length > 0), 'every call answered');
  assert.deepEqual(index.noteMatrix(), simulated.noteMatrix(), 'the same int8 note matrix, code for code');
  await index.close();
});

test('an index saved with float shards opens without embedding anything, answers as if built int8, and the next save rewrites the shards as int8', async () => {
  const { fx, readText, embedQuery } = await built();
  const reference = await fx.open();
  await reference.whenKeywordReady();
  const expected = await answers(reference, readText, embedQuery);
  const expectedMatrix = reference.noteMatrix();
  await reference.close();
  const int8Bytes = shardBytes(fx.store.files);

  // The same notes as an earlier Kindred saved them: float shards, a manifest that names no vector format.
  rewriteAsFloatIndex(fx.store, floatsAsEmbedded((t) => fx.embedder.vectorOf(t)));
  const floatShards = shardNames(fx.store.files);
  assert.ok(floatShards.length > 0 && floatShards.every((name) => sealedKind(fx.store.files.get(name)!) === FLOAT_SHARD_KIND));
  assert.equal(decodeManifest(fx.store.files.get(MANIFEST_NAME)!).vectorFormat, undefined);
  const floatBytes = shardBytes(fx.store.files);
  fx.embedder.calls = 0;

  const index: KindredIndex = await fx.open();
  await index.whenKeywordReady();
  assert.deepEqual(index.noteMatrix(), expectedMatrix, 'the float vectors quantised as they are read');
  assert.deepEqual(rounded(await answers(index, readText, embedQuery)), rounded(expected));
  assert.equal(index.stats().embeddedNotes, paths.length);
  const summary = await index.sync();
  assert.equal(summary.embeddedChunks, 0);
  assert.equal(fx.embedder.calls, 0, 'nothing was embedded: not on opening, not by the sync, not by the save');

  // The sync changed no note, and its save still rewrote every shard as int8: the disk shrinks too.
  const now = shardNames(fx.store.files);
  assert.ok(now.length > 0 && now.every((name) => sealedKind(fx.store.files.get(name)!) === SHARD_KIND));
  assert.ok(now.every((name) => !floatShards.includes(name)), 'new names: a crash half-way leaves the float shards to read');
  assert.equal(decodeManifest(fx.store.files.get(MANIFEST_NAME)!).vectorFormat, 'int8');
  assert.equal(shardBytes(fx.store.files), int8Bytes);
  assert.ok(shardBytes(fx.store.files) < floatBytes / 2.5, `${shardBytes(fx.store.files)} bytes of int8 shards against ${floatBytes} of float`);
  await index.close();

  // Reopened from the int8 shards: the same answers again, and a save with nothing new writes nothing.
  const reopened = await fx.open();
  await reopened.whenKeywordReady();
  assert.deepEqual(rounded(await answers(reopened, readText, embedQuery)), rounded(expected));
  fx.store.writes = [];
  await reopened.sync();
  assert.deepEqual(fx.store.writes, []);
  assert.equal(fx.embedder.calls, 0);
  await reopened.close();
});

const shardNames = (files: Map<string, Uint8Array>): string[] => [...files.keys()].filter((n) => n.startsWith('index/vectors/')).sort();
const shardBytes = (files: Map<string, Uint8Array>): number => shardNames(files).reduce((sum, name) => sum + files.get(name)!.length, 0);
