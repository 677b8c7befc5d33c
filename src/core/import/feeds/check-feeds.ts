import { canonicalUrl, type ClipOptions, type ClipOutcome } from '../../clip';
import type { Clock, Fetcher, HtmlParser, Vault } from '../../ports';
import { ImportProblem } from '../import-problem';
import type { PolitePolicy } from '../polite-fetcher';
import { runImport } from '../run-import';
import { defaultSources, importPolicy, sourceContext } from '../sources';
import { entryItem, fetchFeed } from '../sources/feed';
import type { ImportSource, Listing } from '../types';
import { markSeen, type FollowedFeed } from './follow-list';

/** Where the followed feeds live: the plugin's data file, read and changed in one step. */
export interface FeedStore {
  load(): Promise<FollowedFeed[]>;
  /** Applies `change` to the list as saved now (another writer may have changed it) and saves it. */
  update(change: (feeds: FollowedFeed[]) => void): Promise<void>;
}

export interface FeedCheckDeps {
  vault: Vault;
  fetcher: Fetcher;
  parser: HtmlParser;
  clock: Clock;
  /** The clip options of every feed; the folder is each feed's own. */
  clip: ClipOptions;
  sources?: ImportSource[];
  policy?: PolitePolicy;
}

/** What one feed's check did. */
export interface FeedCheckResult {
  url: string;
  title: string;
  /** The new entries, each with its outcome (entries seen before are not listed: they cost nothing). */
  outcomes: ClipOutcome[];
  /** Why the feed could not be read, or why its import stopped. */
  error?: string;
}

export type FeedCheck = { busy: false; results: FeedCheckResult[] } | { busy: true };

/**
 * Checks the followed feeds, one at a time, never two checks at once: a check asked for while
 * one runs answers `{ busy: true }` at once. Entries already handled (remembered per feed in
 * the data file, so across restarts) are not fetched again; new ones go through the import
 * runner into the feed's folder, where the duplicate rule skips a post the vault already has.
 * A failed entry is not remembered, so the next check tries it again.
 */
export class FeedChecker {
  private running = false;

  constructor(
    private readonly deps: FeedCheckDeps,
    private readonly store: FeedStore,
  ) {}

  get busy(): boolean {
    return this.running;
  }

  async check(onProgress?: (feed: FollowedFeed, done: number, total: number) => void, signal?: AbortSignal): Promise<FeedCheck> {
    if (this.running) return { busy: true };
    this.running = true;
    try {
      const feeds = (await this.store.load()).filter((f) => !f.paused);
      const sources = this.deps.sources ?? defaultSources();
      // One polite fetcher for the whole check: feeds on one host share its pace.
      const context = sourceContext(this.deps.fetcher, this.deps.clock, {}, sources, this.deps.policy ?? importPolicy(), signal);
      const results: FeedCheckResult[] = [];
      for (const [i, feed] of feeds.entries()) {
        if (signal?.aborted) break;
        onProgress?.(feed, i, feeds.length);
        results.push(await this.checkOne(feed, context));
      }
      return { busy: false, results };
    } finally {
      this.running = false;
    }
  }

  private async checkOne(feed: FollowedFeed, context: ReturnType<typeof sourceContext>): Promise<FeedCheckResult> {
    const seen = new Set(feed.seen);
    let result: FeedCheckResult;
    try {
      const parsed = await fetchFeed(feed.url, context);
      const fresh = parsed.entries.filter((e) => e.url && !seen.has(canonicalUrl(e.url)));
      const listing: Listing = { description: `Feed '${parsed.title}'`, total: fresh.length, items: asItems(fresh.map((e) => entryItem(e, context))) };
      const report = await runImport(listing, { ...this.deps, fetcher: context.fetcher }, { clip: { ...this.deps.clip, folder: feed.folder } }, undefined, context.signal);
      result = { url: feed.url, title: parsed.title, outcomes: report.outcomes, error: report.stopped?.message };
    } catch (error) {
      result = { url: feed.url, title: feed.title, outcomes: [], error: error instanceof ImportProblem || error instanceof Error ? error.message : String(error) };
    }
    const handled = result.outcomes.filter((o) => o.status !== 'failed').map((o) => o.input);
    const now = this.deps.clock.now();
    await this.store.update((feeds) => {
      const saved = feeds.find((f) => f.url === feed.url);
      if (!saved) return; // removed while it was being checked
      markSeen(saved, handled);
      saved.lastChecked = now;
      saved.lastError = result.error ?? '';
      if (result.title) saved.title = result.title;
    });
    return result;
  }
}

async function* asItems<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

/**
 * When to check: once shortly after start-up and every `everyHours` while the app is open,
 * each only when the user turned it on. A check that finds another running is skipped (the
 * checker says busy), so two never overlap.
 */
export class FeedSchedule {
  private cancel: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly run: () => Promise<unknown>,
    private readonly settings: () => { onStartup: boolean; everyHours: number },
    /** How long after start-up the first check waits, so that start-up itself does nothing. */
    private readonly startupDelayMs = 60_000,
  ) {}

  start(): void {
    this.stop();
    const { onStartup } = this.settings();
    if (onStartup) this.cancel = this.clock.setTimeout(() => void this.tick(), this.startupDelayMs);
    else this.next();
  }

  /** Call when the settings change: the next check is planned anew. */
  restart(): void {
    this.stop();
    this.next();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  private next(): void {
    const hours = this.settings().everyHours;
    if (hours > 0) this.cancel = this.clock.setTimeout(() => void this.tick(), hours * 3_600_000);
  }

  private async tick(): Promise<void> {
    this.cancel = null;
    try {
      await this.run();
    } finally {
      if (!this.cancel) this.next();
    }
  }
}
