/**
 * The index of a vault, and the read-only view ranking works on (`IndexReader`).
 *
 * What it is: for every note, a record (path, mtime, hash, title, tags, links, its chunks), the
 * note's words in a keyword index (Orama, one document per note) and a vector per chunk, kept in
 * the plugin folder and in step with the vault. A note's vector is the normalised mean of its
 * chunk vectors; related notes scan the matrix of those.
 *
 * How the parts meet (each file says more):
 * - `IndexState` (index-state.ts) holds every part and changes a note in all of them at once.
 * - `IndexFiles` (index-files.ts): the files on disk, the manifest that pins them, the sweep.
 * - `VectorGenerations` (vector-generations.ts): chunk vectors by model, the one answering and
 *   the one being built during a re-embedding; `ChunkVectors` keeps one model's in shards.
 * - `KeywordBuckets` (keyword-buckets.ts): the keyword side and the bucket files it is saved in.
 * - `NoteViews` (note-views.ts) over note-matrix.ts: note entries and the note matrix, cached.
 * - `loadIndex` (load-index.ts) opens a saved index; `runSync` (sync-run.ts) brings it up to date
 *   with the vault from a pure plan (sync-plan.ts); `saveIndex` (save-index.ts) writes what changed.
 * This class is the facade: it opens, serialises syncs (one at a time), follows vault events,
 * pauses and resumes, and answers reads from the state.
 */
import type { Embedder } from '../ports';
import { messageOf, problems, type Problem } from '../problems';
import { matchesFilter } from '../rank/note-filter';
import { chunkNote } from './chunk-note';
import { compileExclusions } from './exclusions';
import type { ChunkEntry, IndexReader, KeywordHit, KeywordQuery, KeywordWeights, NoteEntry } from './index-reader';
import { IndexState } from './index-state';
import type { KeywordParts } from './keyword-buckets';
import { DEFAULT_INDEX_OPTIONS, type IndexDeps, type IndexOptions, type IndexProgress, type IndexStats, type SyncSummary } from './index-types';
import { int8RoundTrip } from './int8-vectors';
import { loadIndex } from './load-index';
import { noteVector, type NoteMatrix } from './note-matrix';
import { blankRepeatedLines, readableText } from './repeated-lines';
import { SyncQueue, type PendingChanges } from './sync-queue';
import { runSync, type SyncContext } from './sync-run';

export { DEFAULT_INDEX_OPTIONS, type IndexDeps, type IndexOptions, type IndexProgress, type IndexStats, type SyncSummary } from './index-types';

export class KindredIndex implements IndexReader {
  private readonly opts: IndexOptions;
  private readonly state: IndexState;
  private readonly syncContext: SyncContext;
  private running: Promise<unknown> = Promise.resolve();
  private gate: { promise: Promise<void>; release: () => void } | null = null;
  private readonly listeners = new Set<(p: IndexProgress) => void>();
  private readonly unwatchers = new Set<() => void>();

  private constructor(
    private readonly deps: IndexDeps,
    options: Partial<IndexOptions>,
  ) {
    this.opts = { ...DEFAULT_INDEX_OPTIONS, ...options };
    this.state = new IndexState(deps);
    this.syncContext = {
      deps,
      opts: this.opts,
      exclusions: compileExclusions(this.opts),
      emit: (progress) => {
        for (const listener of this.listeners) listener(progress);
      },
      gate: () => this.gate?.promise ?? null,
    };
  }

  /**
   * Opens the index saved in `deps.store`. Only persisted files are read: related notes answer
   * from the saved note matrix when this resolves; the passage vectors (`whenVectorsReady`) and
   * the keyword side (`whenKeywordReady`) finish loading in the background.
   * A missing, damaged or stale file is dropped with a warning and its part is rebuilt by
   * the next `sync`; this never throws for a bad index file.
   */
  static async open(deps: IndexDeps, options: Partial<IndexOptions> = {}): Promise<KindredIndex> {
    const index = new KindredIndex(deps, options);
    await loadIndex(index.state, deps.vault, index.opts);
    return index;
  }

  /** The problems met since opening, oldest first. */
  get problems(): readonly Problem[] {
    return this.state.problems;
  }

  /** The messages of the problems met since opening, oldest first. */
  get warnings(): string[] {
    return this.state.problems.map((p) => p.message);
  }

  /**
   * Calls `listener` with each problem met since opening (a damaged file found while loading, a
   * model change), then with each new one as it happens (a failed sync, a full disk); returns the
   * unsubscribe function. This is how problems reach the person: the plugin shows them in the
   * status bar and a notice, the CLI prints them.
   */
  onProblem(listener: (problem: Problem) => void): () => void {
    return this.state.onProblem(listener);
  }

  /** The model of the vectors this index answers with (the previous one while re-embedding). */
  get modelId(): string {
    return this.state.views.loadingModel?.modelId ?? this.state.vectors.answering?.modelId ?? this.state.embedder?.modelId ?? 'none';
  }

  get dims(): number {
    return this.state.views.loadingModel?.dims ?? this.state.vectors.answering?.dims ?? this.state.embedder?.dims ?? 0;
  }

  /**
   * While the notes are embedded again with a new model: that model. Until it is done, the vectors
   * this index exposes are the previous model's (`modelId`), so a query embedded with the new one
   * must not be compared with them. `null` otherwise.
   */
  get pendingModelId(): string | null {
    const loading = this.state.views.loadingModel;
    if (loading) {
      const embedder = this.state.embedder;
      return embedder && (embedder.modelId !== loading.modelId || embedder.dims !== loading.dims) ? embedder.modelId : null;
    }
    return this.state.vectors.pendingModelId;
  }

  get paused(): boolean {
    return this.gate !== null;
  }

  /** Resolves once the keyword side has loaded (or rebuilt) every bucket. */
  whenKeywordReady(): Promise<void> {
    return this.state.keyword.whenReady();
  }

  /**
   * Resolves once the passage vectors have loaded: until then note entries have their note
   * vector and no chunks (related notes answer without passages). Rejects when they could not be
   * read at all.
   */
  whenVectorsReady(): Promise<void> {
    return this.state.vectorsReady;
  }

  /** Both of the above: everything saved has loaded. */
  async whenLoaded(): Promise<void> {
    await Promise.all([this.whenKeywordReady(), this.whenVectorsReady()]);
  }

  /** While the keyword side loads: how many of its buckets a keyword search sees now; `null` once all have loaded. */
  keywordParts(): KeywordParts | null {
    return this.state.keyword.parts();
  }

  // ---------------------------------------------------------------- syncing

  /** Scans the vault against the index, indexes what changed, drops what is gone, and saves. */
  async sync(signal?: AbortSignal): Promise<SyncSummary> {
    this.requireKeyword();
    await this.whenLoaded();
    return this.run(null, signal);
  }

  /** Follows vault events: after `debounceMs` of quiet, the touched notes are indexed in one batch. */
  watch(): () => void {
    this.requireKeyword();
    const queue = new SyncQueue(this.deps.clock, this.opts.debounceMs, (changes) => {
      // A failure is reported as a problem (see `run`); nobody awaits a watched sync.
      void this.whenLoaded()
        .then(() => this.run(changes))
        .catch(() => undefined);
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
   * until that is done, the vectors that answered so far keep answering.
   */
  setEmbedder(embedder: Embedder | null): void {
    this.state.embedder = embedder;
    if (!embedder) return;
    // The generations are set up by the loading of the passage vectors: the model follows after it.
    const follow = (): void => {
      if (this.state.embedder === embedder && this.state.vectors.setModel({ modelId: embedder.modelId, dims: embedder.dims })) this.state.views.invalidate(true);
    };
    if (this.state.views.loadingModel) void this.whenVectorsReady().then(follow, () => undefined);
    else follow();
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

  /** Runs a sync after the one in flight; a sync that fails is reported as a problem, then rejects. */
  private run(only: PendingChanges | null, signal?: AbortSignal): Promise<SyncSummary> {
    return this.exclusive(async () => {
      try {
        return await runSync(this.state, this.syncContext, only, signal);
      } catch (error) {
        this.state.report(problems.syncFailed(messageOf(error)));
        throw error;
      }
    });
  }

  /** One sync at a time: each waits for the one before, whatever became of it. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.then(work, work);
    this.running = next.catch(() => undefined);
    return next;
  }

  // ---------------------------------------------------------------- reading (IndexReader)

  noteCount(): number {
    return this.state.records.size;
  }

  getNote(path: string): NoteEntry | undefined {
    return this.state.views.getNote(path);
  }

  /** In path order, so answers do not depend on the order notes were indexed in. */
  allNotes(): Iterable<NoteEntry> {
    return this.state.views.allNotes();
  }

  noteMatrix(): NoteMatrix {
    return this.state.views.noteMatrix();
  }

  /** Does not wait for the keyword side to load: answers from the buckets loaded so far, and says so (`query.onPartial`). */
  async keywordSearch(query: KeywordQuery): Promise<KeywordHit[]> {
    this.requireKeyword();
    const parts = this.state.keyword.parts();
    if (parts) query.onPartial?.(parts);
    const filtered = [query.folder, query.tag, query.site, query.author].some((v) => v !== undefined);
    const accept = filtered
      ? (path: string): boolean => {
          const note = this.getNote(path);
          return note !== undefined && matchesFilter(note, query);
        }
      : undefined;
    return this.state.keyword.search(query.text, query.limit, accept, query.weights);
  }

  async termSearch(terms: readonly string[], limit: number, weights?: KeywordWeights): Promise<KeywordHit[]> {
    this.requireKeyword();
    await this.whenKeywordReady();
    return this.state.keyword.termSearch(terms, limit, weights);
  }

  documentFrequency(term: string): number {
    return this.state.keyword.documentFrequency(term);
  }

  async passageText(chunk: ChunkEntry): Promise<string> {
    const text = await this.deps.vault.read(chunk.notePath).catch(() => '');
    // A passage is shown as the model read it: a repeated line inside it (a footer) is left out.
    const record = this.state.records.get(chunk.notePath);
    return (record ? readableText(text, record) : text).slice(chunk.start, chunk.end);
  }

  /**
   * Chunks and embeds text that is not (yet) an indexed note: a selection, an unsaved note.
   * Known chunk ids reuse their vectors. Keyword-only (no embedder): no chunks, no vector.
   * While re-embedding with a new model, the previous model's vectors answer and only it could
   * embed text comparably, but it is not loaded: text whose passages it has not all embedded
   * already gets no vector (its caller falls back to keywords).
   */
  async embedText(text: string): Promise<{ chunks: ChunkEntry[]; vector: Float32Array | null }> {
    // Known passages reuse their vectors, so those must have loaded.
    await this.whenVectorsReady();
    const { embedder, vectors: generations } = this.state;
    const vectors = generations.answering;
    if (!embedder || !vectors) return { chunks: [], vector: null };
    // Chunked as an indexed note would be: without the lines the vault repeats.
    const repeated = this.state.repeatedLines;
    const drafts = chunkNote(repeated && repeated.size > 0 ? blankRepeatedLines(text, (h) => repeated.has(h)) : text, this.opts);
    const missing = drafts.filter((d) => !vectors.has(d.id));
    if (missing.length > 0 && vectors === generations.previous) return { chunks: [], vector: null };
    const fresh = missing.length > 0 ? await embedder.embed(missing.map((d) => d.embeddedText)) : [];
    const freshById = new Map(missing.map((d, i) => [d.id, fresh[i]]));
    const chunks: ChunkEntry[] = drafts.map((d) => ({
      id: d.id,
      notePath: '',
      headingPath: d.headingPath,
      start: d.start,
      end: d.end,
      // A fresh vector as the index would hold it once the text is indexed, so the answer is the same then.
      vector: vectors.get(d.id) ?? int8RoundTrip(freshById.get(d.id)!),
    }));
    return { chunks, vector: noteVector(chunks.map((c) => c.vector)) };
  }

  stats(): IndexStats {
    const { records, vectors: generations } = this.state;
    const vectors = generations.current;
    let embeddedChunks = 0;
    let embeddedNotes = 0;
    const loadingModel = this.state.views.loadingModel;
    // While the passage vectors load, the notes the saved note matrix has are the embedded ones.
    const embedded = loadingModel ? new Set(this.noteMatrix().paths) : null;
    for (const rec of records.values()) {
      const known = embedded ? (embedded.has(rec.path) ? rec.chunks.length : 0) : vectors ? rec.chunks.filter((c) => vectors.has(c.id)).length : 0;
      embeddedChunks += known;
      if (known > 0 && known === rec.chunks.length) embeddedNotes++;
    }
    return {
      notes: records.size,
      chunks: this.state.chunkCount(),
      embeddedNotes,
      embeddedChunks,
      rechunkPending: this.state.rechunk.size,
      ...(loadingModel
        ? // The generations are set up once the passage vectors have loaded; until then the saved
          // note matrix answers, and a different embedder means a re-embedding under way.
          { modelId: this.pendingModelId ?? loadingModel.modelId, dims: this.state.embedder?.dims ?? loadingModel.dims, previousModelId: this.pendingModelId ? loadingModel.modelId : null, keywordOnly: false }
        : {
            modelId: vectors && (vectors.size > 0 || generations.previous) ? vectors.modelId : null,
            dims: vectors?.dims ?? this.dims,
            previousModelId: generations.previous?.modelId ?? null,
            // Whether there are vectors to answer with, not whether a model is loaded: `kindred stats`
            // opens the index without one.
            keywordOnly: !(generations.answering && generations.answering.size > 0),
          }),
      ...this.state.files.usage(),
      problems: this.state.problems.slice(-10),
    };
  }

  /** Stops watching and waits for the work in flight (which saves what it did). */
  async close(): Promise<void> {
    for (const stop of [...this.unwatchers]) stop();
    this.resume();
    await this.whenLoaded().catch(() => undefined);
    await this.running;
  }

  private requireKeyword(): void {
    if (!this.opts.loadKeyword) throw new Error('this index was opened without its keyword side (loadKeyword: false)');
  }
}
