import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sealedChecksum } from '../../../src/core/index/checksum';
import { NOTE_VECTORS_FILE } from '../../../src/core/index/index-files';
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { MANIFEST_NAME, decodeManifest, encodeManifest } from '../../../src/core/index/manifest-codec';
import type { NoteMatrix } from '../../../src/core/index/note-matrix';
import { decodeNoteVectors, encodeNoteVectors } from '../../../src/core/index/note-vector-codec';
import { tokenize } from '../../../src/core/index/tokenize';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { ManualClock, paragraph } from './index-fixture';

/** A store whose passage vectors can be held back, to see what the index answers before they load. */
class SlowVectorStore extends MemoryBlobStore {
  private gate: Promise<void> | null = null;
  private release: () => void = () => undefined;
  vectorReads = 0;

  hold(): void {
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  letGo(): void {
    this.gate = null;
    this.release();
  }

  override async read(name: string): Promise<Uint8Array | null> {
    if (name.startsWith('index/vectors/')) {
      if (this.gate) await this.gate;
      this.vectorReads++;
    }
    return super.read(name);
  }
}

// Eight notes on four topics, two sections each, so related notes have an order worth keeping.
const topics = ['river', 'bridge', 'forest', 'harbour'];
const notes: Record<string, string> = Object.fromEntries(
  Array.from({ length: 8 }, (_, i) => {
    const topic = topics[i % 4];
    const text = [`# ${topic} ${i}`, `${paragraph(topic, 90)} ${paragraph(`own${i}x`, 30)}`, '# Also', `${paragraph(topics[(i + 1) % 4], 70)} stone also${i}`].join('\n\n');
    return [`notes/n${i}.md`, text];
  }),
);

function plugin() {
  const vault = new MemoryVault(notes);
  const store = new SlowVectorStore();
  const clock = new ManualClock();
  const embedder = new FakeEmbedder(32, 'model-a');
  return {
    vault,
    store,
    embedder,
    open: (withEmbedder: FakeEmbedder | null = embedder) => KindredIndex.open({ vault, store, embedder: withEmbedder, clock }, { batchNotes: 3 }),
  };
}

/** Builds the index, and returns the note matrix the building index made from its passage vectors. */
async function build(fx: ReturnType<typeof plugin>): Promise<NoteMatrix> {
  const index = await fx.open();
  await index.sync();
  const matrix = index.noteMatrix();
  await index.close();
  return matrix;
}

const plain = (m: NoteMatrix) => ({ paths: m.paths, codes: [...m.vectors.codes], scales: [...m.vectors.scales] });

/** Related notes of one note, scores and order only (passages need the passage vectors). */
async function relatedOf(index: KindredIndex, path: string) {
  const source = await sourceFromIndexedNote(index, path, (p) => index.passageText({ id: '', notePath: p, headingPath: [], start: 0, end: Infinity, vector: new Float32Array() }));
  assert.ok(source, `${path} has a vector`);
  const answer = await rankRelated(index, source, { k: 5, tokenize });
  return answer.results.map((r) => ({ path: r.path, score: r.score }));
}

/** Rewrites the manifest so that it pins `name` at `bytes` (or not at all), as a save of that content would have. */
function pinInManifest(store: MemoryBlobStore, name: string, bytes: Uint8Array | null): void {
  const manifest = decodeManifest(store.files.get(MANIFEST_NAME)!);
  if (bytes) {
    store.files.set(name, bytes);
    manifest.files[name] = sealedChecksum(bytes);
    manifest.sizes = { ...manifest.sizes, [name]: bytes.length };
  } else {
    store.files.delete(name);
    delete manifest.files[name];
    if (manifest.sizes) delete manifest.sizes[name];
  }
  store.files.set(MANIFEST_NAME, encodeManifest(manifest));
}

test('an index opens with the note matrix saved beside its records: related notes answer before a passage vector is read, the same notes with the same scores', async () => {
  const fx = plugin();
  const built = await build(fx);
  const loaded = await fx.open();
  await loaded.whenLoaded();
  const expected = await relatedOf(loaded, 'notes/n0.md');
  await loaded.close();

  fx.store.hold();
  fx.store.vectorReads = 0;
  const early = await fx.open();
  assert.equal(fx.store.vectorReads, 0, 'no passage vector read yet');
  assert.deepEqual(plain(early.noteMatrix()), plain(built), 'the saved matrix is the one the passage vectors make');
  const note = early.getNote('notes/n0.md')!;
  assert.deepEqual(note.chunks, [], 'no passages before their vectors load');
  assert.ok(note.vector, 'the note vector comes from the saved matrix');
  await early.whenKeywordReady();
  // The same notes in the same order; the scores agree to float precision, not to the last bit:
  // the source's note vector is its saved int8 row here, the mean of its passages once they load.
  const answered = await relatedOf(early, 'notes/n0.md');
  assert.deepEqual(answered.map((r) => r.path), expected.map((r) => r.path));
  answered.forEach((r, i) => assert.ok(Math.abs(r.score - expected[i].score) < 1e-6, `${r.path}: ${r.score} against ${expected[i].score}`));

  fx.store.letGo();
  await early.whenVectorsReady();
  assert.ok(fx.store.vectorReads > 0);
  assert.ok(early.getNote('notes/n0.md')!.chunks.length > 0, 'the passages come once their vectors have loaded');
  assert.deepEqual(plain(early.noteMatrix()), plain(built));
  assert.deepEqual(early.warnings, []);
});

test('a sync started while the passage vectors load waits for them: nothing is embedded again', async () => {
  const fx = plugin();
  await build(fx);
  fx.store.hold();
  fx.embedder.resetCounts();
  const index = await fx.open();
  const syncing = index.sync();
  for (let i = 0; i < 20; i++) await Promise.resolve();
  fx.store.letGo();
  const summary = await syncing;
  assert.equal(summary.embeddedChunks, 0);
  assert.equal(fx.embedder.calls, 0);
  assert.equal(summary.indexedNotes, 0);
});

test('an index saved before note vectors were kept opens as before, without a warning, and its next save writes them', async () => {
  const fx = plugin();
  const built = await build(fx);
  const names = [...fx.store.files.keys()].filter((n) => n.startsWith('index/notevec-'));
  assert.ok(names.length > 0, 'a save writes note vectors');
  for (const name of names) pinInManifest(fx.store, name, null);

  const index = await fx.open();
  assert.deepEqual(index.warnings, []);
  assert.ok(index.getNote('notes/n1.md')!.chunks.length > 0, 'without saved note vectors, open waits for the passage vectors');
  assert.deepEqual(plain(index.noteMatrix()), plain(built));
  fx.embedder.resetCounts();
  const summary = await index.sync();
  assert.equal(summary.embeddedChunks, 0);
  await index.close();
  assert.deepEqual([...fx.store.files.keys()].filter((n) => n.startsWith('index/notevec-')).sort(), names.sort());

  fx.store.hold();
  const next = await fx.open();
  assert.deepEqual(plain(next.noteMatrix()), plain(built), 'the next open answers from them');
  fx.store.letGo();
  await next.close();
});

test('a note-vector file that does not belong to the records beside it is named and not used: the matrix is made from the passages', async () => {
  const fx = plugin();
  await build(fx);
  const name = NOTE_VECTORS_FILE(0);
  const before = fx.store.files.get(name)!.slice();
  // An edit, saved: the note's vector and key change.
  const index = await fx.open();
  fx.vault.modify('notes/n2.md', notes['notes/n2.md'] + '\n\n' + paragraph('lantern', 60));
  await index.sync();
  const edited = index.noteMatrix();
  await index.close();
  // The file of the save before, pinned as if it were this save's: its checksum holds, its keys do not.
  pinInManifest(fx.store, name, before);

  const reopened = await fx.open();
  assert.match(reopened.warnings.join('\n'), /index\/notevec-00\.bin is unusable \(its note vectors do not match the notes saved beside them\)/);
  assert.deepEqual(plain(reopened.noteMatrix()), plain(edited));
  fx.embedder.resetCounts();
  assert.equal((await reopened.sync()).embeddedChunks, 0, 'nothing is embedded again');
  await reopened.close();
});

test('a note saved without a vector whose passages have one gets its row once they load, as a rebuild would make it', async () => {
  const fx = plugin();
  const built = await build(fx);
  const name = NOTE_VECTORS_FILE(0);
  const saved = decodeNoteVectors(fx.store.files.get(name)!);
  // The third note's row written as "no vector yet".
  saved.rows.scales[2] = 0;
  saved.rows.codes.fill(0, 2 * saved.dims, 3 * saved.dims);
  pinInManifest(fx.store, name, await encodeNoteVectors(saved, () => Promise.resolve()));

  fx.store.hold();
  const index = await fx.open();
  assert.equal(index.noteMatrix().paths.length, built.paths.length - 1);
  fx.store.letGo();
  await index.whenVectorsReady();
  assert.deepEqual(plain(index.noteMatrix()), plain(built));
  await index.close();
});

test('opened with a new model while the passage vectors load, the saved model answers and the new one is pending', async () => {
  const fx = plugin();
  await build(fx);
  fx.store.hold();
  const index = await fx.open(new FakeEmbedder(32, 'model-b'));
  assert.equal(index.modelId, 'model-a');
  assert.equal(index.pendingModelId, 'model-b');
  assert.equal(index.stats().previousModelId, 'model-a');
  fx.store.letGo();
  await index.whenVectorsReady();
  assert.equal(index.modelId, 'model-a', 'the old vectors answer until the new model has embedded every note');
  assert.equal(index.pendingModelId, 'model-b');
  await index.close();
});

test('stats while the passage vectors load count the notes of the saved matrix as embedded', async () => {
  const fx = plugin();
  await build(fx);
  const loaded = await fx.open();
  await loaded.whenLoaded();
  // (The files on disk are counted as they are read, so those figures grow as the shards load.)
  const counts = ({ notes, chunks, embeddedNotes, embeddedChunks, modelId, dims, previousModelId, keywordOnly }: ReturnType<KindredIndex['stats']>) =>
    ({ notes, chunks, embeddedNotes, embeddedChunks, modelId, dims, previousModelId, keywordOnly });
  const expected = counts(loaded.stats());
  await loaded.close();
  fx.store.hold();
  const early = await fx.open();
  assert.deepEqual(counts(early.stats()), expected);
  fx.store.letGo();
  await early.close();
});
