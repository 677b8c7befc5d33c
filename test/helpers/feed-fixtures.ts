/**
 * Feeds written for the tests, in the shapes real publishers send: an RSS 2.0 feed with full
 * text (`content:encoded`, as WordPress and Substack send it), an RSS feed with summaries only,
 * an Atom feed with relative links (resolved against the feed's URL), and a JSON Feed 1.1 with
 * one unreadable date. `FEED_EXPECTATIONS` says what a correct parser must find in each.
 */

const words = (topic: string): string =>
  `<p>${topic} is discussed here at length, with enough words that any extractor sees a real article body and keeps it whole for the reader.</p>`.repeat(4);

export function rssFull(base: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Full Text Weekly</title>
  <link>${base}/</link>
  <description>Essays in full</description>
  <item>
    <title>On Priors &amp; Posteriors</title>
    <link>${base}/essays/priors</link>
    <guid isPermaLink="false">post-1</guid>
    <dc:creator>Ada Writer</dc:creator>
    <category>epistemics</category>
    <pubDate>Tue, 03 Mar 2026 09:00:00 GMT</pubDate>
    <description>A short teaser.</description>
    <content:encoded><![CDATA[<h2>Priors</h2>${words('Bayesian updating')}<p>See <a href="/essays/earlier">an earlier post</a>.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second Essay</title>
    <link>${base}/essays/second</link>
    <dc:creator>Ada Writer</dc:creator>
    <pubDate>Mon, 02 Mar 2026 09:00:00 GMT</pubDate>
    <content:encoded><![CDATA[${words('The second essay')}]]></content:encoded>
  </item>
</channel>
</rss>`;
}

export function rssSummaries(base: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Summaries Only</title><link>${base}/</link><description>Teasers</description>
  <item><title>Page One</title><link>${base}/page-one</link><description>Only a teaser of page one.</description><pubDate>Wed, 04 Mar 2026 10:00:00 +0000</pubDate></item>
  <item><title>Page Two</title><link>${base}/page-two</link><description>Only a teaser of page two.</description><pubDate>Tue, 03 Mar 2026 10:00:00 +0000</pubDate></item>
</channel></rss>`;
}

export function atomRelative(base: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Relative Links Journal</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-03-05T18:30:02Z</updated>
  <link rel="self" href="${base}/atom.xml"/>
  <entry>
    <title>Relative Entry</title>
    <link rel="alternate" href="/journal/relative-entry"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <published>2026-03-05T18:30:02Z</published>
    <updated>2026-03-05T18:30:02Z</updated>
    <author><name>Bea Author</name></author>
    <category term="maps"/>
    <content type="html"><![CDATA[${words('The map and the territory')}<p><img src="images/map.png" alt="a map"> and <a href="../about">about us</a>.</p>]]></content>
  </entry>
</feed>`;
}

export function jsonFeed(base: string): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'JSON Notes',
    home_page_url: `${base}/`,
    feed_url: `${base}/feed.json`,
    items: [
      { id: '1', url: `${base}/notes/good-date`, title: 'Good Date', content_html: words('A note with a good date'), date_published: '2026-03-06T08:00:00Z', authors: [{ name: 'Cy' }], tags: ['notes'] },
      { id: '2', url: `${base}/notes/bad-date`, title: 'Bad Date', content_html: words('A note with a bad date'), date_published: 'not a date at all' },
    ],
  });
}

/** What each fixture must parse to (a parser's correctness on our cases). */
export const FEED_EXPECTATIONS: { name: string; make: (base: string) => string; path: string; check: (base: string) => ExpectedEntry[] }[] = [
  {
    name: 'RSS 2.0, full text',
    make: rssFull,
    path: '/feed.xml',
    check: (base) => [
      { url: `${base}/essays/priors`, title: 'On Priors & Posteriors', published: '2026-03-03T09:00:00.000Z', full: true, author: 'Ada Writer' },
      { url: `${base}/essays/second`, title: 'Second Essay', published: '2026-03-02T09:00:00.000Z', full: true, author: 'Ada Writer' },
    ],
  },
  {
    name: 'RSS 2.0, summaries only',
    make: rssSummaries,
    path: '/summaries.xml',
    check: (base) => [
      { url: `${base}/page-one`, title: 'Page One', published: '2026-03-04T10:00:00.000Z', full: false },
      { url: `${base}/page-two`, title: 'Page Two', published: '2026-03-03T10:00:00.000Z', full: false },
    ],
  },
  {
    name: 'Atom, relative links',
    make: atomRelative,
    path: '/atom.xml',
    check: (base) => [{ url: `${base}/journal/relative-entry`, title: 'Relative Entry', published: '2026-03-05T18:30:02.000Z', full: true, author: 'Bea Author' }],
  },
  {
    name: 'JSON Feed 1.1, one bad date',
    make: jsonFeed,
    path: '/feed.json',
    check: (base) => [
      { url: `${base}/notes/good-date`, title: 'Good Date', published: '2026-03-06T08:00:00.000Z', full: true, author: 'Cy' },
      { url: `${base}/notes/bad-date`, title: 'Bad Date', published: undefined, full: true },
    ],
  },
];

export interface ExpectedEntry {
  url: string;
  title: string;
  published: string | undefined;
  /** The feed carries the whole post. */
  full: boolean;
  author?: string;
}

/** A large RSS feed (full text) for timing parsers. */
export function bigRss(base: string, items: number): string {
  const parts: string[] = [];
  for (let i = 0; i < items; i++) {
    parts.push(`<item><title>Post ${i}</title><link>${base}/p/${i}</link><guid>${base}/p/${i}</guid><pubDate>${new Date(Date.UTC(2026, 0, 1) - i * 86_400_000).toUTCString()}</pubDate><content:encoded><![CDATA[${words(`Post number ${i}`)}]]></content:encoded></item>`);
  }
  return `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Big</title><link>${base}/</link><description>d</description>${parts.join('')}</channel></rss>`;
}
