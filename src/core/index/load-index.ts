import type { Vault } from '../ports';
import { problems } from '../problems';
import { CHUNKER_VERSION, DEFAULT_CHUNK_OPTIONS } from './chunk-note';
import { NOTE_VECTORS_FILE, NOTES_FILE } from './index-files';
import type { IndexState } from './index-state';
import type { IndexOptions } from './index-types';
import { keywordBucketsFor } from './keyword-layout';
import { copyRow, emptyInt8Rows, type Int8Rows } from './int8-vectors';
import type { Manifest } from './manifest-codec';
import type { NoteMatrix } from './note-matrix';
import { decodeNoteRecordsInSlices, type NoteRecord } from './note-record';
import { decodeNoteVectors, noteVectorKey, type NoteVectorBucket } from './note-vector-codec';
import type { ModelRef } from './vector-generations';

/**
 * Opens the index saved in the plugin folder: the manifest, the note records, then the note
 * vectors saved beside them, and related notes answer from those as soon as this resolves; the
 * passage vectors (most of the bytes) and the keyword side go on loading in the background
 * (`state.vectorsReady`, `state.keyword.whenReady()`). Without usable note vectors (an index of an
 * earlier Kindred, a damaged file) this waits for the passage vectors and builds the matrix from
 * them, as before. A missing, damaged or stale file is dropped with a warning and its part is
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
  const model = embedder ? { modelId: embedder.modelId, dims: embedder.dims } : null;
  // In Obsidian this runs on the UI thread: a turn for it between pieces (`TimeSlicer`).
  const breathe = () => state.slicer.breathe();
  if (!manifest) {
    await state.vectors.load(manifest, state.files, model, breathe);
    return;
  }

  // Notes are spread over the buckets by a hash of their path modulo the bucket count, and the
  // count follows the vault's size (keyword-layout.ts). An index saved with a count this vault
  // no longer calls for (16, before the manifest recorded it) keeps its records, and its keyword
  // side is rebuilt from the notes in the background (nothing is embedded again).
  const savedBuckets = manifest.keywordBuckets ?? 16;
  const loaded = new Map<number, NoteRecord[]>();
  for (let b = 0; b < savedBuckets; b++) {
    const records = await state.files.readPinned(manifest, NOTES_FILE(b), (bytes) => decodeNoteRecordsInSlices(bytes, breathe));
    if (records === undefined) continue;
    await breathe();
    for (let i = 0; i < records.length; i++) {
      state.loadRecord(records[i]);
      if (i % 64 === 63) await breathe();
    }
    loaded.set(b, records);
  }
  const buckets = keywordBucketsFor(state.records.size, savedBuckets, opts.notesPerKeywordBucket);
  state.keyword.layOut(buckets);
  if (buckets === savedBuckets) {
    for (const b of loaded.keys()) state.files.keepPinned(manifest, NOTES_FILE(b));
  } else {
    loaded.clear();
    state.report(problems.layoutChanged(buckets, savedBuckets));
    state.keyword.markAllDirty();
  }
  const pending = newChunker || newSize ? state.records.keys() : (manifest.rechunkPending ?? []);
  for (const path of pending) if (state.records.has(path)) state.rechunk.add(path);

  const answering = manifest.modelId ? { modelId: manifest.modelId, dims: manifest.dims } : null;
  const saved = answering && loaded.size > 0 ? await readNoteMatrix(state, manifest, loaded, answering, breathe) : null;
  state.keyword.noteVectorsLoaded(saved ? answering : null);
  if (opts.loadKeyword) state.keyword.startLoading(state.records, new Set(loaded.keys()), manifest, state.files, vault);
  // The records' chunks are counted before the shards load, which count each shard's live
  // vectors: in slices now, rather than all at once when the first shard asks.
  const vectors = state.records.countLoaded(breathe).then(() => state.vectors.load(manifest, state.files, model, breathe));
  if (!saved || !answering) {
    await vectors;
    return;
  }
  state.views.seed(saved, answering);
  state.vectorsReady = vectors.then(() => state.views.vectorsArrived(breathe));
  // Nobody may be waiting yet; a failure is seen by whoever waits next (a sync reports it).
  state.vectorsReady.catch(() => undefined);
}

/**
 * The note matrix saved beside the records of `buckets` (each bucket's records as read, in
 * order), or `null` unless every one of those buckets has its note vectors, of `model`, for
 * exactly those records. Each file that serves is kept pinned.
 */
async function readNoteMatrix(state: IndexState, manifest: Manifest, buckets: ReadonlyMap<number, NoteRecord[]>, model: ModelRef, breathe: () => Promise<void>): Promise<NoteMatrix | null> {
  const parts: Array<{ records: NoteRecord[]; saved: NoteVectorBucket }> = [];
  for (const [b, records] of buckets) {
    const name = NOTE_VECTORS_FILE(b);
    const saved = await state.files.readPinned(manifest, name, decodeNoteVectors);
    if (!saved) return null;
    await breathe();
    const matches = saved.modelId === model.modelId && saved.dims === model.dims && saved.keys.length === records.length && records.every((r, i) => noteVectorKey(r) === saved.keys[i]);
    if (!matches) {
      state.report(problems.indexFileUnusable(name, 'its note vectors do not match the notes saved beside them'));
      return null;
    }
    parts.push({ records, saved });
  }
  // The matrix is in path order, as `buildNoteMatrix` makes it: each bucket's rows sorted on
  // their own, then merged, so that no one piece sorts all 50,000 paths.
  const sorted: SavedRow[][] = [];
  for (const { records, saved } of parts) {
    const rows: SavedRow[] = [];
    records.forEach((record, i) => {
      if (saved.rows.scales[i] > 0) rows.push({ path: record.path, from: saved.rows, row: i });
    });
    sorted.push(rows.sort((x, y) => (x.path < y.path ? -1 : 1)));
    await breathe();
  }
  const rows = await mergeByPath(sorted, breathe);
  const vectors = emptyInt8Rows(rows.length, model.dims);
  for (let i = 0; i < rows.length; i++) {
    copyRow(rows[i].from, rows[i].row, vectors, i);
    if (i % 4096 === 4095) await breathe();
  }
  for (const b of buckets.keys()) state.files.keepPinned(manifest, NOTE_VECTORS_FILE(b));
  return { paths: rows.map((r) => r.path), vectors };
}

interface SavedRow {
  path: string;
  from: Int8Rows;
  row: number;
}

/** Lists each sorted by path, merged into one, `breathe()` awaited every 4,096 rows. */
async function mergeByPath(lists: SavedRow[][], breathe: () => Promise<void>): Promise<SavedRow[]> {
  const out: SavedRow[] = [];
  const next = lists.map(() => 0);
  for (;;) {
    let best = -1;
    for (let l = 0; l < lists.length; l++) {
      if (next[l] < lists[l].length && (best < 0 || lists[l][next[l]].path < lists[best][next[best]].path)) best = l;
    }
    if (best < 0) return out;
    out.push(lists[best][next[best]++]);
    if (out.length % 4096 === 0) await breathe();
  }
}
