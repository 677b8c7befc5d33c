import { generateOpml, parseOpml } from 'feedsmith';
import { ImportProblem } from '../import-problem';
import type { FollowedFeed } from './follow-list';

/** A feed listed in an OPML file. */
export interface OpmlFeed {
  url: string;
  title: string;
}

/** The feeds of an OPML subscription list (folders of outlines included), each once. */
export function feedsFromOpml(text: string): OpmlFeed[] {
  let document: ReturnType<typeof parseOpml>;
  try {
    document = parseOpml(text);
  } catch {
    throw new ImportProblem('not-a-feed', 'this is not an OPML file (a list of feeds exported by a feed reader)');
  }
  const found = new Map<string, OpmlFeed>();
  type Outline = { xmlUrl?: string; title?: string; text?: string; outlines?: Outline[] };
  const walk = (outlines: Outline[] | undefined): void => {
    for (const outline of outlines ?? []) {
      if (outline.xmlUrl && /^https?:\/\//i.test(outline.xmlUrl) && !found.has(outline.xmlUrl)) {
        found.set(outline.xmlUrl, { url: outline.xmlUrl, title: outline.title ?? outline.text ?? '' });
      }
      walk(outline.outlines);
    }
  };
  walk(document.body?.outlines);
  return [...found.values()];
}

/** The followed feeds as an OPML 2.0 file any feed reader imports. */
export function opmlFromFeeds(feeds: FollowedFeed[], now: number): string {
  return generateOpml({
    head: { title: 'Feeds followed in Kindred', dateCreated: new Date(now) },
    body: { outlines: feeds.map((f) => ({ text: f.title || f.url, title: f.title || f.url, type: 'rss', xmlUrl: f.url })) },
  });
}
