import type { IndexReader } from '../core/index/index-reader';
import type { IndexProgress, KindredIndex } from '../core/index/kindred-index';
import type { KeywordParts } from '../core/index/keyword-buckets';
import type { Embedder } from '../core/ports';
import { messageOf, problemKey, problems, type Problem } from '../core/problems';
import { rankRelated, sourceFromEmbeddedText, sourceFromIndexedNote, type RelatedAnswer, type RelatedSource } from '../core/rank/rank-related';
import { queryVector } from '../core/rank/query-vector';
import { ModelUnavailableError, searchNotes, type SearchMode, type SearchResult } from '../core/rank/search-notes';
import type { NoteFilter } from '../core/rank/note-filter';
import type { Tokenize } from '../core/rank/distinctive-terms';

/**
 * The part of `KindredIndex` the plugin drives: its reads (`IndexReader`) and these members,
 * with the index's own types, so the glue states exactly what it relies on and never restates it.
 */
export type IndexHandle = Pick<
  KindredIndex,
  keyof IndexReader | 'sync' | 'watch' | 'setEmbedder' | 'pause' | 'resume' | 'paused' | 'onProgress' | 'onProblem' | 'stats' | 'embedText' | 'close' | 'whenKeywordReady' | 'whenVectorsReady'
>;

/** Where the embedding model comes from: downloaded once on request, then loaded locally. */
export interface ModelProvider {
  /** True when verified model files are on disk. */
  isDownloaded(): Promise<boolean>;
  download(onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void>;
  load(): Promise<Embedder>;
}

export type ModelState = 'unknown' | 'missing' | 'downloading' | 'loading' | 'ready' | 'error';

/** What the status bar and the views show. */
export type EngineStatus =
  | { kind: 'starting' }
  | { kind: 'idle' }
  | { kind: 'downloading'; percent: number }
  | { kind: 'indexing'; done: number; total: number; chunksPerSecond: number; secondsLeft: number | null }
  | { kind: 'paused' }
  | { kind: 'error'; message: string };

/** The related pane's answer, including the states where there is no list to show. */
export type RelatedState =
  | { kind: 'waiting' }
  | { kind: 'not-indexed' }
  | { kind: 'answer'; answer: RelatedAnswer; keywordOnly: boolean; partial?: true };

export interface EngineDeps {
  openIndex: (embedder: Embedder | null) => Promise<IndexHandle>;
  model: ModelProvider;
  tokenize: Tokenize;
  readNote: (path: string) => Promise<string>;
  /** Whether a note exists (an unindexed note is embedded on the fly). */
  noteExists: (path: string) => boolean;
  /** Removes the saved index files (for "Rebuild index"). */
  clearIndex: () => Promise<void>;
  /** Errors the user did not cause go to the console, not to a notice. */
  log: (message: string, error?: unknown) => void;
  /** Shows a notice (Obsidian's `Notice`). */
  notify: (message: string) => void;
}

/**
 * Owns the index and the model inside Obsidian: opens them in the background, keeps the
 * index in sync with the vault, and answers the views. Every view asks through here, so a
 * missing model or an index still loading is one state, shown the same everywhere.
 */
export class KindredEngine {
  index: IndexHandle | null = null;
  embedder: Embedder | null = null;
  modelState: ModelState = 'unknown';
  status: EngineStatus = { kind: 'starting' };
  private readonly listeners = new Set<() => void>();
  private readonly cleanups: (() => void)[] = [];
  private syncing: Promise<unknown> | null = null;
  private download: AbortController | null = null;
  private closed = false;
  /** Problems already shown (by `problemKey`): the same one again is not shown twice. */
  private readonly told = new Set<string>();
  /** Problems met in this turn, shown together in one notice. */
  private unshown: Problem[] = [];
  /** A sync of the index's own (a watched batch) is under way, as its progress says. */
  private watchedRun = false;

  constructor(private readonly deps: EngineDeps) {}

  /**
   * Opens the index and the model, syncs once and watches the vault. Never throws. The index
   * opens while the model loads: related notes of an indexed note answer from the saved vectors,
   * which need no model, so the pane does not wait for it.
   */
  async start(): Promise<void> {
    try {
      // An embedder handed over before start (useEmbedder) is kept.
      let modelLoading: Promise<void> | null = null;
      if (this.embedder) this.modelState = 'ready';
      else if (await this.deps.model.isDownloaded()) modelLoading = this.loadModel();
      else this.modelState = 'missing';
      if (this.closed) return;
      const opening = this.embedder;
      const index = await this.deps.openIndex(opening);
      if (this.closed) {
        await index.close();
        return;
      }
      this.index = index;
      // An embedder handed over (or loaded) while the index was opening.
      if (this.embedder !== opening) index.setEmbedder(this.embedder);
      this.setStatus({ kind: 'idle' });
      // The first sync embeds with the model, so it waits for it (a failed load is a problem of its own).
      await modelLoading;
      if (this.closed) return;
      // The sync starts first, so the problems found on opening are shown with its own, at its end.
      await this.syncAndWatch(index);
    } catch (e) {
      this.fail('could not open the index', e);
    }
  }

  /** Subscribes to status and model changes; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Uses `embedder` for everything from now on (the downloaded model, or a stand-in in tests). */
  useEmbedder(embedder: Embedder | null): void {
    const previous = this.embedder;
    this.embedder = embedder;
    this.modelState = embedder ? 'ready' : 'missing';
    this.index?.setEmbedder(embedder);
    if (previous && previous !== embedder) void previous.dispose();
    this.emit();
    // A sync under way may have started without this embedder: another one follows it.
    if (embedder && this.index) void (this.syncing ?? Promise.resolve()).then(() => this.sync());
  }

  /** Runs a sync unless one is running; resolves when it is done. */
  sync(): Promise<unknown> {
    if (!this.index) return Promise.resolve();
    if (this.syncing) return this.syncing;
    const index = this.index;
    // `syncing` is cleared before the status changes, so listeners see `indexing` false at the end.
    this.syncing = index.sync().then(
      (summary) => {
        this.syncing = null;
        // A run that ended on an error (its save failed) leaves the status bar in the error state.
        const ended = summary.problems.some((p) => p.severity === 'error');
        if (!this.closed && !ended) this.setStatus(index.paused ? { kind: 'paused' } : { kind: 'idle' });
        this.showProblems();
      },
      (e: unknown) => {
        this.syncing = null;
        // The index reported it as a problem (status bar and notice); the console gets the details.
        this.deps.log('Kindred: indexing failed', e);
        this.emit();
        this.showProblems();
      },
    );
    return this.syncing;
  }

  /**
   * A sync is running (even before its first progress report): an empty related list may only
   * mean the notes it would show are not indexed yet.
   */
  get indexing(): boolean {
    return this.syncing !== null || this.status.kind === 'starting' || this.status.kind === 'indexing';
  }

  get paused(): boolean {
    return this.index?.paused ?? false;
  }

  togglePause(): void {
    if (!this.index) return;
    if (this.index.paused) {
      this.index.resume();
      this.setStatus({ kind: 'idle' });
      void this.sync();
    } else {
      this.index.pause();
      this.setStatus({ kind: 'paused' });
    }
  }

  /** Forgets the saved index and builds it again from the notes. */
  async rebuild(): Promise<void> {
    const old = this.index;
    this.index = null;
    this.cleanups.splice(0).forEach((f) => f());
    await this.syncing?.catch(() => {});
    await old?.close();
    await this.deps.clearIndex();
    this.told.clear();
    this.setStatus({ kind: 'starting' });
    const index = await this.deps.openIndex(this.embedder);
    if (this.closed) return void (await index.close());
    this.index = index;
    await this.syncAndWatch(index);
  }

  /**
   * The first sync of an index just opened, and the vault watched from the moment it starts: a
   * note created while that sync runs is queued for the watched sync after it, not missed until
   * the next start. (The watch began only once the sync had ended, and a browser test that adds
   * notes as soon as the first ones are embedded failed now and then on a loaded machine.)
   */
  private async syncAndWatch(index: IndexHandle): Promise<void> {
    const first = this.sync();
    this.follow(index);
    this.cleanups.push(index.watch());
    await first;
  }

  /** Downloads and loads the model; progress shows in the status bar. */
  async downloadModel(): Promise<void> {
    if (this.download || this.modelState === 'ready') return;
    this.download = new AbortController();
    this.modelState = 'downloading';
    this.setStatus({ kind: 'downloading', percent: 0 });
    try {
      await this.deps.model.download((f) => this.setStatus({ kind: 'downloading', percent: Math.round(f * 100) }), this.download.signal);
      await this.loadModel();
      this.setStatus({ kind: 'idle' });
      if (this.embedder) this.useEmbedder(this.embedder);
    } catch (e) {
      this.modelState = 'missing';
      this.fail('could not download the model', e);
      throw e;
    } finally {
      this.download = null;
    }
  }

  /**
   * The related notes of the note at `path`, or why there are none yet. With `onFirst`, a note
   * with a vector gets a first answer from the vectors alone (a cosine scan, fast at any vault
   * size), handed over before the keyword side is asked; the returned answer is the full one.
   */
  async related(path: string, k: number, minScore: number, onFirst?: (first: RelatedState) => void): Promise<RelatedState> {
    const index = this.index;
    if (!index) return { kind: 'waiting' };
    const read = (p: string) => this.deps.readNote(p);
    // An indexed note's vector is in the index: no model is needed to rank from it.
    let source: RelatedSource | null = await sourceFromIndexedNote(index, path, read);
    if (!source) {
      const note = index.getNote(path);
      if (!note && !this.deps.noteExists(path)) return { kind: 'not-indexed' };
      const text = await read(path);
      // Not indexed yet (or not embedded yet): embed it on the fly rather than make the user wait.
      const embedded = this.embedder ? await index.embedText(text) : { chunks: [], vector: null };
      source = sourceFromEmbeddedText(text, embedded, { path, links: note?.links });
    }
    const keywordOnly = source.vector === null;
    const answer = await rankRelated(index, source, {
      k,
      minScore,
      tokenize: this.deps.tokenize,
      strategy: keywordOnly ? 'keyword' : 'fused',
      onFirst: onFirst
        ? async (first) => {
            // (An empty first list is never handed over: it would flash "nothing related".)
            onFirst({ kind: 'answer', answer: first, keywordOnly: false, partial: true });
            // A turn for the browser to paint the first list before the keyword side runs.
            await new Promise<void>((resolve) => window.setTimeout(resolve, 0));
          }
        : undefined,
    });
    return { kind: 'answer', answer, keywordOnly };
  }

  /** Related notes for a piece of text (a selection). */
  async relatedToText(text: string, k: number, minScore: number): Promise<RelatedState> {
    const index = this.index;
    if (!index) return { kind: 'waiting' };
    const embedded = this.embedder ? await index.embedText(text) : { chunks: [], vector: null };
    const source = sourceFromEmbeddedText(text, embedded);
    const keywordOnly = source.vector === null;
    const answer = await rankRelated(index, source, {
      k,
      minScore,
      tokenize: this.deps.tokenize,
      strategy: keywordOnly ? 'keyword' : 'fused',
    });
    return { kind: 'answer', answer, keywordOnly };
  }

  /**
   * Searches the vault (within `filter`); semantic and hybrid need the model and say so when it is
   * missing. While the keyword side loads (just after start), a caller that gives `onPartial` is
   * answered from the keyword parts loaded so far and told how many; any other waits for them all.
   */
  async search(text: string, mode: SearchMode, k: number, filter: NoteFilter = {}, onPartial?: (parts: KeywordParts) => void): Promise<SearchResult[]> {
    const index = this.index;
    if (!index) return [];
    const embedder = this.embedder;
    if (!embedder && mode !== 'keyword') throw new ModelUnavailableError(mode);
    if (!onPartial) await index.whenKeywordReady();
    // Just after start the passage vectors may still be loading; the passages shown come from them.
    if (mode !== 'keyword') await index.whenVectorsReady();
    return searchNotes(index, { ...filter, text, mode, k }, {
      tokenize: this.deps.tokenize,
      embedQuery: embedder ? (q) => queryVector((texts) => embedder.embed(texts), q) : undefined,
      onKeywordPartial: onPartial,
    });
  }

  /** Resolves once the keyword side has loaded every part (at once when no index is open). */
  whenKeywordReady(): Promise<void> {
    return this.index?.whenKeywordReady() ?? Promise.resolve();
  }

  /** Stops watching, closes the index and frees the model. */
  async close(): Promise<void> {
    this.closed = true;
    this.download?.abort();
    this.cleanups.splice(0).forEach((f) => f());
    this.listeners.clear();
    await this.syncing?.catch(() => {});
    await this.index?.close();
    this.index = null;
    await this.embedder?.dispose();
    this.embedder = null;
  }

  private async loadModel(): Promise<void> {
    this.modelState = 'loading';
    this.emit();
    try {
      this.embedder = await this.deps.model.load();
      this.modelState = 'ready';
      this.index?.setEmbedder(this.embedder);
    } catch (e) {
      this.modelState = 'error';
      this.deps.log('Kindred: the embedding model could not be loaded; keyword search still works', e);
      this.onProblem(problems.modelMissing(`it could not be loaded: ${messageOf(e)}`));
    }
    this.emit();
  }

  /** Shows the index's progress and problems from now on. */
  private follow(index: IndexHandle): void {
    this.cleanups.push(index.onProgress((p) => this.onIndexProgress(p)));
    this.cleanups.push(index.onProblem((p) => this.onProblem(p)));
  }

  /**
   * A problem reaches the person: an error puts the status bar in its error state (until the next
   * sync runs) and is shown at once; the others wait for the end of the sync they belong to, so
   * everything one sync met is one notice (a damaged index shows one, not one per file). A
   * problem shown before is not shown again.
   */
  private onProblem(problem: Problem): void {
    if (this.closed) return;
    if (problem.severity === 'error') this.setStatus({ kind: 'error', message: problem.message });
    // A failed run ends without its last progress report.
    if (problem.code === 'sync-failed') this.watchedRun = false;
    const key = problemKey(problem);
    if (this.told.has(key)) return;
    this.told.add(key);
    this.unshown.push(problem);
    if (problem.severity === 'error' || (this.syncing === null && !this.watchedRun)) queueMicrotask(() => this.showProblems());
  }

  private showProblems(): void {
    const list = this.unshown.splice(0);
    if (list.length === 0 || this.closed) return;
    this.deps.notify(list.length === 1 ? `Kindred: ${list[0].message}` : [`Kindred met ${list.length} problems:`, ...list.map((p) => `• ${p.message}`)].join('\n'));
  }

  private onIndexProgress(p: IndexProgress): void {
    this.watchedRun = p.phase !== 'idle';
    if (!this.watchedRun) queueMicrotask(() => this.showProblems());
    if (this.index?.paused || p.phase === 'paused') this.setStatus({ kind: 'paused' });
    else if (p.total > 0 && p.done < p.total)
      this.setStatus({ kind: 'indexing', done: p.done, total: p.total, chunksPerSecond: p.chunksPerSecond, secondsLeft: p.secondsLeft });
    else this.setStatus({ kind: 'idle' });
  }

  private fail(what: string, e: unknown): void {
    const message = `${what}: ${e instanceof Error ? e.message : String(e)}`;
    this.deps.log(`Kindred: ${message}`, e);
    if (!this.closed) this.setStatus({ kind: 'error', message });
  }

  private setStatus(status: EngineStatus): void {
    this.status = status;
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
