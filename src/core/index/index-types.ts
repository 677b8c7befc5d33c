import type { BlobStore, Clock, Embedder, Vault } from '../ports';
import type { Problem } from '../problems';
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk-note';
import type { ExclusionRules } from './exclusions';
import { NOTES_PER_KEYWORD_BUCKET } from './keyword-layout';

/** The words of the index's public face: its options, what it reports, what it needs. */

export interface IndexOptions extends ExclusionRules, ChunkOptions {
  /** Quiet time after the last vault event before a batch is indexed. */
  debounceMs: number;
  /** Notes read, chunked and embedded together. */
  batchNotes: number;
  /** During a long build, new vectors are written at least this often, so a crash loses little. */
  checkpointMs: number;
  /** False opens the vector side and note records only (`kindred stats`): no keyword search, no sync. */
  loadKeyword: boolean;
  /** A keyword bucket holds at most this many notes before their count doubles (keyword-layout.ts). */
  notesPerKeywordBucket: number;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = {
  ...DEFAULT_CHUNK_OPTIONS,
  excludeFolders: [],
  excludePatterns: [],
  excludeTags: [],
  // Callers pass the vault's own (`Vault#configDir` in Obsidian, `--config-dir` in the CLI).
  configDir: '',
  debounceMs: 2000,
  batchNotes: 32,
  checkpointMs: 10_000,
  loadKeyword: true,
  notesPerKeywordBucket: NOTES_PER_KEYWORD_BUCKET,
};

export interface IndexProgress {
  phase: 'scanning' | 'indexing' | 'paused' | 'saving' | 'idle';
  /** Notes handled so far in this run, out of `total`. */
  done: number;
  total: number;
  chunksPerSecond: number;
  /** `null` until there is a rate to go by. */
  secondsLeft: number | null;
}

export interface SyncSummary {
  /** Notes in the index after the run. */
  notes: number;
  chunks: number;
  /** Notes read and (re)indexed in this run. */
  indexedNotes: number;
  removedNotes: number;
  /** Chunks the embedder ran on in this run. */
  embeddedChunks: number;
  /** Chunks of (re)indexed notes whose vectors were already known. */
  reusedChunks: number;
  seconds: number;
  /** True when there was no embedder: the index answers by keyword only. */
  keywordOnly: boolean;
  /** True when the run was stopped by its AbortSignal; what was done is saved. */
  aborted: boolean;
  /** False when the save at its end failed (see `problems`): the index answers from memory. */
  saved: boolean;
  /** The problems met in this run. */
  problems: Problem[];
  /** Their messages (what `problems` say, for a person). */
  warnings: string[];
}

export interface IndexStats {
  notes: number;
  chunks: number;
  embeddedNotes: number;
  embeddedChunks: number;
  /** The model the index is (being) embedded with; `embeddedNotes` counts its vectors. */
  modelId: string | null;
  dims: number;
  /** While the notes are embedded again with `modelId`: the previous model, whose vectors answer until then. */
  previousModelId: string | null;
  /** Notes still cut by an older chunker or chunk size, answering from their old passages. */
  rechunkPending: number;
  /** No vectors to answer with (nothing embedded yet, or no model ever): related notes and queries go by keyword. */
  keywordOnly: boolean;
  bytesOnDisk: number;
  files: number;
  largestFile: { name: string; bytes: number } | null;
  /** The last problems met since the index was opened, oldest first (at most 10). */
  problems?: Problem[];
}

export interface IndexDeps {
  vault: Vault;
  store: BlobStore;
  embedder: Embedder | null;
  clock: Clock;
  /**
   * The note open now, if any (Obsidian's active file): a build indexes it and its folder first,
   * asked again before each batch. Without it, the most recently modified notes come first.
   */
  focus?: () => string | null;
}
