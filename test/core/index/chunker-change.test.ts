import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sealedChecksum } from '../../../src/core/index/checksum';
import { CHUNKER_VERSION, chunkNote } from '../../../src/core/index/chunk-note';
import type { KindredIndex } from '../../../src/core/index/kindred-index';
import { MANIFEST_NAME, decodeManifest, encodeManifest } from '../../../src/core/index/manifest-codec';
import { decodeNoteRecords, encodeNoteRecords } from '../../../src/core/index/note-record';
import { sha256Hex } from '../../../src/core/index/sha256';
import { decodeVectorShard, encodeVectorShard } from '../../../src/core/index/vector-shard-codec';
import { indexFixture, paragraph } from './index-fixture';

// Six notes of two sections, two chunks each.
const notes: Record<string, string> = Object.fromEntries(
  Array.from({ length: 6 }, (_, i) => [`n${i}.md`, [`# Part ${i}`, paragraph(`first${i}x`, 130), '# More', paragraph(`second${i}x`, 90)].join('\n\n')]),
);
const CHUNKS = 12;

/** The id an older chunker gave the passage that this one calls `id`. */
const olderId = (id: string): string => sha256Hex(`older chunker\n${id}`).slice(0, 32);

/**
 * An index as an older chunker left it: built, then every chunk id rewritten to another (the
 * chunker version is part of every id), with its vector reversed (another cut, another vector),
 * and the manifest naming the older chunker. Every file stays sealed and pinned, as a real one is.
 */
async function builtByAnOlderChunker() {
  const fx = indexFixture(notes, { batchNotes: 2 });
  const index = await fx.open();
  await index.sync();
  await index.close();
  const { store } = fx;
  const manifest = decodeManifest(store.files.get(MANIFEST_NAME)!);
  for (const name of Object.keys(manifest.files).filter((n) => /notes-\d\d\.bin$/.test(n))) {
    const records = decodeNoteRecords(store.files.get(name)!).map((r) => ({ ...r, chunks: r.chunks.map((c) => ({ ...c, id: olderId(c.id) })) }));
    const bytes = encodeNoteRecords(records);
    store.files.set(name, bytes);
    manifest.files[name] = sealedChecksum(bytes);
  }
  for (const name of [...store.files.keys()].filter((n) => n.startsWith('index/vectors/'))) {
    const shard = decodeVectorShard(store.files.get(name)!);
    const codes = new Int8Array(shard.rows.codes.length);
    for (let i = 0; i < shard.ids.length; i++) codes.set(shard.rows.codes.slice(i * shard.dims, (i + 1) * shard.dims).reverse(), i * shard.dims);
    store.files.set(name, encodeVectorShard({ ...shard, ids: shard.ids.map(olderId), rows: { ...shard.rows, codes } }));
  }
  store.files.set(MANIFEST_NAME, encodeManifest({ ...manifest, chunkerVersion: CHUNKER_VERSION - 1 }));
  fx.embedder.resetCounts();
  return fx;
}

/** The ids this chunker gives the note at `path`. */
function currentIds(index: KindredIndex, path: string): string[] {
  return chunkNote(notes[path]).map((c) => c.id);
}

const paths = Object.keys(notes).sort();
// The vault dates each note after the one before, and a sync takes the newest first: n5, n4, …
const [reChunkedFirst, waitingAfterTwo] = [paths.slice(4), paths.slice(0, 4)];

test('after a chunker change each note answers from its old chunks until it is chunked and embedded again', async () => {
  const fx = await builtByAnOlderChunker();
  const index = await fx.open();
  assert.match(index.warnings.join('\n'), new RegExp(`chunker changed \\(version ${CHUNKER_VERSION - 1} → ${CHUNKER_VERSION}\\).*answers from its old passages`));
  assert.equal(index.stats().rechunkPending, 6);
  const before = index.noteMatrix();
  assert.deepEqual(before.paths, paths, 'every note answers at once, from its old chunks');
  for (const path of paths) {
    assert.deepEqual(
      index.getNote(path)!.chunks.map((c) => c.id),
      currentIds(index, path).map(olderId),
    );
  }

  index.onProgress((progress) => {
    if (progress.phase === 'indexing' && progress.done === 2) index.pause();
  });
  const running = index.sync();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(index.paused, true);
  // Half-way: the two re-chunked notes (the newest) answer from their new chunks, the others from their old.
  for (const path of reChunkedFirst) assert.deepEqual(index.getNote(path)!.chunks.map((c) => c.id), currentIds(index, path));
  for (const path of waitingAfterTwo) assert.deepEqual(index.getNote(path)!.chunks.map((c) => c.id), currentIds(index, path).map(olderId));
  const during = index.noteMatrix();
  assert.deepEqual(during.paths, paths, 'no note drops out of related notes while it waits');
  assert.deepEqual(during.vectors.codes.subarray(0, 4 * 32), before.vectors.codes.subarray(0, 4 * 32), 'the waiting notes keep their old vectors');
  assert.notDeepEqual(during.vectors.codes.subarray(4 * 32), before.vectors.codes.subarray(4 * 32));

  index.resume();
  const summary = await running;
  assert.equal(summary.embeddedChunks, CHUNKS);
  for (const path of paths) assert.deepEqual(index.getNote(path)!.chunks.map((c) => c.id), currentIds(index, path));
  assert.equal(index.stats().rechunkPending, 0);

  // A build from scratch by this chunker answers the same; nothing of the old chunks is left.
  const fresh = indexFixture(notes);
  const scratch = await fresh.open();
  await scratch.sync();
  assert.deepEqual(index.noteMatrix(), scratch.noteMatrix());
  const manifest = decodeManifest(fx.store.files.get(MANIFEST_NAME)!);
  assert.equal(manifest.chunkerVersion, CHUNKER_VERSION);
  assert.equal(manifest.rechunkPending, undefined);
  const savedIds = [...fx.store.files.keys()].filter((n) => n.startsWith('index/vectors/')).flatMap((n) => decodeVectorShard(fx.store.files.get(n)!).ids);
  assert.deepEqual(new Set(savedIds), new Set(paths.flatMap((p) => currentIds(index, p))));
});

test('a restart half-way through re-chunking re-chunks only the notes still waiting', async () => {
  const fx = await builtByAnOlderChunker();
  const first = await fx.open();
  const controller = new AbortController();
  first.onProgress((progress) => {
    if (progress.phase === 'indexing' && progress.done === 2) controller.abort();
  });
  await first.sync(controller.signal);
  await first.close();
  assert.deepEqual(decodeManifest(fx.store.files.get(MANIFEST_NAME)!).rechunkPending, waitingAfterTwo);
  fx.embedder.resetCounts();

  const reopened = await fx.open();
  assert.deepEqual(reopened.warnings, []);
  assert.equal(reopened.stats().rechunkPending, 4);
  assert.deepEqual(reopened.noteMatrix().paths, paths);
  for (const path of waitingAfterTwo) assert.deepEqual(reopened.getNote(path)!.chunks.map((c) => c.id), currentIds(reopened, path).map(olderId));
  const summary = await reopened.sync();
  assert.equal(summary.indexedNotes, 4);
  assert.equal(fx.embedder.embeddedTexts.length, 8, 'the four waiting notes, two chunks each');
  for (const path of paths) assert.deepEqual(reopened.getNote(path)!.chunks.map((c) => c.id), currentIds(reopened, path));
});

test('a note edited while it waits to be re-chunked is indexed once, from its new text', async () => {
  const fx = await builtByAnOlderChunker();
  const index = await fx.open();
  fx.vault.modify('n4.md', '# Part 4\n' + paragraph('edited', 40));
  await index.sync();
  const note = index.getNote('n4.md')!;
  assert.deepEqual(note.chunks.map((c) => c.id), chunkNote('# Part 4\n' + paragraph('edited', 40)).map((c) => c.id));
  assert.equal(fx.embedder.embeddedTexts.length, CHUNKS - 1);
  assert.equal(index.stats().rechunkPending, 0);
});
