import type { KnownMeta } from '../clip';
import type { Clock, Fetcher } from '../ports';

/**
 * The import sources' port. A source turns a URL the user pasted (a sequence, a tag, an
 * author, a publication, a feed) into a stream of items; every item then goes through the
 * clip pipeline like any other page. Adding a source means one module implementing this and
 * one line in `sources/index.ts`; no other source changes.
 */
export interface ImportSource {
  /** Names the source in messages: 'LessWrong', 'Substack', 'Feed'. */
  readonly name: string;
  /** What the URL is to this source, from the URL alone (no request); null when it is not this source's. */
  recognise(url: URL): Recognised | null;
}

/** What a URL turned out to be, ready to be opened. */
export interface Recognised {
  /** 'post' for one post; the rest are bulk imports. */
  kind: 'post' | 'sequence' | 'tag' | 'user' | 'publication' | 'feed';
  /** The URL the requests go to (a GreaterWrong URL becomes its LessWrong original here). */
  url: string;
  /** Looks the target up (its first requests) and returns what was found, its items as a stream. */
  open(context: SourceContext): Promise<Listing>;
}

export interface ImportLimits {
  /** At most this many items. */
  limit?: number;
  /** Only items published on or after this time (milliseconds since the epoch). */
  since?: number;
  /** Fetch each post's top comments (sources that have them). */
  comments?: boolean;
}

/** What a source may use: the network (paced and polite, see `PoliteFetcher`), time, the limits. */
export interface SourceContext {
  fetcher: Fetcher;
  clock: Clock;
  limits: ImportLimits;
  signal?: AbortSignal;
  /** Recognises a URL with every source; the feed source uses it to fetch a post's full text from its own source. */
  recognise(url: string): Recognised | null;
}

/** What `kindred import` and the Import modal say before they start. */
export interface Listing {
  /** For example "LessWrong sequence 'Map and Territory'". */
  description: string;
  /** How many items, when known before listing them (a sequence, a tag, an author); absent for an archive. */
  total?: number;
  /** The items, listed page by page as they are consumed: a 2,000-post archive is never held whole. */
  items: AsyncIterable<ImportItem>;
  /** A note written after the items, linking to them (a sequence's table of contents). */
  indexNote?: IndexNote;
}

/** One post, as listed. Its text may cost one more request (`load`), which a duplicate never pays. */
export interface ImportItem {
  /** The post's canonical URL: how a post already in the vault is recognised. */
  url: string;
  title: string;
  /** ISO date-time, when the listing gives it. */
  published?: string;
  /** The reader cannot see the whole post (Substack's `audience` is not everyone). */
  paywalled?: boolean;
  /** Where the item sits in a sequence, for the table of contents. */
  chapter?: string;
  load(signal?: AbortSignal): Promise<ItemBody>;
}

/** A post's text and what its source states about it. */
export interface ItemBody {
  /** The article's HTML as the API gives it; absent when only the page itself has the text (clip `url`). */
  html?: string;
  known: KnownMeta;
  /** Top comments, when asked for. */
  comments?: ItemComment[];
}

export interface ItemComment {
  author: string;
  html: string;
  /** Replies, nested. */
  replies: ItemComment[];
}

/** A sequence's table of contents: a note listing the posts in order, by chapter. */
export interface IndexNote {
  title: string;
  /** The sequence's own URL: the note's `source`, so a second import updates it instead of adding one. */
  source: string;
  site: string;
  description?: string;
}
