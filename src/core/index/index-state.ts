import type { Embedder } from '../ports';
import type { Problem } from '../problems';
import type { NoteDescription } from './describe-note';
import { IndexFiles } from './index-files';
import type { IndexDeps } from './index-types';
import { KeywordBuckets } from './keyword-buckets';
import type { NoteRecord } from './note-record';
import { NoteRecords } from './note-records';
import { NoteViews } from './note-views';
import { LinkResolver } from './resolve-links';
import { TimeSlicer } from './time-slicer';
import { VectorGenerations } from './vector-generations';

/**
 * Everything the index holds, in one place, and the three changes a note can go through (put,
 * touched, removed), each keeping every part in step: the records, the links between notes, the
 * keyword side, the cached views ranking reads. Loading, syncing and saving all work on this.
 */
export class IndexState {
  /** Problems met while loading or syncing, oldest first. */
  readonly problems: Problem[] = [];
  private readonly problemListeners = new Set<(problem: Problem) => void>();
  /** What the index remembers of each note, by path, which chunks they use (`records.live`) and how many hold each line (`records.lines`). */
  readonly records = new NoteRecords();
  /**
   * Notes whose record is still cut by an older chunker or chunk size. Same model, same space: each
   * answers from its old chunks (their vectors are kept) until it is chunked and embedded again.
   */
  readonly rechunk = new Set<string>();
  /**
   * The repeated lines every record was chunked against (its `blanked` is its lines among these),
   * or `null` when that is not known (just loaded, or a sync stopped half way): the next sync
   * then checks every record.
   */
  repeatedLines: ReadonlySet<number> | null = null;
  readonly resolver = new LinkResolver([]);
  /** Cuts syncing and saving into short slices on a UI thread (see `Clock.yield`). */
  readonly slicer: TimeSlicer;
  readonly files: IndexFiles;
  readonly keyword: KeywordBuckets;
  readonly vectors: VectorGenerations;
  readonly views: NoteViews;
  embedder: Embedder | null;
  /**
   * Settles once the passage vectors have loaded (`loadIndex` reads them after the note matrix,
   * in the background); rejects when they could not be read at all. Syncs wait for it.
   */
  vectorsReady: Promise<void> = Promise.resolve();

  constructor(deps: IndexDeps) {
    const report = (problem: Problem): void => this.report(problem);
    this.embedder = deps.embedder;
    this.slicer = new TimeSlicer(deps.clock);
    this.files = new IndexFiles(deps.store, this.slicer, report);
    this.keyword = new KeywordBuckets(report, this.slicer);
    this.vectors = new VectorGenerations(deps.embedder, this.records.live, report);
    this.views = new NoteViews(this.records, this.resolver, () => this.vectors.answering);
  }

  report(problem: Problem): void {
    this.problems.push(problem);
    for (const listener of this.problemListeners) listener(problem);
  }

  /** Calls `listener` with every problem met so far, then with each new one; returns the unsubscribe function. */
  onProblem(listener: (problem: Problem) => void): () => void {
    for (const problem of this.problems) listener(problem);
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  /** Whether a note must be indexed again whatever its mtime: vectors to embed, or a re-chunk pending. */
  redo(record: NoteRecord): boolean {
    return this.lacksVectors(record) || this.rechunk.has(record.path);
  }

  /** The note has a chunk the embedder's model has not embedded (never true without an embedder). */
  lacksVectors(record: NoteRecord): boolean {
    return this.embedder !== null && this.vectors.lacksVectors(record);
  }

  /** A record read from a saved bucket (its chunks and lines are counted later, `records.countLoaded`). */
  loadRecord(record: NoteRecord): void {
    this.records.load(record);
    this.resolver.add(record.path);
  }

  /** A note indexed from its text: its record, chunks and words replace what was there. */
  putNote(record: NoteRecord, description: NoteDescription): void {
    const isNew = !this.records.has(record.path);
    this.records.set(record.path, record);
    this.rechunk.delete(record.path);
    this.keyword.put(record, description);
    if (isNew) this.resolver.add(record.path);
    this.views.invalidate(isNew, record.path);
  }

  /** The same text under a new mtime or size: only the record changes. */
  touchNote(record: NoteRecord): void {
    this.records.set(record.path, record);
    this.keyword.touch(record.path);
  }

  removeNote(path: string): void {
    if (!this.records.delete(path)) return;
    this.rechunk.delete(path);
    this.keyword.remove(path);
    this.resolver.remove(path);
    this.views.invalidate(true, path);
  }

  chunkCount(): number {
    let chunks = 0;
    for (const rec of this.records.values()) chunks += rec.chunks.length;
    return chunks;
  }
}
