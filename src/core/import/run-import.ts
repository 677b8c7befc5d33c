import {
  buildSourceIndex,
  clipWithIndex,
  findDuplicate,
  urlKey,
  safeFolder,
  type ClipDeps,
  type ClipInput,
  type ClipOptions,
  type ClipOutcome,
  type SourceIndex,
} from '../clip';
import { ImportProblem, RESUME_HINT, type ImportProblemCode } from './import-problem';
import { writeIndexNote, type IndexEntry } from './index-note';
import { itemPage } from './item-page';
import { PoliteFetcher } from './polite-fetcher';
import type { ImportItem, Listing } from './types';

export interface ImportRunOptions {
  clip: ClipOptions;
  /** Leave out posts the reader cannot see whole (Substack's paid posts). */
  skipPaywalled?: boolean;
}

/** How an import ended. */
export interface ImportReport {
  description: string;
  /** Every item that was reached, in order. */
  outcomes: ClipOutcome[];
  cancelled: boolean;
  /** Why the import stopped before its end, with how to go on. */
  stopped?: { code: ImportProblemCode; message: string };
  /** The table of contents written (a sequence). */
  indexNotePath?: string;
}

export type ImportProgress = (done: number, total: number | undefined, last: ClipOutcome) => void;

/**
 * Runs a listing through the clip pipeline, one item at a time, as the items are listed (the
 * listing fetches a page of posts only when the previous one is used up, so memory holds one
 * page, whatever the archive's size). A post already in the vault (same canonical URL) is
 * skipped before its text is fetched, which is what makes a second run resume where the first
 * stopped. An item that fails is an outcome; a listing that fails, or a site that keeps
 * refusing, stops the run with a message saying how to resume. Nothing is half-written: each
 * note is one `create` (or one `process` for an update).
 */
export async function runImport(listing: Listing, deps: ClipDeps, options: ImportRunOptions, onProgress?: ImportProgress, signal?: AbortSignal): Promise<ImportReport> {
  const report: ImportReport = { description: listing.description, outcomes: [], cancelled: false };
  const clip = { ...options.clip, folder: safeFolder(options.clip.folder) };
  const sources = await buildSourceIndex(deps.vault);
  const entries: IndexEntry[] = [];
  const iterator = listing.items[Symbol.asyncIterator]();
  try {
    for (;;) {
      if (signal?.aborted) break;
      const next = await iterator.next();
      if (next.done) break;
      const item = next.value;
      const outcome = await importItem(item, deps, clip, options, sources, signal);
      if (signal?.aborted && outcome.error === 'cancelled') break;
      report.outcomes.push(outcome);
      if (listing.indexNote) entries.push({ title: item.title || outcome.input, path: outcome.path, chapter: item.chapter, failed: outcome.status === 'failed' ? outcome.error : undefined });
      onProgress?.(report.outcomes.length, listing.total, outcome);
    }
  } catch (error) {
    if (!(error instanceof ImportProblem)) throw error;
    if (signal?.aborted) report.cancelled = true;
    else {
      const done = report.outcomes.length;
      const where = listing.total === undefined ? `${done} post${done === 1 ? '' : 's'}` : `${done} of ${listing.total} posts`;
      // A site that asks robots to stay away will say so again: resuming is no help.
      const hint = error.code === 'disallowed' ? '' : ` ${RESUME_HINT}`;
      report.stopped = { code: error.code, message: `${error.message}. Stopped after ${where}.${hint}` };
    }
  } finally {
    await iterator.return?.();
  }
  if (signal?.aborted) report.cancelled = true;
  if (listing.indexNote && !report.cancelled && !report.stopped) {
    report.indexNotePath = await writeIndexNote(deps, clip, sources, listing.indexNote, entries);
  }
  return report;
}

async function importItem(item: ImportItem, deps: ClipDeps, clip: ClipOptions, options: ImportRunOptions, sources: SourceIndex, signal?: AbortSignal): Promise<ClipOutcome> {
  const name = item.url || item.title;
  if (clip.onDuplicate !== 'keep-both') {
    const existing = item.url ? await findDuplicate(deps.vault, urlKey(item.url), sources) : null;
    if (existing && clip.onDuplicate === 'skip') return { input: name, status: 'skipped', path: existing, error: `already clipped as ${existing}` };
  }
  if (options.skipPaywalled && item.paywalled) return { input: name, status: 'skipped', error: 'paywalled: left out (--skip-paywalled)' };
  let input: ClipInput;
  let comments = false;
  try {
    const body = await item.load(signal);
    comments = Boolean(body.comments?.length);
    input = body.html?.trim()
      ? { kind: 'html', name, url: item.url, bytes: new TextEncoder().encode(itemPage(item, body)), known: body.known }
      : // Only the page has the text (a feed of summaries): clip the page itself, as any URL.
        { kind: 'url', url: item.url };
  } catch (error) {
    // A site refusing again and again ends the run; other failures are this item's.
    if (error instanceof ImportProblem && error.code === 'refused') throw error;
    return { input: name, status: 'failed', error: error instanceof Error ? error.message : String(error) };
  }
  const outcome = await clipWithIndex(input, deps, { ...clip, includeComments: clip.includeComments || comments }, sources, signal);
  // A page clip swallows the refusal into its outcome; the fetcher still knows the site said no.
  const refused = deps.fetcher instanceof PoliteFetcher ? deps.fetcher.refusal : null;
  if (refused) throw refused;
  return { ...outcome, input: name };
}
