import type { FileInfo } from '../ports';
import { messageOf, problems } from '../problems';
import { chunkNote } from './chunk-note';
import { describeNote, type NoteDescription } from './describe-note';
import type { compileExclusions } from './exclusions';
import type { IndexState } from './index-state';
import type { IndexDeps, IndexOptions, IndexProgress, SyncSummary } from './index-types';
import { IndexingQueue } from './indexing-order';
import type { NoteRecord } from './note-record';
import { blankRepeatedLines, candidateLines, lineHashes } from './repeated-lines';
import { sameMembers, staleBlankingSteps } from './stale-blanking';
import { checkpoint, saveIndex } from './save-index';
import { sha256Hex } from './sha256';
import type { PendingChanges } from './sync-queue';
import { onlyTouched, planEmbedding, planSyncSteps, type VaultScan } from './sync-plan';
import { runStepsInSlices } from './time-slicer';
import { TimeLeft } from './time-left';

/** What a sync run needs besides the index state: the vault, the options, and how to report and pause. */
export interface SyncContext {
  deps: IndexDeps;
  opts: IndexOptions;
  exclusions: ReturnType<typeof compileExclusions>;
  emit: (progress: IndexProgress) => void;
  /** While paused: resolves on resume. */
  gate: () => Promise<void> | null;
}

/**
 * Chunks embedded per embedder call. A batch's new chunks go to the model in steps of this many,
 * with a checkpoint between steps when one is due, so a long note (a 20 MB one is 16,000 chunks)
 * keeps its vectors as it goes, and what is in flight stays small. With two workers on USE-lite
 * a step is about 17 s of work at 15 chunks/s: long enough that a step boundary costs little.
 */
export const EMBED_STEP_CHUNKS = 256;

/**
 * One sync: looks at the vault (all of it, or the notes vault events named), plans, indexes the
 * notes to index in batches, the open note's first (read, chunk, embed what is new in steps,
 * put), drops the notes that are gone, and saves. Checkpoints keep the vectors of a long build; pause holds it between
 * batches; an abort stops it between steps and saves what was done. A save that fails (a full
 * disk, a read-only folder) is reported as a problem at the end of the run, once; the index in
 * memory is current and answers, and the next save writes what this one could not.
 */
export async function runSync(state: IndexState, ctx: SyncContext, only: PendingChanges | null, signal?: AbortSignal): Promise<SyncSummary> {
  const { clock } = ctx.deps;
  const started = clock.now();
  const problemsBefore = state.problems.length;
  ctx.emit({ phase: 'scanning', done: 0, total: 0, chunksPerSecond: 0, secondsLeft: null });

  const breathe = () => state.slicer.breathe();
  const scan = await scanVault(ctx, only, state.records, breathe);
  const { toIndex, removed } = await runStepsInSlices(planSyncSteps(state.records, scan, (rec) => state.redo(rec)), breathe);
  // The keyword side's bucket count follows the vault's size: when this run takes the vault past
  // a threshold, it is laid out again first, from what it holds (nothing is read or embedded),
  // before any note of the run is put, so no work in flight is caught between two layouts.
  const added = toIndex.reduce((n, f) => n + (state.records.has(f.path) ? 0 : 1), 0);
  await state.keyword.fitTo(state.records.size + added - removed.size, ctx.opts.notesPerKeywordBucket);

  let embedded = 0;
  let reused = 0;
  let indexed = 0;
  let aborted = false;
  let lastCheckpoint = clock.now();
  /** Paths put by this run. */
  const put = new Set<string>();
  let checkpointFailed = false;
  const checkpointIfDue = async (): Promise<void> => {
    if (checkpointFailed || clock.now() - lastCheckpoint < ctx.opts.checkpointMs) return;
    // A failed checkpoint leaves its vectors waiting: the save at the end tries again, and says so if it fails too.
    await checkpoint(state).catch(() => (checkpointFailed = true));
    lastCheckpoint = clock.now();
  };
  // The open note and its folder first, then the newest notes (indexing-order.ts), taken anew
  // for each batch; the time left is counted in bytes of the notes (time-left.ts).
  const queue = new IndexingQueue(toIndex, () => ({ path: ctx.deps.focus?.() ?? null }));
  const timeLeft = new TimeLeft(toIndex.reduce((sum, f) => sum + f.size, 0));
  const progress = (phase: IndexProgress['phase'], done: number): IndexProgress => {
    const seconds = (clock.now() - started) / 1000;
    return { phase, done, total: toIndex.length, chunksPerSecond: seconds > 0 ? embedded / seconds : 0, secondsLeft: timeLeft.secondsLeft(clock.now()) };
  };
  while (queue.remaining > 0) {
    const done = toIndex.length - queue.remaining;
    const gate = ctx.gate();
    if (gate) {
      ctx.emit(progress('paused', done));
      const pausedAt = clock.now();
      await gate;
      timeLeft.paused(clock.now() - pausedAt);
    }
    if (signal?.aborted) {
      aborted = true;
      break;
    }
    const files = queue.take(ctx.opts.batchNotes);
    const batch = await indexBatch(state, ctx, files, put, null, signal, async (chunks) => {
      embedded += chunks;
      await checkpointIfDue();
    });
    reused += batch.reused;
    indexed += batch.indexed;
    if (batch.aborted) {
      aborted = true;
      break;
    }
    timeLeft.record(files.reduce((sum, f) => sum + f.size, 0), clock.now());
    ctx.emit(progress('indexing', done + files.length));
  }
  for (const path of removed) state.removeNote(path);
  if (!aborted) aborted = await settleRepeatedLines(state, ctx, put, signal);
  else state.repeatedLines = null;
  if (state.vectors.switchWhenComplete(state.records.values())) state.views.invalidate(true);

  const end = { done: toIndex.length, total: toIndex.length, chunksPerSecond: 0, secondsLeft: 0 };
  ctx.emit({ phase: 'saving', ...end });
  const saveError = await saveIndex(state, ctx.opts).then(
    () => null,
    (error: unknown) => error,
  );
  ctx.emit({ phase: 'idle', ...end });
  // After the last progress report, so the problem is what the run ends on.
  if (saveError !== null) state.report(problems.saveFailed(saveError));
  return {
    notes: state.records.size,
    chunks: state.chunkCount(),
    indexedNotes: indexed,
    removedNotes: removed.size,
    embeddedChunks: embedded,
    reusedChunks: reused,
    seconds: (clock.now() - started) / 1000,
    keywordOnly: state.embedder === null,
    aborted,
    saved: saveError === null,
    problems: state.problems.slice(problemsBefore),
    warnings: state.problems.slice(problemsBefore).map((p) => p.message),
  };
}

/**
 * After a sync's notes are put: which lines are repeated now, and the notes chunked against
 * another set, chunked again. Notes put in the run were chunked against the counts as they stood
 * when each was read, so the first of a template's notes kept its lines; the vault's notes as a
 * whole are looked at when the set changed. A second look finds nothing unless a note changed
 * meanwhile; after three, the next sync looks again. Returns whether the run was stopped.
 */
async function settleRepeatedLines(state: IndexState, ctx: SyncContext, put: ReadonlySet<string>, signal: AbortSignal | undefined): Promise<boolean> {
  let only: Iterable<string> | null = put;
  for (let round = 0; round < 3; round++) {
    const repeated = state.records.lines.repeated();
    if (state.repeatedLines === null || !sameMembers(repeated, state.repeatedLines)) only = null;
    const stale = await runStepsInSlices(staleBlankingSteps(state.records, repeated, only), () => state.slicer.breathe());
    state.repeatedLines = repeated;
    if (stale.length === 0) return false;
    for (const file of stale) state.rechunk.add(file.path);
    const again = new Set<string>();
    for (let from = 0; from < stale.length; from += ctx.opts.batchNotes) {
      const batch = await indexBatch(state, ctx, stale.slice(from, from + ctx.opts.batchNotes), again, repeated, signal, async () => {});
      if (batch.aborted) {
        state.repeatedLines = null;
        return true;
      }
    }
    only = again;
  }
  state.repeatedLines = null;
  return false;
}

/** Every indexable note (a full scan), or the notes vault events named, as they are now. */
async function scanVault(ctx: SyncContext, only: PendingChanges | null, records: ReadonlyMap<string, NoteRecord>, breathe: () => Promise<void>): Promise<VaultScan> {
  const { vault } = ctx.deps;
  if (only === null) {
    // Every note of the vault: the exclusions are checked in slices (50,000 paths are tens of ms).
    const found: FileInfo[] = [];
    for (const [i, f] of (await vault.listMarkdown()).entries()) {
      if (!ctx.exclusions.excludesPath(f.path)) found.push(f);
      if (i % 2048 === 2047) await breathe();
    }
    return { complete: true, found };
  }
  const found: FileInfo[] = [];
  const gone = new Set(only.removed);
  for (const path of only.changed) {
    const indexable = path.toLowerCase().endsWith('.md') && !ctx.exclusions.excludesPath(path);
    const info = indexable ? await vault.stat(path) : null;
    if (info) found.push(info);
    else if (records.has(path)) gone.add(path);
  }
  return { complete: false, found, gone };
}

interface PreparedNote {
  record: NoteRecord;
  description: NoteDescription;
  /** Chunk id → the text the model embeds. */
  embeddedTexts: Map<string, string>;
}

/**
 * Reads, chunks and embeds a batch of notes, then puts them. `embeddedStep(n)` is awaited after
 * each embedder call of `n` chunks (the run counts them and checkpoints). An abort between steps,
 * or one the embedder rejects with, stops the batch before any of its notes is put; the vectors
 * embedded so far are kept for the next run.
 */
async function indexBatch(
  state: IndexState,
  ctx: SyncContext,
  files: FileInfo[],
  put: Set<string>,
  repeated: ReadonlySet<number> | null,
  signal: AbortSignal | undefined,
  embeddedStep: (chunks: number) => Promise<void>,
): Promise<{ reused: number; indexed: number; aborted: boolean }> {
  const prepared: PreparedNote[] = [];
  for (const file of files) {
    // Each note is read, hashed and chunked in a slice of its own at most.
    await state.slicer.breathe();
    const note = await prepareNote(state, ctx, file, repeated);
    if (note) prepared.push(note);
  }

  // The batch's new chunks are embedded in steps; known ids (this or another note, before or
  // after a rename) are never embedded twice.
  let reused = 0;
  const { embedder } = state;
  const vectors = state.vectors.current;
  if (embedder && vectors) {
    const plan = planEmbedding(prepared.map((p) => p.embeddedTexts), (id) => vectors.has(id));
    reused = plan.reused;
    const wanted = [...plan.wanted];
    for (let from = 0; from < wanted.length; from += EMBED_STEP_CHUNKS) {
      if (signal?.aborted) return { reused, indexed: 0, aborted: true };
      const step = wanted.slice(from, from + EMBED_STEP_CHUNKS);
      await state.slicer.breathe();
      let fresh: Float32Array[];
      try {
        fresh = await embedder.embed(step.map(([, text]) => text), signal);
      } catch (error) {
        if (signal?.aborted) return { reused, indexed: 0, aborted: true };
        throw error;
      }
      step.forEach(([id], i) => vectors.add(id, fresh[i]));
      await embeddedStep(step.length);
    }
  }

  for (const { record, description } of prepared) {
    // Orama's insert tokenizes the whole note: one note per slice at most.
    await state.slicer.breathe();
    state.putNote(record, description);
    put.add(record.path);
  }
  return { reused, indexed: prepared.length, aborted: false };
}

/** Reads, hashes and chunks one note; `null` when there is nothing to embed or put (unreadable, unchanged, excluded). */
async function prepareNote(state: IndexState, ctx: SyncContext, file: FileInfo, repeated: ReadonlySet<number> | null): Promise<PreparedNote | null> {
  let text: string;
  try {
    text = await ctx.deps.vault.read(file.path);
  } catch (error) {
    state.report(problems.noteUnreadable(file.path, messageOf(error)));
    return null;
  }
  const hash = sha256Hex(text);
  const old = state.records.get(file.path);
  // What the note held before, for the line counts (`undefined`: a new note).
  const oldLines = old ? (old.lines ?? []) : undefined;
  if (onlyTouched(old, hash, (rec) => state.redo(rec))) {
    state.touchNote({ ...old, mtime: file.mtime, size: file.size });
    return null;
  }
  const candidates = candidateLines(text);
  const lines = lineHashes(text, candidates);
  const isRepeated = repeated ? (h: number) => repeated.has(h) : state.records.lines.repeatedFor(lines, oldLines);
  const blanked = lines.filter(isRepeated);
  // Offsets stay those of the note as written: passages are shown from it.
  const readable = blanked.length > 0 ? blankRepeatedLines(text, isRepeated, candidates) : text;
  const description = describeNote(file.path, text, readable);
  if (ctx.exclusions.excludesTags(description.tags)) {
    state.removeNote(file.path);
    return null;
  }
  const chunks = chunkNote(readable, ctx.opts);
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
    lines,
    ...(blanked.length > 0 ? { blanked } : {}),
  };
  return { record, description, embeddedTexts: new Map(chunks.map((c) => [c.id, c.embeddedText])) };
}
