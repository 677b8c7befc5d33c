import type { BlobStore, Clock, Embedder, FileInfo, Vault } from '../ports';
import type { ChunkEntry, IndexReader, KeywordHit, KeywordQuery, KeywordWeights, NoteEntry } from './index-reader';
import { matchesFilter } from '../rank/note-filter';
import { DamagedFileError, openSealedFile, sealFileInSlices, sealedChecksum } from './checksum';
import { ChunkVectors } from './chunk-vectors';
import { CHUNKER_VERSION, DEFAULT_CHUNK_OPTIONS, chunkNote, type ChunkOptions } from './chunk-note';
import { describeNote, type NoteDescription } from './describe-note';
import { compileExclusions, type ExclusionRules } from './exclusions';
import { INDEX_FORMAT, MANIFEST_NAME, decodeManifest, encodeManifest, type Manifest } from './manifest-codec';
import { KEYWORD_BUCKETS, NoteStore, bucketOf, type KeywordDocument } from './note-store';
import { decodeNoteRecords, encodeNoteRecords, type NoteRecord } from './note-record';
import { LinkResolver } from './resolve-links';
import { sha256Hex } from './sha256';
import { SyncQueue, type PendingChanges } from './sync-queue';
import { TimeSlicer } from './time-slicer';
import { stringifyInSlices } from './json-in-slices';
import { decodeVectorShard, encodeVectorShardInSlices, type VectorShard } from './vector-shard-codec';

export interface IndexOptions extends ExclusionRules, ChunkOptions {
  /** Quiet time after the last vault event before a batch is indexed. */
  debounceMs: number;
  /** Notes read, chunked and embedded together. */
  batchNotes: number;
  /** During a long build, new vectors are written at least this often, so a crash loses little. */
  checkpointMs: number;
  /** False opens the vector side and note records only (`kindred stats`): no keyword search, no sync. */
  loadKeyword: boolean;
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
  keywordOnly: boolean;
  bytesOnDisk: number;
  files: number;
  largestFile: { name: string; bytes: number } | null;
}

export interface IndexDeps {
  vault: Vault;
  store: BlobStore;
  embedder: Embedder | null;
  clock: Clock;
}

const NOTES_FILE = (b: number): string => `index/notes-${String(b).padStart(2, '0')}.bin`;
const KEYWORD_FILE = (b: number): string => `index/keyword-${String(b).padStart(2, '0')}.bin`;
const VECTOR_FOLDER = 'index/vectors';

/**
 * The index of a vault: note records and chunks, the keyword side (Orama, one document per
 * note) and the chunk vectors, persisted in the plugin folder and kept in sync with the vault.
 * It is also the read-only view ranking works on.
 */
export class KindredIndex implements IndexReader {
  /** Problems met while loading or syncing, in words for a notice. */
  readonly warnings: string[] = [];

  private readonly opts: IndexOptions;
  private readonly exclusions: ReturnType<typeof compileExclusions>;
  private embedder: Embedder | null;
  private records = new Map<string, NoteRecord>();
  /** The vectors of the embedder's model (without an embedder: the saved model's). */
  private vectors: ChunkVectors | null = null;
  /**
   * While the notes are embedded again with a new model: the previous model's vectors, read-only.
   * They answer (note vectors, chunks, the note matrix) until `vectors` covers every note, then
   * are dropped in one step. Two models' vectors are never mixed in one answer: their spaces differ.
   */
  private previous: ChunkVectors | null = null;
  /**
   * Shards of a model that is neither generation's, found while opening without an embedder: the
   * embedder set next (`kindred index` sets it after opening) takes those of its model, the next
   * save forgets the rest. Without this, a re-embedding checkpointed before its first save restarts.
   */
  private parked = new Map<string, VectorShard>();
  /** Every vector file seen: a new shard is numbered after all of them, so it never overwrites one. */
  private vectorFilesSeen: string[] = [];
  /**
   * Notes whose record is still cut by an older chunker or chunk size. Same model, same space: each
   * answers from its old chunks (their vectors are kept) until it is chunked and embedded again.
   */
  private rechunk = new Set<string>();
  private keyword = new NoteStore();
  private keywordReady: Promise<void> = Promise.resolve();
  private keywordLoaded = new Set<number>();
  private resolver = new LinkResolver([]);
  private dirty = new Set<number>();
  private files: Record<string, string> = {};
  private fileSizes = new Map<string, number>();
  private entries = new Map<string, NoteEntry>();
  private matrix: { paths: string[]; vectors: Float32Array } | null = null;
  private sortedPaths: string[] | null = null;
  private running: Promise<unknown> = Promise.resolve();
  private gate: { promise: Promise<void>; release: () => void } | null = null;
  private readonly listeners = new Set<(p: IndexProgress) => void>();
  private readonly unwatchers = new Set<() => void>();
  /** Cuts syncing and saving into short slices on a UI thread (see `Clock.yield`). */
  private readonly slicer: TimeSlicer;

  private constructor(
    private readonly deps: IndexDeps,
    options: Partial<IndexOptions>,
  ) {
    this.opts = { ...DEFAULT_INDEX_OPTIONS, ...options };
    this.exclusions = compileExclusions(this.opts);
    this.slicer = new TimeSlicer(deps.clock);
    this.embedder = deps.embedder;
    if (this.embedder) this.vectors = new ChunkVectors(this.embedder.modelId, this.embedder.dims);
  }

  /**
   * Opens the index saved in `deps.store`. Only persisted files are read: the vector side
   * answers when this resolves, the keyword side finishes loading in the background.
   * A missing, damaged or stale file is dropped with a warning and its part is rebuilt by
   * the next `sync`; this never throws for a bad index file.
   */
  static async open(deps: IndexDeps, options: Partial<IndexOptions> = {}): Promise<KindredIndex> {
    const index = new KindredIndex(deps, options);
    await index.load();
    return index;
  }

  /** The model of the vectors this index answers with (the previous one while re-embedding). */
  get modelId(): string {
    return this.answering?.modelId ?? this.embedder?.modelId ?? 'none';
  }

  get dims(): number {
    return this.answering?.dims ?? this.embedder?.dims ?? 0;
  }

  /**
   * While the notes are embedded again with a new model: that model. Until it is done, the vectors
   * this index exposes are the previous model's (`modelId`), so a query embedded with the new one
   * must not be compared with them. `null` otherwise.
   */
  get pendingModelId(): string | null {
    return this.previous && this.vectors ? this.vectors.modelId : null;
  }

  /** The vectors answering: the previous model's while the new one's are incomplete. */
  private get answering(): ChunkVectors | null {
    return this.previous ?? this.vectors;
  }

  get paused(): boolean {
    return this.gate !== null;
  }

  /** Resolves once the keyword side has loaded (or rebuilt) every bucket. */
  whenKeywordReady(): Promise<void> {
    return this.keywordReady;
  }

  // ---------------------------------------------------------------- loading

  private async load(): Promise<void> {
    const { store } = this.deps;
    let manifest: Manifest | null = null;
    const manifestBytes = await this.readFile(MANIFEST_NAME);
    if (manifestBytes) {
      try {
        manifest = decodeManifest(manifestBytes);
      } catch (error) {
        this.warn(`The index manifest is damaged (${messageOf(error)}); the index will be rebuilt.`);
      }
    } else if ((await store.list('index')).length > 0) {
      this.warn('The index manifest is missing; the index will be rebuilt from the notes.');
    }
    if (manifest && manifest.format !== INDEX_FORMAT) {
      this.warn('The index was made by another version of Kindred; it will be rebuilt.');
      manifest = null;
    }
    // A new chunker or chunk size re-chunks every note. The model is the same, so each note's old
    // chunks (and their vectors) answer until that note is chunked and embedded again; a passage
    // whose embedded text and chunker did not change keeps its content-addressed id and vector.
    const savedChunkTokens = manifest?.chunkTokens ?? DEFAULT_CHUNK_OPTIONS.maxTokens;
    const newChunker = manifest !== null && manifest.chunkerVersion !== CHUNKER_VERSION;
    const newSize = manifest !== null && savedChunkTokens !== this.opts.maxTokens;
    if (newChunker) {
      this.warn(
        `The chunker changed (version ${manifest!.chunkerVersion} → ${CHUNKER_VERSION}); every note will be chunked and embedded again, in the background. Until then each note answers from its old passages.`,
      );
    } else if (newSize) {
      this.warn(`The chunk size changed (${savedChunkTokens} → ${this.opts.maxTokens} tokens); every note will be chunked again.`);
    }

    await this.loadVectors(manifest);

    if (!manifest) return;
    for (const [name, bytes] of Object.entries(manifest.sizes ?? {})) {
      if (manifest.files[name] !== undefined && typeof bytes === 'number') this.fileSizes.set(name, bytes);
    }
    const loaded = new Set<number>();
    // Notes are spread over the buckets by a hash of their path modulo the bucket count. An index
    // saved with another count (16, before the manifest recorded it) keeps its records, and its
    // keyword side is rebuilt from the notes in the background (nothing is embedded again).
    const savedBuckets = manifest.keywordBuckets ?? 16;
    const rebucket = savedBuckets !== KEYWORD_BUCKETS;
    for (let b = 0; b < savedBuckets; b++) {
      const records = await this.readPinned(manifest, NOTES_FILE(b), decodeNoteRecords);
      if (records === undefined) continue;
      for (const record of records) {
        this.records.set(record.path, record);
        this.resolver.add(record.path);
      }
      if (rebucket) continue;
      this.files[NOTES_FILE(b)] = manifest.files[NOTES_FILE(b)];
      loaded.add(b);
    }
    if (rebucket) {
      this.warn(`The keyword index is laid out in ${KEYWORD_BUCKETS} parts now (it was ${savedBuckets}); it is rebuilt from the notes in the background, without embedding anything again.`);
      for (let b = 0; b < KEYWORD_BUCKETS; b++) this.dirty.add(b);
    }
    const pending = newChunker || newSize ? this.records.keys() : (manifest.rechunkPending ?? []);
    for (const path of pending) if (this.records.has(path)) this.rechunk.add(path);
    // The keyword side (most of the bytes) loads after open returns: related notes answer first.
    if (this.opts.loadKeyword) this.keywordReady = this.loadKeyword(loaded, manifest);
  }

  /**
   * Sets up the vector generations and reads every shard that verifies, listed or not (they are
   * content-addressed, so one written just before a crash is as good as any). The vectors being
   * built are the embedder's model (without one: the model being built, else the saved one); when
   * that is not the model whose vectors answer, those stay as the read-only previous generation.
   */
  private async loadVectors(manifest: Manifest | null): Promise<void> {
    const answering = manifest?.modelId ? { modelId: manifest.modelId, dims: manifest.dims } : null;
    const building = manifest?.building ?? null;
    const target = this.embedder ? { modelId: this.embedder.modelId, dims: this.embedder.dims } : (building ?? answering);
    if (!target) return;
    this.vectors = new ChunkVectors(target.modelId, target.dims);
    if (answering && !this.vectors.holds(answering)) {
      this.previous = new ChunkVectors(answering.modelId, answering.dims);
      this.warn(
        building && this.vectors.holds(building)
          ? `Notes are still being embedded again with ${target.modelId}; related notes answer from ${answering.modelId} until that is done.`
          : `The model changed (${answering.modelId} → ${target.modelId}); notes will be embedded again in the background, and related notes answer from ${answering.modelId} until then.`,
      );
    }
    const generations = [this.vectors, this.previous].filter((g): g is ChunkVectors => g !== null);
    const names = await this.deps.store.list(VECTOR_FOLDER);
    this.vectorFilesSeen = names;
    for (const name of names) {
      const bytes = await this.readFile(name);
      if (!bytes) continue;
      try {
        const shard = decodeVectorShard(bytes);
        const owner = generations.find((g) => g.holds(shard));
        if (owner) owner.loadDecodedShard(name, shard);
        else if (!this.embedder) this.parked.set(name, shard);
        // A model given up half-way (another one is set now): its shards go with the next save.
        else if (building && shard.modelId === building.modelId) continue;
        else throw new Error(`made by model ${shard.modelId} (${shard.dims}-d), not ${target.modelId}`);
      } catch (error) {
        this.warn(`Vector file ${name} is unusable (${messageOf(error)}); its notes will be embedded again.`);
      }
    }
    this.vectors.numberAfter(names);
    // Nothing left of the previous model's vectors (its files damaged or gone): nothing to keep
    // answering with, so the new model's answer as they come, as in a first build.
    if (this.previous && this.previous.size === 0) this.previous = null;
  }

  /** A file the manifest pins; `undefined` (with a warning) when missing, stale or damaged. */
  private async readPinned<T>(manifest: Manifest, name: string, decode: (bytes: Uint8Array) => T): Promise<T | undefined> {
    const expected = manifest.files[name];
    if (expected === undefined) return undefined;
    const bytes = await this.readFile(name);
    try {
      if (!bytes) throw new DamagedFileError('missing');
      if (sealedChecksum(bytes) !== expected) throw new DamagedFileError('left over from an interrupted save');
      return decode(bytes);
    } catch (error) {
      this.warn(`Index file ${name} is unusable (${messageOf(error)}); its part will be rebuilt.`);
      return undefined;
    }
  }

  private async loadKeyword(noteBuckets: ReadonlySet<number>, manifest: Manifest): Promise<void> {
    const byBucket = new Map<number, string[]>();
    for (const path of this.records.keys()) {
      const b = bucketOf(path);
      const list = byBucket.get(b);
      if (list) list.push(path);
      else byBucket.set(b, [path]);
    }
    for (let b = 0; b < KEYWORD_BUCKETS; b++) {
      const paths = byBucket.get(b) ?? [];
      // A keyword bucket is only trusted beside its own notes bucket.
      const bytes = noteBuckets.has(b) ? await this.readPinned(manifest, KEYWORD_FILE(b), (data) => openSealedFile('keyword', data)) : undefined;
      if (bytes) {
        try {
          this.keyword.loadBucket(b, bytes, paths);
          this.files[KEYWORD_FILE(b)] = manifest.files[KEYWORD_FILE(b)];
          this.keywordLoaded.add(b);
          // Let the vector side answer between buckets.
          await Promise.resolve();
          continue;
        } catch (error) {
          this.warn(`Keyword file ${KEYWORD_FILE(b)} is unusable (${messageOf(error)}); rebuilding it.`);
        }
      }
      if (paths.length === 0) continue;
      // Rebuild this bucket from the notes themselves (no embedding involved).
      this.keyword.clearBucket(b);
      for (const path of paths) {
        const text = await this.deps.vault.read(path).catch(() => null);
        if (text === null) continue;
        this.keyword.upsert(keywordDocument(path, describeNote(path, text), this.records.get(path)!));
      }
      this.dirty.add(b);
      this.keywordLoaded.add(b);
    }
  }

  // ---------------------------------------------------------------- syncing

  /** Scans the vault against the index, indexes what changed, drops what is gone, and saves. */
  async sync(signal?: AbortSignal): Promise<SyncSummary> {
    this.requireKeyword();
    await this.keywordReady;
    return this.exclusive(() => this.runSync(null, signal));
  }

  /** Follows vault events: after `debounceMs` of quiet, the touched notes are indexed in one batch. */
  watch(): () => void {
    this.requireKeyword();
    const queue = new SyncQueue(this.deps.clock, this.opts.debounceMs, (changes) => {
      void this.keywordReady
        .then(() => this.exclusive(() => this.runSync(changes)))
        .catch((error) => this.warn(`Indexing changes failed: ${messageOf(error)}`));
    });
    const unsubscribe = this.deps.vault.onChange((event) => {
      const md = event.path.toLowerCase().endsWith('.md') || (event.type === 'rename' && event.oldPath.toLowerCase().endsWith('.md'));
      if (md) queue.push(event);
    });
    const stop = (): void => {
      unsubscribe();
      queue.dispose();
      this.unwatchers.delete(stop);
    };
    this.unwatchers.add(stop);
    return stop;
  }

  /**
   * Sets (or removes) the embedder. With a different model the next sync embeds every note again;
   * until that is done, the vectors that answered so far keep answering (see `previous`).
   */
  setEmbedder(embedder: Embedder | null): void {
    this.embedder = embedder;
    if (!embedder) return;
    const model = { modelId: embedder.modelId, dims: embedder.dims };
    if (this.vectors?.holds(model)) {
      this.adoptParked(this.vectors);
      return;
    }
    if (this.previous?.holds(model)) {
      // Back to the model that answers: the other one's half-built vectors go (their shards with the next save).
      this.previous.numberAfter([...this.vectorFilesSeen, ...(this.vectors?.shardNames() ?? [])]);
      this.vectors = this.previous;
      this.previous = null;
      this.parked.clear();
      this.invalidate(true);
      return;
    }
    const answering = this.answering;
    if (answering && answering.size > 0) {
      this.previous = answering;
      this.warn(
        `The model changed (${answering.modelId} → ${embedder.modelId}); notes will be embedded again in the background, and related notes answer from ${answering.modelId} until then.`,
      );
    } else {
      this.previous = null;
    }
    const next = new ChunkVectors(model.modelId, model.dims);
    next.numberAfter([...this.vectorFilesSeen, ...(this.vectors?.shardNames() ?? []), ...(this.previous?.shardNames() ?? [])]);
    this.adoptParked(next);
    this.vectors = next;
    this.invalidate(true);
  }

  /** Takes the parked shards of `vectors`' model (saved by an earlier run that was cut short) and forgets the rest. */
  private adoptParked(vectors: ChunkVectors): void {
    for (const [name, shard] of this.parked) if (vectors.holds(shard)) vectors.loadDecodedShard(name, shard);
    this.parked.clear();
  }

  /** Holds indexing after the batch in flight, until `resume`. */
  pause(): void {
    if (this.gate) return;
    let release!: () => void;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.gate = { promise, release };
  }

  resume(): void {
    const gate = this.gate;
    this.gate = null;
    gate?.release();
  }

  onProgress(listener: (p: IndexProgress) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.then(work, work);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async runSync(only: PendingChanges | null, signal?: AbortSignal): Promise<SyncSummary> {
    const started = this.deps.clock.now();
    const warningsBefore = this.warnings.length;
    this.emit({ phase: 'scanning', done: 0, total: 0, chunksPerSecond: 0, secondsLeft: null });

    const candidates: FileInfo[] = [];
    const removed = new Set<string>();
    if (only === null) {
      const listed = (await this.deps.vault.listMarkdown()).filter((f) => !this.exclusions.excludesPath(f.path));
      const present = new Set(listed.map((f) => f.path));
      for (const path of this.records.keys()) if (!present.has(path)) removed.add(path);
      candidates.push(...listed);
    } else {
      for (const path of only.removed) if (this.records.has(path)) removed.add(path);
      for (const path of only.changed) {
        const indexable = path.toLowerCase().endsWith('.md') && !this.exclusions.excludesPath(path);
        const info = indexable ? await this.deps.vault.stat(path) : null;
        if (info) {
          candidates.push(info);
          removed.delete(path);
        } else if (this.records.has(path)) removed.add(path);
      }
    }
    // In path order, whatever order the vault listed them in: which passages are embedded together
    // changes their vectors in the last bits, so the same notes always go in the same batches.
    const toIndex = candidates
      .filter((f) => {
        const rec = this.records.get(f.path);
        return !rec || rec.mtime !== f.mtime || rec.size !== f.size || this.missingVectors(rec) || this.rechunk.has(f.path);
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

    let embedded = 0;
    let reused = 0;
    let indexed = 0;
    let aborted = false;
    let lastCheckpoint = this.deps.clock.now();
    for (let from = 0; from < toIndex.length; from += this.opts.batchNotes) {
      if (this.gate) {
        this.emit(this.progress('paused', from, toIndex.length, started, embedded));
        await this.gate.promise;
      }
      if (signal?.aborted) {
        aborted = true;
        break;
      }
      const batch = await this.indexBatch(toIndex.slice(from, from + this.opts.batchNotes), signal);
      embedded += batch.embedded;
      reused += batch.reused;
      indexed += batch.indexed;
      this.emit(this.progress('indexing', Math.min(from + this.opts.batchNotes, toIndex.length), toIndex.length, started, embedded));
      if (batch.embedded > 0 && this.deps.clock.now() - lastCheckpoint >= this.opts.checkpointMs) {
        await this.checkpoint();
        lastCheckpoint = this.deps.clock.now();
      }
    }
    for (const path of removed) this.removeNote(path);
    this.switchWhenComplete();

    this.emit({ phase: 'saving', done: toIndex.length, total: toIndex.length, chunksPerSecond: 0, secondsLeft: 0 });
    await this.save();
    this.emit({ phase: 'idle', done: toIndex.length, total: toIndex.length, chunksPerSecond: 0, secondsLeft: 0 });
    let chunks = 0;
    for (const rec of this.records.values()) chunks += rec.chunks.length;
    return {
      notes: this.records.size,
      chunks,
      indexedNotes: indexed,
      removedNotes: removed.size,
      embeddedChunks: embedded,
      reusedChunks: reused,
      seconds: (this.deps.clock.now() - started) / 1000,
      keywordOnly: this.embedder === null,
      aborted,
      warnings: this.warnings.slice(warningsBefore),
    };
  }

  private async indexBatch(files: FileInfo[], signal?: AbortSignal): Promise<{ embedded: number; reused: number; indexed: number }> {
    const prepared: Array<{ record: NoteRecord; description: NoteDescription; embeddedTexts: Map<string, string> }> = [];
    for (const file of files) {
      // Each note is read, hashed and chunked in a slice of its own at most.
      await this.slicer.breathe();
      let text: string;
      try {
        text = await this.deps.vault.read(file.path);
      } catch (error) {
        this.warn(`Could not read ${file.path} (${messageOf(error)}); it is left out for now.`);
        continue;
      }
      const hash = sha256Hex(text);
      const old = this.records.get(file.path);
      if (old && old.hash === hash && !this.missingVectors(old) && !this.rechunk.has(file.path)) {
        this.records.set(file.path, { ...old, mtime: file.mtime, size: file.size });
        this.dirty.add(bucketOf(file.path));
        continue;
      }
      const description = describeNote(file.path, text);
      if (this.exclusions.excludesTags(description.tags)) {
        if (this.records.has(file.path)) this.removeNote(file.path);
        continue;
      }
      const chunks = chunkNote(text, this.opts);
      const record: NoteRecord = {
        path: file.path,
        mtime: file.mtime,
        size: file.size,
        hash,
        title: description.title,
        folder: description.folder,
        tags: description.tags,
        frontMatter: description.frontMatter,
        linkTargets: description.linkTargets,
        chunks: chunks.map((c) => ({ id: c.id, headingPath: c.headingPath, start: c.start, end: c.end })),
      };
      prepared.push({ record, description, embeddedTexts: new Map(chunks.map((c) => [c.id, c.embeddedText])) });
    }

    // One embedder call for every new chunk of the batch; known ids (this or another note,
    // before or after a rename) are never embedded twice.
    let reused = 0;
    const wanted = new Map<string, string>();
    if (this.embedder && this.vectors) {
      for (const item of prepared) {
        for (const [id, text] of item.embeddedTexts) {
          if (this.vectors.has(id)) reused++;
          else wanted.set(id, text);
        }
      }
      if (wanted.size > 0) {
        const ids = [...wanted.keys()];
        await this.slicer.breathe();
        const vectors = await this.embedder.embed([...wanted.values()], signal);
        ids.forEach((id, i) => this.vectors!.add(id, vectors[i]));
      }
    }

    for (const { record, description } of prepared) {
      // Orama's insert tokenizes the whole note: one note per slice at most.
      await this.slicer.breathe();
      const isNew = !this.records.has(record.path);
      this.records.set(record.path, record);
      this.rechunk.delete(record.path);
      this.keyword.upsert(keywordDocument(record.path, description, record));
      this.dirty.add(bucketOf(record.path));
      if (isNew) this.resolver.add(record.path);
      this.invalidate(isNew, record.path);
    }
    return { embedded: wanted.size, reused, indexed: prepared.length };
  }

  private removeNote(path: string): void {
    if (!this.records.delete(path)) return;
    this.rechunk.delete(path);
    this.keyword.remove(path);
    this.resolver.remove(path);
    this.dirty.add(bucketOf(path));
    this.invalidate(true);
  }

  /**
   * Ends a re-embedding once the new model's vectors cover every note: from then on they answer
   * (the matrix is rebuilt from them) and the previous model's are dropped, their shards with the
   * save that follows. Never earlier: until then those are the only vectors that can answer.
   */
  private switchWhenComplete(): void {
    const vectors = this.vectors;
    if (!this.previous || !vectors) return;
    for (const rec of this.records.values()) for (const c of rec.chunks) if (!vectors.has(c.id)) return;
    this.previous = null;
    this.invalidate(true);
  }

  private missingVectors(record: NoteRecord): boolean {
    const vectors = this.vectors;
    return this.embedder !== null && vectors !== null && record.chunks.some((c) => !vectors.has(c.id));
  }

  private invalidate(pathsChanged: boolean, path?: string): void {
    if (pathsChanged || path === undefined) {
      this.entries.clear();
      this.sortedPaths = null;
      this.matrix = null;
      return;
    }
    this.entries.delete(path);
    // One note's content changed: its row is recomputed, not the whole matrix (10,000 means).
    if (this.matrix) this.matrix = this.matrixWithRowOf(this.matrix, path);
  }

  /**
   * A copy of `matrix` with the row of `path` recomputed (a copy, so a ranking call holding the
   * old matrix stays consistent); `null` (rebuild) when the note has no row or no vector now.
   */
  private matrixWithRowOf(matrix: { paths: string[]; vectors: Float32Array }, path: string): { paths: string[]; vectors: Float32Array } | null {
    const row = sortedIndexOf(matrix.paths, path);
    const vectors = this.answering;
    const chunks = this.records.get(path)?.chunks ?? [];
    if (row < 0 || !vectors || chunks.length === 0) return null;
    const rows: Float32Array[] = [];
    for (const c of chunks) {
      const vector = vectors.get(c.id);
      if (!vector) return null;
      rows.push(vector);
    }
    const dims = this.dims;
    const copy = Float32Array.from(matrix.vectors);
    const target = copy.subarray(row * dims, (row + 1) * dims);
    target.fill(0);
    normalisedMeanInto(target, rows);
    return { paths: matrix.paths, vectors: copy };
  }

  // ---------------------------------------------------------------- saving

  /** Writes new vectors only (no note records), so a crash in a long build keeps what was embedded. */
  private async checkpoint(): Promise<void> {
    if (!this.vectors) return;
    for (const { name, shard } of this.vectors.planCheckpoint(VECTOR_FOLDER)) await this.writeShard(name, shard);
  }

  /**
   * Writes what changed: new vector shards, the dirty note and keyword buckets, the manifest.
   * In Obsidian this runs on the UI thread, so it goes file by file and slice by slice
   * (`TimeSlicer`), never as one long task; the order below is what keeps it crash-safe.
   */
  private async save(): Promise<void> {
    const { store } = this.deps;
    const slicer = this.slicer;
    // Vectors first, then the buckets, the manifest last: a crash at any point leaves a
    // manifest whose pinned files are either intact or recognised as stale.
    const live = new Set<string>();
    for (const rec of this.records.values()) for (const c of rec.chunks) live.add(c.id);
    await slicer.breathe();
    const plan = this.vectors ? this.vectors.planSave(live, VECTOR_FOLDER) : { write: [], drop: [] };
    for (const { name, shard } of plan.write) await this.writeShard(name, shard);

    // One pass over the records for all dirty buckets (not one per bucket).
    const byBucket = new Map<number, NoteRecord[]>();
    for (const b of this.dirty) byBucket.set(b, []);
    for (const rec of this.records.values()) byBucket.get(bucketOf(rec.path))?.push(rec);
    for (const b of [...byBucket.keys()].sort((x, y) => x - y)) {
      await slicer.breathe();
      const records = byBucket.get(b)!;
      if (records.length === 0) {
        delete this.files[NOTES_FILE(b)];
        delete this.files[KEYWORD_FILE(b)];
        this.dirty.delete(b);
        continue;
      }
      records.sort((x, y) => (x.path < y.path ? -1 : 1));
      this.files[NOTES_FILE(b)] = await this.writeFile(NOTES_FILE(b), encodeNoteRecords(records));
      // The bucket's snapshot (its trees compacted), the JSON text and its bytes are all made
      // piece by piece; only Orama's save of the rest of the bucket is one piece.
      await slicer.yieldNow();
      const snapshot = await this.keyword.bucketSnapshot(b, () => slicer.breathe());
      await slicer.breathe();
      // Walking the snapshot in pieces is several times slower than one JSON.stringify (same
      // bytes): worth it only where the thread can be handed back in between.
      const keyword = slicer.canYield ? await stringifyInSlices(snapshot, () => slicer.breathe()) : new TextEncoder().encode(JSON.stringify(snapshot));
      this.files[KEYWORD_FILE(b)] = await this.writeFile(KEYWORD_FILE(b), await sealFileInSlices('keyword', keyword, () => slicer.breathe()));
      this.dirty.delete(b);
    }

    await slicer.breathe();
    // The model that answers is named as before, so an older Kindred reads this manifest too; the
    // model being built and the notes still to re-chunk are extra fields it ignores.
    const answering = this.answering;
    const manifest: Manifest = {
      format: INDEX_FORMAT,
      chunkerVersion: CHUNKER_VERSION,
      chunkTokens: this.opts.maxTokens,
      keywordBuckets: KEYWORD_BUCKETS,
      modelId: answering && answering.size > 0 ? answering.modelId : null,
      dims: answering?.dims ?? 0,
      ...(this.previous && this.vectors ? { building: { modelId: this.vectors.modelId, dims: this.vectors.dims } } : {}),
      ...(this.rechunk.size > 0 ? { rechunkPending: [...this.rechunk].sort() } : {}),
      files: { ...this.files },
      sizes: Object.fromEntries(Object.keys(this.files).map((name) => [name, this.fileSizes.get(name) ?? 0])),
    };
    await this.writeFile(MANIFEST_NAME, encodeManifest(manifest));

    // Anything else under index/ is left over: old shards, emptied buckets, damaged files, and the
    // previous model's shards once the new model's vectors answer (never before).
    const keep = new Set([MANIFEST_NAME, ...Object.keys(this.files), ...(this.vectors?.shardNames() ?? []), ...(this.previous?.shardNames() ?? [])]);
    this.parked.clear();
    for (const name of await store.list('index')) {
      if (!keep.has(name)) {
        await store.remove(name);
        this.fileSizes.delete(name);
      }
    }
  }

  private async writeShard(name: string, shard: VectorShard): Promise<void> {
    await this.slicer.breathe();
    await this.writeFile(name, await encodeVectorShardInSlices(shard, () => this.slicer.breathe()));
  }

  private async writeFile(name: string, bytes: Uint8Array): Promise<string> {
    await this.deps.store.write(name, bytes);
    this.fileSizes.set(name, bytes.length);
    await this.slicer.breathe();
    return sealedChecksum(bytes);
  }

  private async readFile(name: string): Promise<Uint8Array | null> {
    const bytes = await this.deps.store.read(name);
    if (bytes) this.fileSizes.set(name, bytes.length);
    return bytes;
  }

  // ---------------------------------------------------------------- reading (IndexReader)

  noteCount(): number {
    return this.records.size;
  }

  getNote(path: string): NoteEntry | undefined {
    const cached = this.entries.get(path);
    if (cached) return cached;
    const rec = this.records.get(path);
    if (!rec) return undefined;
    const vectors = this.answering;
    let chunks: ChunkEntry[] = [];
    let vector: Float32Array | null = null;
    if (vectors && rec.chunks.length > 0 && rec.chunks.every((c) => vectors.has(c.id))) {
      chunks = rec.chunks.map((c) => ({ id: c.id, notePath: path, headingPath: c.headingPath, start: c.start, end: c.end, vector: vectors.get(c.id)! }));
      vector = normalisedMean(chunks.map((c) => c.vector), vectors.dims);
    }
    const entry: NoteEntry = {
      path,
      title: rec.title,
      folder: rec.folder,
      tags: rec.tags,
      frontMatter: rec.frontMatter,
      links: this.resolver.resolve(rec.linkTargets, path),
      vector,
      chunks,
    };
    this.entries.set(path, entry);
    return entry;
  }

  /** In path order, so answers do not depend on the order notes were indexed in. */
  *allNotes(): Iterable<NoteEntry> {
    this.sortedPaths ??= [...this.records.keys()].sort();
    for (const path of this.sortedPaths) {
      const entry = this.getNote(path);
      if (entry) yield entry;
    }
  }

  noteMatrix(): { paths: string[]; vectors: Float32Array } {
    if (this.matrix) return this.matrix;
    // Straight from the records and the chunk vectors, without making a NoteEntry per note
    // (links resolved, an object per chunk): related notes need only this at start-up.
    const vectors = this.answering;
    const dims = this.dims;
    this.sortedPaths ??= [...this.records.keys()].sort();
    const paths: string[] = [];
    const matrix = new Float32Array(vectors ? this.sortedPaths.length * dims : 0);
    if (vectors) {
      const rows: Float32Array[] = [];
      for (const path of this.sortedPaths) {
        const chunks = this.records.get(path)!.chunks;
        rows.length = 0;
        for (const c of chunks) {
          const row = vectors.get(c.id);
          if (!row) break;
          rows.push(row);
        }
        if (rows.length === 0 || rows.length < chunks.length) continue;
        normalisedMeanInto(matrix.subarray(paths.length * dims, (paths.length + 1) * dims), rows);
        paths.push(path);
      }
    }
    this.matrix = { paths, vectors: matrix.subarray(0, paths.length * dims) };
    return this.matrix;
  }

  async keywordSearch(query: KeywordQuery): Promise<KeywordHit[]> {
    this.requireKeyword();
    await this.keywordReady;
    const filtered = [query.folder, query.tag, query.site, query.author].some((v) => v !== undefined);
    const accept = filtered
      ? (path: string): boolean => {
          const note = this.getNote(path);
          return note !== undefined && matchesFilter(note, query);
        }
      : undefined;
    return this.keyword.search(query.text, query.limit, accept, query.weights);
  }

  async termSearch(terms: readonly string[], limit: number, weights?: KeywordWeights): Promise<KeywordHit[]> {
    this.requireKeyword();
    await this.keywordReady;
    return this.keyword.termSearch(terms, limit, undefined, weights);
  }

  documentFrequency(term: string): number {
    return this.keyword.documentFrequency(term);
  }

  async passageText(chunk: ChunkEntry): Promise<string> {
    const text = await this.deps.vault.read(chunk.notePath).catch(() => '');
    return text.slice(chunk.start, chunk.end);
  }

  /**
   * Chunks and embeds text that is not (yet) an indexed note: a selection, an unsaved note.
   * Known chunk ids reuse their vectors. Keyword-only (no embedder): no chunks, no vector.
   * While re-embedding with a new model, the previous model's vectors answer and only it could
   * embed text comparably, but it is not loaded: text whose passages it has not all embedded
   * already gets no vector (its caller falls back to keywords).
   */
  async embedText(text: string): Promise<{ chunks: ChunkEntry[]; vector: Float32Array | null }> {
    const embedder = this.embedder;
    const vectors = this.answering;
    if (!embedder || !vectors) return { chunks: [], vector: null };
    const drafts = chunkNote(text, this.opts);
    const missing = drafts.filter((d) => !vectors.has(d.id));
    if (missing.length > 0 && vectors === this.previous) return { chunks: [], vector: null };
    const fresh = missing.length > 0 ? await embedder.embed(missing.map((d) => d.embeddedText)) : [];
    const freshById = new Map(missing.map((d, i) => [d.id, fresh[i]]));
    const chunks: ChunkEntry[] = drafts.map((d) => ({
      id: d.id,
      notePath: '',
      headingPath: d.headingPath,
      start: d.start,
      end: d.end,
      vector: vectors.get(d.id) ?? freshById.get(d.id)!,
    }));
    return { chunks, vector: chunks.length > 0 ? normalisedMean(chunks.map((c) => c.vector), vectors.dims) : null };
  }

  stats(): IndexStats {
    let chunks = 0;
    let embeddedChunks = 0;
    let embeddedNotes = 0;
    const vectors = this.vectors;
    for (const rec of this.records.values()) {
      chunks += rec.chunks.length;
      const known = vectors ? rec.chunks.filter((c) => vectors.has(c.id)).length : 0;
      embeddedChunks += known;
      if (known > 0 && known === rec.chunks.length) embeddedNotes++;
    }
    let bytesOnDisk = 0;
    let largestFile: IndexStats['largestFile'] = null;
    for (const [name, bytes] of this.fileSizes) {
      bytesOnDisk += bytes;
      if (!largestFile || bytes > largestFile.bytes) largestFile = { name, bytes };
    }
    return {
      notes: this.records.size,
      chunks,
      embeddedNotes,
      embeddedChunks,
      modelId: vectors && (vectors.size > 0 || this.previous) ? vectors.modelId : null,
      dims: vectors?.dims ?? this.dims,
      previousModelId: this.previous?.modelId ?? null,
      rechunkPending: this.rechunk.size,
      keywordOnly: this.embedder === null,
      bytesOnDisk,
      files: this.fileSizes.size,
      largestFile,
    };
  }

  /** Stops watching and waits for the work in flight (which saves what it did). */
  async close(): Promise<void> {
    for (const stop of [...this.unwatchers]) stop();
    this.resume();
    await this.keywordReady.catch(() => undefined);
    await this.running;
  }

  private requireKeyword(): void {
    if (!this.opts.loadKeyword) throw new Error('this index was opened without its keyword side (loadKeyword: false)');
  }

  private warn(message: string): void {
    this.warnings.push(message);
  }

  private emit(progress: IndexProgress): void {
    for (const listener of this.listeners) listener(progress);
  }

  private progress(phase: IndexProgress['phase'], done: number, total: number, started: number, embedded: number): IndexProgress {
    const seconds = (this.deps.clock.now() - started) / 1000;
    const chunksPerSecond = seconds > 0 ? embedded / seconds : 0;
    const notesPerSecond = seconds > 0 ? done / seconds : 0;
    return { phase, done, total, chunksPerSecond, secondsLeft: notesPerSecond > 0 ? (total - done) / notesPerSecond : null };
  }
}

function keywordDocument(path: string, description: NoteDescription, record: NoteRecord): KeywordDocument {
  const headings = [...new Set(record.chunks.flatMap((c) => c.headingPath))].join(' ');
  return { path, title: record.title, headings, text: description.keywordText, meta: [description.frontMatterText, record.tags.join(' ')].join(' ') };
}

/** Where `value` is in the sorted `list`, or -1. */
function sortedIndexOf(list: readonly string[], value: string): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] === value) return mid;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function normalisedMean(rows: Float32Array[], dims: number): Float32Array {
  return normalisedMeanInto(new Float32Array(dims), rows);
}

/** Writes the normalised mean of `rows` into `mean` (all zeros, `dims` long) and returns it. */
function normalisedMeanInto(mean: Float32Array, rows: Float32Array[]): Float32Array {
  const dims = mean.length;
  for (const row of rows) for (let i = 0; i < dims; i++) mean[i] += row[i];
  let norm = 0;
  for (let i = 0; i < dims; i++) norm += mean[i] * mean[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dims; i++) mean[i] /= norm;
  return mean;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
