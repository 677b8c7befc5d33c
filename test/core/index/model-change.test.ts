import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KindredIndex, type IndexOptions } from '../../../src/core/index/kindred-index';
import { MANIFEST_NAME, decodeManifest } from '../../../src/core/index/manifest-codec';
import { decodeVectorShard } from '../../../src/core/index/vector-shard-codec';
import { quantiseRows } from '../../../src/core/index/int8-vectors';
import { tokenize } from '../../../src/core/index/tokenize';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { ReembeddingError, searchNotes } from '../../../src/core/rank/search-notes';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { ManualClock, paragraph } from './index-fixture';

// Six notes on three topics, two notes each, with some words shared across topics, so related
// notes and searches have an order worth keeping. Two sections each: two chunks per note.
const topics = ['river', 'bridge', 'forest'];
const notes: Record<string, string> = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => {
    const topic = topics[i % 3];
    // "also" + i keeps each second section its own: identical text would be one chunk, embedded once.
    const text = [`# ${topic} ${i}`, `${paragraph(topic, 90)} ${paragraph(`own${i}x`, 40)}`, '# Also', `${paragraph(topics[(i + 1) % 3], 80)} water stone also${i}`].join('\n\n');
    return [`n${i}.md`, text];
  }),
);
const CHUNKS = 12;

// Same dimensions on purpose: vectors of the two models could be mixed without any error, so
// only the answers can show that they were not.
const modelA = (): FakeEmbedder => new FakeEmbedder(32, 'model-a');
const modelB = (): FakeEmbedder => new FakeEmbedder(32, 'model-b');

/** A vault and an index store that outlive any one opening of the index, as the plugin folder does. */
function plugin() {
  const vault = new MemoryVault(notes);
  const store = new MemoryBlobStore();
  const clock = new ManualClock();
  return {
    vault,
    store,
    /** Opens the index and waits for its passage vectors (see `openEarly` for the time before). */
    open: async (embedder: FakeEmbedder | null, options: Partial<IndexOptions> = {}) => {
      const index = await KindredIndex.open({ vault, store, embedder, clock }, { batchNotes: 2, ...options });
      await index.whenVectorsReady();
      return index;
    },
    openEarly: (embedder: FakeEmbedder | null, options: Partial<IndexOptions> = {}) =>
      KindredIndex.open({ vault, store, embedder, clock }, { batchNotes: 2, ...options }),
    /** The model ids in the headers of the vector files in the store. */
    shardModels: (): Set<string> =>
      new Set([...store.files.keys()].filter((n) => n.startsWith('index/vectors/')).map((n) => decodeVectorShard(store.files.get(n)!).modelId)),
    manifest: () => decodeManifest(store.files.get(MANIFEST_NAME)!),
  };
}

/** What related notes answer (and the matrix they rank from), to compare before, during and after a re-embedding. */
async function answers(index: KindredIndex) {
  const readWhole = (path: string) => index.passageText({ id: '', notePath: path, headingPath: [], start: 0, end: Infinity, vector: new Float32Array() });
  const source = await sourceFromIndexedNote(index, 'n0.md', readWhole);
  assert.ok(source, 'n0.md has a vector to rank from');
  // Passage pairs come from the chunk vectors: they must stay with one model too.
  const related = await rankRelated(index, source, { k: 5, tokenize });
  return { matrix: index.noteMatrix(), related: related.results };
}

/** The answers of an index built from scratch with `embedder` alone. */
async function builtWith(embedder: FakeEmbedder) {
  const fresh = plugin();
  const index = await fresh.open(embedder);
  await index.sync();
  return answers(index);
}

/** An index built and saved with model A; the answers it gave. */
async function builtWithA() {
  const p = plugin();
  const first = await p.open(modelA());
  await first.sync();
  const before = await answers(first);
  await first.close();
  return { p, before };
}

/**
 * Opens the index with `embedder` (a new model), lets the re-embedding run for `notes` notes, then
 * stops it (as closing Obsidian would) and closes the index; returns what that sync reported.
 */
async function stopReembeddingAfter(p: ReturnType<typeof plugin>, embedder: FakeEmbedder, notes = 2) {
  const index = await p.open(embedder);
  const controller = new AbortController();
  index.onProgress((progress) => {
    if (progress.phase === 'indexing' && progress.done === notes) controller.abort();
  });
  const summary = await index.sync(controller.signal);
  await index.close();
  return summary;
}

test('after a model change, the old vectors answer related notes until every note is embedded again, then the new ones in one step', async () => {
  const { p, before } = await builtWithA();
  const b = modelB();
  const index = await p.open(b);
  assert.match(index.warnings.join('\n'), /model changed \(model-a → model-b\).*related notes answer from model-a/);
  assert.equal(index.modelId, 'model-a', 'the vectors exposed are the old model’s');
  assert.equal(index.pendingModelId, 'model-b');

  index.onProgress((progress) => {
    if (progress.phase === 'indexing' && progress.done === 2) index.pause();
  });
  const running = index.sync();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(index.paused, true);
  assert.equal(b.embeddedTexts.length, 4, 'two notes (four chunks) are embedded with the new model so far');

  // Half-way: the answers are exactly the old ones, the notes just re-embedded included.
  assert.deepEqual(await answers(index), before);
  assert.deepEqual(quantiseRows(index.getNote('n0.md')!.vector!, 32).codes, before.matrix.vectors.codes.subarray(0, 32));

  // A query can only be embedded with the new model: not compared with the old vectors at all.
  let queriesEmbedded = 0;
  const context = { tokenize, embedQuery: (text: string) => (queriesEmbedded++, Promise.resolve(b.vectorOf(text))) };
  const keyword = await searchNotes(index, { text: 'river bridge', mode: 'keyword' }, context);
  const hybrid = await searchNotes(index, { text: 'river bridge', mode: 'hybrid' }, context);
  assert.ok(keyword.length > 0);
  assert.deepEqual(hybrid, keyword, 'hybrid answers by keyword');
  await assert.rejects(searchNotes(index, { text: 'river bridge', mode: 'semantic' }, context), (error: unknown) => {
    assert.ok(error instanceof ReembeddingError);
    assert.match((error as Error).message, /Semantic search is back once every note has been embedded again with the new model \(model-b\)/);
    return true;
  });
  assert.equal(queriesEmbedded, 0);
  // Text the old model has not embedded gets no vector (its caller ranks it by keywords).
  assert.deepEqual(await index.embedText('something never indexed'), { chunks: [], vector: null });

  index.resume();
  const summary = await running;
  assert.equal(summary.embeddedChunks, CHUNKS);
  assert.equal(index.modelId, 'model-b');
  assert.equal(index.pendingModelId, null);
  assert.deepEqual(await answers(index), await builtWith(modelB()), 'the new model’s answers, as a build from scratch gives');
  assert.notDeepEqual(index.noteMatrix().vectors, before.matrix.vectors);
  assert.deepEqual(p.shardModels(), new Set(['model-b']), 'the old model’s shards are gone');
  assert.equal(p.manifest().building, undefined);

  const hybridAfter = await searchNotes(index, { text: 'river bridge', mode: 'hybrid' }, context);
  assert.equal(queriesEmbedded, 1, 'semantic and hybrid search are back');
  assert.ok(hybridAfter.length > 0);
});

test('a restart half-way comes back in the same state and embeds only what was not embedded yet', async () => {
  const { p, before } = await builtWithA();
  const b1 = modelB();
  const partial = await stopReembeddingAfter(p, b1, 4);
  assert.equal(partial.aborted, true);
  assert.equal(b1.embeddedTexts.length, 8);

  // Both generations are on disk; the manifest names the one answering and the one being built.
  assert.deepEqual(p.shardModels(), new Set(['model-a', 'model-b']));
  assert.equal(p.manifest().modelId, 'model-a');
  assert.deepEqual(p.manifest().building, { modelId: 'model-b', dims: 32 });

  const b2 = modelB();
  const reopened = await p.open(b2);
  assert.match(reopened.warnings.join('\n'), /still being embedded again with model-b; related notes answer from model-a/);
  assert.equal(reopened.modelId, 'model-a');
  assert.deepEqual(await answers(reopened), before);
  const rest = await reopened.sync();
  assert.equal(b2.embeddedTexts.length, CHUNKS - 8, 'only the two notes not embedded before the restart');
  assert.deepEqual(b2.embeddedTexts.filter((t) => b1.embeddedTexts.includes(t)), []);
  assert.equal(rest.indexedNotes, 2);
  assert.deepEqual(await answers(reopened), await builtWith(modelB()));
  assert.deepEqual(p.shardModels(), new Set(['model-b']));
});

test('opened without an embedder half-way (as `kindred index` does), then given the new model, it carries on', async () => {
  const { p, before } = await builtWithA();
  const b1 = modelB();
  await stopReembeddingAfter(p, b1);

  const reopened = await p.open(null);
  assert.equal(reopened.modelId, 'model-a');
  assert.deepEqual(await answers(reopened), before);
  const b2 = modelB();
  reopened.setEmbedder(b2);
  await reopened.sync();
  assert.equal(b2.embeddedTexts.length, CHUNKS - 4);
  assert.deepEqual(await answers(reopened), await builtWith(modelB()));
});

test('a crash before the first save of a re-embedding keeps the checkpointed vectors, even opened without an embedder', async () => {
  const { p, before } = await builtWithA();
  const b1 = modelB();
  const realEmbed = b1.embed.bind(b1);
  let calls = 0;
  b1.embed = (texts) => (++calls === 3 ? Promise.reject(new Error('power cut')) : realEmbed(texts));
  const first = await p.open(b1, { checkpointMs: 0 });
  await assert.rejects(first.sync(), /power cut/);
  assert.equal(p.manifest().building, undefined, 'no save since the model changed: the old manifest');

  const reopened = await p.open(null);
  assert.deepEqual(reopened.warnings, [], 'the new model’s shards are kept aside, not called unusable');
  assert.deepEqual(await answers(reopened), before);
  const b2 = modelB();
  reopened.setEmbedder(b2);
  const summary = await reopened.sync();
  assert.equal(summary.embeddedChunks, CHUNKS - 8, 'the two checkpointed batches are not embedded again');
  assert.deepEqual(await answers(reopened), await builtWith(modelB()));
  assert.deepEqual(p.shardModels(), new Set(['model-b']));
});

test('going back to the old model half-way drops the new model’s vectors and embeds nothing', async () => {
  const { p, before } = await builtWithA();
  await stopReembeddingAfter(p, modelB());

  const a = modelA();
  const back = await p.open(a);
  assert.equal(back.pendingModelId, null);
  await back.sync();
  assert.equal(a.calls, 0);
  assert.deepEqual(await answers(back), before);
  assert.deepEqual(p.shardModels(), new Set(['model-a']));
});

test('a third model set half-way: the old vectors still answer, the half-built ones are dropped, no shard is left behind', async () => {
  const { p, before } = await builtWithA();
  await stopReembeddingAfter(p, modelB());

  const c = new FakeEmbedder(32, 'model-c');
  const index = await p.open(c);
  assert.doesNotMatch(index.warnings.join('\n'), /unusable/, 'the given-up model’s files are not damage');
  assert.equal(index.modelId, 'model-a');
  assert.equal(index.pendingModelId, 'model-c');
  assert.deepEqual(await answers(index), before);
  await index.sync();
  assert.equal(c.embeddedTexts.length, CHUNKS);
  assert.deepEqual(await answers(index), await builtWith(new FakeEmbedder(32, 'model-c')));
  assert.deepEqual(p.shardModels(), new Set(['model-c']));
});

test('a damaged vector file of either model during a re-embedding: a warning, nothing thrown, the rebuild completes', async () => {
  const { p, before } = await builtWithA();
  // Two files of the old model: a one-note edit adds a small shard (n5's new chunk) beside the first.
  const edit = await p.open(modelA());
  p.vault.modify('n5.md', notes['n5.md'] + ' estuary');
  await edit.sync();
  await edit.close();
  const shardsOf = (model: string) =>
    [...p.store.files.keys()]
      .filter((n) => n.startsWith('index/vectors/') && decodeVectorShard(p.store.files.get(n)!).modelId === model)
      .sort((x, y) => p.store.files.get(x)!.length - p.store.files.get(y)!.length);
  const [smallOldShard] = shardsOf('model-a');

  const b1 = modelB();
  await stopReembeddingAfter(p, b1);
  const [newShard] = shardsOf('model-b');
  p.store.corrupt(smallOldShard, 200);
  p.store.corrupt(newShard, 200);

  const reopened = await p.open(modelB());
  assert.match(reopened.warnings.join('\n'), new RegExp(`Vector file ${smallOldShard} is unusable`));
  assert.match(reopened.warnings.join('\n'), new RegExp(`Vector file ${newShard} is unusable`));
  // What is left of the old vectors still answers: every note but the one whose vector was lost.
  assert.equal(reopened.modelId, 'model-a');
  const matrix = reopened.noteMatrix();
  assert.deepEqual(matrix.paths, ['n0.md', 'n1.md', 'n2.md', 'n3.md', 'n4.md']);
  assert.deepEqual(matrix.vectors.codes, before.matrix.vectors.codes.subarray(0, 5 * 32));
  assert.deepEqual(matrix.vectors.scales, before.matrix.vectors.scales.subarray(0, 5));

  const summary = await reopened.sync();
  assert.equal(summary.embeddedChunks, CHUNKS, 'the lost new vectors are embedded again');
  assert.equal(reopened.modelId, 'model-b');
  assert.deepEqual(p.shardModels(), new Set(['model-b']));
  p.vault.modify('n5.md', notes['n5.md']);
  await reopened.sync();
  assert.deepEqual(await answers(reopened), await builtWith(modelB()));
});

test('with every file of the old model unusable, the new model’s vectors answer as they come, as in a first build', async () => {
  const { p } = await builtWithA();
  await stopReembeddingAfter(p, modelB());
  for (const name of p.store.files.keys()) {
    if (name.startsWith('index/vectors/') && decodeVectorShard(p.store.files.get(name)!).modelId === 'model-a') p.store.truncate(name, 100);
  }

  const index = await p.open(modelB());
  assert.match(index.warnings.join('\n'), /Vector file .* is unusable/);
  assert.equal(index.pendingModelId, null);
  assert.equal(index.modelId, 'model-b');
  // A sync takes the newest notes first, and the vault dates each note after the one before.
  assert.deepEqual(index.noteMatrix().paths, ['n4.md', 'n5.md'], 'the two notes embedded with the new model so far');
  const b = modelB();
  const semantic = await searchNotes(index, { text: 'river', mode: 'semantic', k: 2 }, { tokenize, embedQuery: (text) => Promise.resolve(b.vectorOf(text)) });
  assert.deepEqual(semantic.map((r) => r.path).sort(), ['n4.md', 'n5.md']);
  await index.sync();
  assert.deepEqual(await answers(index), await builtWith(modelB()));
  assert.deepEqual(p.shardModels(), new Set(['model-b']));
});
