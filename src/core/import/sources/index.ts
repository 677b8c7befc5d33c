import type { Clock, Fetcher } from '../../ports';
import { PoliteFetcher, type PolitePolicy } from '../polite-fetcher';
import type { ImportLimits, ImportSource, Recognised, SourceContext } from '../types';
import { FeedSource } from './feed';
import { FORUM_SITES, ForumMagnumSource, forumApiHosts, type ForumSite } from './forum-magnum';
import { probeSubstack, SubstackSource } from './substack';

/** The sources `kindred import` and the Import modal know, in the order they are asked. */
export function defaultSources(sites: ForumSite[] = FORUM_SITES): ImportSource[] {
  // The feed source comes last: a LessWrong or Substack URL is theirs even when it ends in /feed.
  return [new ForumMagnumSource(sites), new SubstackSource(), new FeedSource()];
}

/** The first source's reading of `text`, or null when no source imports it (a plain page). */
export function recognise(text: string, sources: ImportSource[]): Recognised | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  for (const source of sources) {
    const found = source.recognise(url);
    if (found) return found;
  }
  return null;
}

/**
 * As `recognise`, and for a URL no source claims that is shaped like a Substack publication or
 * post on a custom domain, one request to that site asks whether it serves Substack's API.
 */
export async function identify(text: string, context: SourceContext, sources: ImportSource[]): Promise<Recognised | null> {
  const known = recognise(text, sources);
  if (known) return known;
  try {
    return await probeSubstack(new URL(text.trim()), context);
  } catch {
    return null;
  }
}

/**
 * ForumMagnum sites ask for 3 s between requests: `Crawl-Delay: 3` in the robots.txt ForumMagnum
 * serves (`app/robots.txt/route.ts` in ForumMagnum/ForumMagnum at 1b45da5).
 */
export const FORUM_INTERVAL_MS = 3000;
/** Every other site: at most one request a second, as for any bulk clip. */
export const DEFAULT_INTERVAL_MS = 1000;

/** The pace and patience of imports; `pacing: false` drops the intervals (the bench, never the user). */
export function importPolicy(options: { pacing?: boolean; sites?: ForumSite[]; timeoutMs?: number; readsRobots?: boolean } = {}): PolitePolicy {
  const forum = new Set(forumApiHosts(options.sites));
  return {
    intervalFor: (host) => (options.pacing === false ? 0 : forum.has(host) ? FORUM_INTERVAL_MS : DEFAULT_INTERVAL_MS),
    maxRefusals: 4,
    maxRetryWaitMs: 10 * 60_000,
    firstBackoffMs: 10_000,
    timeoutMs: options.timeoutMs,
    readsRobots: options.pacing !== false && options.readsRobots !== false,
  };
}

/** Everything a source needs, with the network made polite (one PoliteFetcher per import). */
export function sourceContext(fetcher: Fetcher, clock: Clock, limits: ImportLimits, sources: ImportSource[], policy: PolitePolicy, signal?: AbortSignal): SourceContext {
  const polite = fetcher instanceof PoliteFetcher ? fetcher : new PoliteFetcher(fetcher, clock, policy);
  return { fetcher: polite, clock, limits, signal, recognise: (url) => recognise(url, sources) };
}
