/**
 * Bulk import: a whole sequence, tag, author, publication or feed through the clip pipeline.
 * `kindred import`, `kindred follow`, the Import modal and the feed checker use only what is
 * exported here.
 */
import type { Clock, Fetcher } from '../ports';
import { ImportProblem } from './import-problem';
import type { PoliteFetcher, PolitePolicy } from './polite-fetcher';
import { defaultSources, identify, importPolicy, sourceContext } from './sources';
import type { ImportLimits, ImportSource, Listing, Recognised } from './types';

export type { ImportItem, ImportLimits, ImportSource, Listing, Recognised, SourceContext, ItemBody } from './types';
export { ImportProblem, RESUME_HINT, type ImportProblemCode } from './import-problem';
export { runImport, type ImportReport, type ImportProgress, type ImportRunOptions } from './run-import';
export { PoliteFetcher, IMPORT_USER_AGENT, type PolitePolicy } from './polite-fetcher';
export { defaultSources, recognise, importPolicy, FORUM_INTERVAL_MS, DEFAULT_INTERVAL_MS } from './sources';
export { FORUM_SITES, forumApiHosts, type ForumSite } from './sources/forum-magnum';
export { feedTarget, fetchFeed } from './sources/feed';

export interface OpenImportDeps {
  fetcher: Fetcher;
  clock: Clock;
  sources?: ImportSource[];
  policy?: PolitePolicy;
  signal?: AbortSignal;
}

/** A URL looked up: what it is, what was found (with the count when known), and the polite fetcher its items use. */
export interface OpenedImport {
  recognised: Recognised;
  listing: Listing;
  fetcher: PoliteFetcher;
}

/**
 * Recognises `url` and makes its first requests (the sequence, the tag, the author, the feed),
 * so the caller can say what it found before anything is written. Null when no source imports
 * this URL: it is a page, for the ordinary clip.
 */
export async function openImport(url: string, limits: ImportLimits, deps: OpenImportDeps): Promise<OpenedImport | null> {
  const sources = deps.sources ?? defaultSources();
  const context = sourceContext(deps.fetcher, deps.clock, limits, sources, deps.policy ?? importPolicy(), deps.signal);
  const recognised = await identify(url, context, sources);
  if (!recognised) return null;
  const listing = await recognised.open(context);
  return { recognised, listing, fetcher: context.fetcher as PoliteFetcher };
}

/** `--since` and the modal's date: a day or a date-time, as milliseconds; an ImportProblem for anything else. */
export function parseSince(text: string): number {
  const when = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()}T00:00:00Z` : text.trim());
  if (!Number.isFinite(when)) throw new ImportProblem('not-importable', `not a date: '${text}' (write it as 2024-01-31)`);
  return when;
}
export { FeedChecker, FeedSchedule, type FeedCheck, type FeedCheckDeps, type FeedCheckResult, type FeedStore } from './feeds/check-feeds';
export { migrateFeeds, followFeed, unfollowFeed, findFeed, markSeen, MAX_SEEN, type FollowedFeed } from './feeds/follow-list';
export { feedsFromOpml, opmlFromFeeds, type OpmlFeed } from './feeds/opml';
