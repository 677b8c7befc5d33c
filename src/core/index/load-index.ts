import type { Vault } from '../ports';
import { problems } from '../problems';
import { CHUNKER_VERSION, DEFAULT_CHUNK_OPTIONS } from './chunk-note';
import { NOTES_FILE } from './index-files';
import type { IndexState } from './index-state';
import type { IndexOptions } from './index-types';
import { keywordBucketsFor } from './keyword-layout';
import { decodeNoteRecords } from './note-record';

/**
 * Opens the index saved in the plugin folder: the manifest, then the vector shards (related notes
 * answer as soon as this resolves), then the note records; the keyword side goes on loading in
 * the background. A missing, damaged or stale file is dropped with a warning and its part is
 * rebuilt by the next sync; this never throws for a bad index file.
 */
export async function loadIndex(state: IndexState, vault: Vault, opts: IndexOptions): Promise<void> {
  const manifest = await state.files.readManifest();
  // A new chunker or chunk size re-chunks every note. The model is the same, so each note's old
  // chunks (and their vectors) answer until that note is chunked and embedded again; a passage
  // whose embedded text and chunker did not change keeps its content-addressed id and vector.
  const savedChunkTokens = manifest?.chunkTokens ?? DEFAULT_CHUNK_OPTIONS.maxTokens;
  const newChunker = manifest !== null && manifest.chunkerVersion !== CHUNKER_VERSION;
  const newSize = manifest !== null && savedChunkTokens !== opts.maxTokens;
  if (newChunker) {
    state.report(problems.chunkerChanged(manifest.chunkerVersion, CHUNKER_VERSION));
  } else if (newSize) {
    state.report(problems.chunkSizeChanged(savedChunkTokens, opts.maxTokens));
  }

  const embedder = state.embedder;
  await state.vectors.load(manifest, state.files, embedder ? { modelId: embedder.modelId, dims: embedder.dims } : null);
  if (!manifest) return;

  // Notes are spread over the buckets by a hash of their path modulo the bucket count, and the
  // count follows the vault's size (keyword-layout.ts). An index saved with a count this vault
  // no longer calls for (16, before the manifest recorded it) keeps its records, and its keyword
  // side is rebuilt from the notes in the background (nothing is embedded again).
  const savedBuckets = manifest.keywordBuckets ?? 16;
  const loaded = new Set<number>();
  for (let b = 0; b < savedBuckets; b++) {
    const records = await state.files.readPinned(manifest, NOTES_FILE(b), decodeNoteRecords);
    if (records === undefined) continue;
    for (const record of records) state.loadRecord(record);
    loaded.add(b);
  }
  const buckets = keywordBucketsFor(state.records.size, savedBuckets, opts.notesPerKeywordBucket);
  state.keyword.layOut(buckets);
  if (buckets === savedBuckets) {
    for (const b of loaded) state.files.keepPinned(manifest, NOTES_FILE(b));
  } else {
    loaded.clear();
    state.report(problems.layoutChanged(buckets, savedBuckets));
    state.keyword.markAllDirty();
  }
  const pending = newChunker || newSize ? state.records.keys() : (manifest.rechunkPending ?? []);
  for (const path of pending) if (state.records.has(path)) state.rechunk.add(path);
  if (opts.loadKeyword) state.keyword.startLoading(state.records, loaded, manifest, state.files, vault);
}
