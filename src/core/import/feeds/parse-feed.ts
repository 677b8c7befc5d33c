import { parseFeed as feedsmithParse } from 'feedsmith';
import { ImportProblem } from '../import-problem';

/** One entry of a feed, whatever its format. */
export interface FeedEntry {
  /** Absolute: a relative link is resolved against the feed's own URL. */
  url: string;
  title: string;
  /** ISO date-time; absent when the feed gives none or one that does not parse. */
  published?: string;
  /** The whole post as HTML, when the feed carries it (`content:encoded`, Atom `content`, `content_html`). */
  html?: string;
  /** Only a summary: the post itself must be clipped from its page. */
  summary?: string;
  authors: string[];
  tags: string[];
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  entries: FeedEntry[];
}

/**
 * Parses RSS 2.0, Atom, RDF and JSON Feed with feedsmith (chosen by measurement against
 * @rowanmanning/feed-parser: `npx tsx scripts/compare-feed-parsers.ts`, README "Feeds"), then
 * normalises what the formats name differently. Throws ImportProblem('not-a-feed') when the
 * text is none of them.
 */
export function parseFeedText(body: string, feedUrl: string): ParsedFeed {
  let parsed: ReturnType<typeof feedsmithParse>;
  try {
    // JSON Feed arrives as text; feedsmith takes it parsed.
    const trimmed = body.trimStart();
    parsed = feedsmithParse(trimmed.startsWith('{') ? (JSON.parse(trimmed) as unknown) : body);
  } catch {
    throw new ImportProblem('not-a-feed', `${feedUrl} is not an RSS, Atom or JSON feed`);
  }
  const absolute = (link: string | undefined): string => resolve(link, feedUrl);
  switch (parsed.format) {
    case 'rss':
    case 'rdf': {
      const feed = parsed.feed;
      return {
        format: parsed.format,
        title: clean(feed.title),
        entries: (feed.items ?? []).map((item) => {
          const raw = item as { link?: string; title?: string; description?: string; pubDate?: string; content?: { encoded?: string }; dc?: { creators?: string[]; dates?: string[] }; authors?: unknown[]; categories?: { name?: string }[]; guid?: { value?: string; isPermaLink?: boolean } };
          const guidLink = raw.guid?.isPermaLink !== false && /^https?:/i.test(raw.guid?.value ?? '') ? raw.guid?.value : undefined;
          const authors = [...(raw.dc?.creators ?? []), ...(raw.authors ?? []).map(personName)];
          return entry(absolute(raw.link ?? guidLink), raw.title, raw.pubDate ?? raw.dc?.dates?.[0], raw.content?.encoded, raw.description, authors, (raw.categories ?? []).map((c) => c.name ?? ''));
        }),
      };
    }
    case 'atom': {
      const feed = parsed.feed;
      return {
        format: 'atom',
        title: clean(textOf(feed.title)),
        entries: (feed.entries ?? []).map((e) => {
          const raw = e as { links?: { href?: string; rel?: string }[]; title?: unknown; published?: string; updated?: string; content?: unknown; summary?: unknown; authors?: unknown[]; categories?: { term?: string; label?: string }[]; id?: string };
          const link = raw.links?.find((l) => !l.rel || l.rel === 'alternate')?.href ?? raw.links?.[0]?.href ?? (/^https?:/i.test(raw.id ?? '') ? raw.id : undefined);
          return entry(absolute(link), textOf(raw.title), raw.published ?? raw.updated, textOf(raw.content), textOf(raw.summary), (raw.authors ?? []).map(personName), (raw.categories ?? []).map((c) => c.label ?? c.term ?? ''));
        }),
      };
    }
    case 'json': {
      const feed = parsed.feed;
      return {
        format: 'json',
        title: clean(feed.title),
        entries: (feed.items ?? []).map((i) => {
          const raw = i as { url?: string; external_url?: string; id?: string; title?: string; date_published?: string; content_html?: string; content_text?: string; summary?: string; authors?: unknown[]; tags?: string[] };
          const html = raw.content_html ?? (raw.content_text ? paragraphs(raw.content_text) : undefined);
          return entry(absolute(raw.url ?? raw.external_url), raw.title, raw.date_published, html, raw.summary, (raw.authors ?? []).map(personName), raw.tags ?? []);
        }),
      };
    }
  }
}

function entry(url: string, title: string | undefined, date: string | undefined, html: string | undefined, summary: string | undefined, authors: string[], tags: string[]): FeedEntry {
  const when = date ? Date.parse(date) : NaN;
  return {
    url,
    title: clean(title),
    published: Number.isFinite(when) ? new Date(when).toISOString() : undefined,
    html: html?.trim() ? html : undefined,
    summary: html?.trim() ? undefined : summary,
    authors: [...new Set(authors.map((a) => a.trim()).filter(Boolean))],
    tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))],
  };
}

/** Atom's text constructs come as `{ value, type }`; the other formats give strings. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { value?: unknown }).value === 'string') return (value as { value: string }).value;
  return undefined;
}

function personName(person: unknown): string {
  if (typeof person === 'string') return person;
  if (person && typeof person === 'object') {
    const p = person as { name?: unknown; email?: unknown };
    if (typeof p.name === 'string') return p.name;
    if (typeof p.email === 'string') return p.email;
  }
  return '';
}

function resolve(link: string | undefined, base: string): string {
  if (!link?.trim()) return '';
  try {
    return new URL(link.trim(), base).href;
  } catch {
    return '';
  }
}

function clean(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function paragraphs(text: string): string {
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return text
    .split(/\n\s*\n/)
    .map((p) => `<p>${escape(p.trim())}</p>`)
    .join('');
}
