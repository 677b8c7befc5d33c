import { FetchError } from '../../ports';
import { decodeFeedBytes } from '../feeds/decode';
import { parseFeedText, type FeedEntry, type ParsedFeed } from '../feeds/parse-feed';
import { ImportProblem } from '../import-problem';
import { API_LIMITS } from '../request-json';
import type { ImportItem, ImportSource, ItemBody, Listing, Recognised, SourceContext } from '../types';

// Paths feeds live at: /feed, /rss, /atom.xml, /feed.json, /index.xml, /posts.rss…
const FEED_PATH = /(^|\/)(feed|rss|atom)(\/|\.xml|\.json|\.rss|\.atom)?$|\.(rss|atom)$|(^|\/)(index|feed|rss|atom)\.(xml|json)$|\/feeds?\/(posts\/)?default$/i;

/** RSS 2.0, Atom and JSON Feed: a feed URL's entries, each clipped (from its page when the feed carries only a summary). */
export class FeedSource implements ImportSource {
  readonly name = 'Feed';

  recognise(url: URL): Recognised | null {
    if (!FEED_PATH.test(url.pathname.replace(/\/+$/, ''))) return null;
    return feedTarget(url.href);
  }
}

/** A feed at `url`, whatever its path (what "Follow a feed…" and `kindred follow add` are given). */
export function feedTarget(url: string): Recognised {
  return { kind: 'feed', url, open: (context) => openFeed(url, context) };
}

async function openFeed(url: string, context: SourceContext): Promise<Listing> {
  const feed = await fetchFeed(url, context);
  const since = context.limits.since;
  let entries = feed.entries.filter((e) => e.url && (since === undefined || !e.published || Date.parse(e.published) >= since));
  if (context.limits.limit) entries = entries.slice(0, context.limits.limit);
  return { description: `Feed '${feed.title || new URL(url).host}'`, total: entries.length, items: fromEntries(entries, context) };
}

/** Fetches and parses a feed; an ImportProblem says what went wrong in words. */
export async function fetchFeed(url: string, context: SourceContext): Promise<ParsedFeed> {
  let response;
  try {
    response = await context.fetcher.fetch({
      url,
      headers: { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1' },
      timeoutMs: API_LIMITS.timeoutMs,
      maxBytes: API_LIMITS.maxBytes,
      signal: context.signal,
    });
  } catch (error) {
    if (error instanceof ImportProblem) throw error;
    const why = error instanceof FetchError && error.kind === 'timeout' ? 'did not answer in time' : `could not be reached (${error instanceof Error ? error.message : String(error)})`;
    throw new ImportProblem('unreachable', `the feed ${url} ${why}`);
  }
  if (response.status === 404) throw new ImportProblem('not-found', `no feed at ${url} (404)`);
  if (response.status < 200 || response.status > 299) throw new ImportProblem('server-error', `${response.status} ${response.statusText} from ${url}`.replace(/\s+/g, ' '));
  return parseFeedText(decodeFeedBytes(response.body, response.headers['content-type']), response.url || url);
}

async function* fromEntries(entries: FeedEntry[], context: SourceContext): AsyncGenerator<ImportItem> {
  for (const entry of entries) yield entryItem(entry, context);
}

/**
 * One feed entry as an item. A post of a site with a source of its own (a LessWrong or Substack
 * post in their feeds) is loaded through that source, for the full text and its metadata.
 */
export function entryItem(entry: FeedEntry, context: SourceContext): ImportItem {
  return {
    url: entry.url,
    title: entry.title,
    published: entry.published,
    load: async (signal): Promise<ItemBody> => {
      const own = context.recognise(entry.url);
      if (own && own.kind === 'post') {
        const listing = await own.open({ ...context, signal: signal ?? context.signal });
        for await (const item of listing.items) return item.load(signal);
      }
      return {
        html: entry.html,
        known: { title: entry.title, authors: entry.authors, published: entry.published ?? '', tags: entry.tags },
      };
    },
  };
}
