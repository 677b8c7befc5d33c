// Compares the two feed parsers we considered, on the feeds the tests use
// (test/helpers/feed-fixtures.ts): correctness on each case, parse time of a 500-item RSS feed,
// and the size each adds to a browser bundle (esbuild, minified, like main.js).
// `npx tsx scripts/compare-feed-parsers.ts` (a parser that is not installed is reported as such).
// Kindred keeps feedsmith (src/core/import/feeds/parse-feed.ts); the figures are in the README.
import { build } from 'esbuild';
import { loadavg } from 'node:os';
import { parseFeedText } from '../src/core/import/feeds/parse-feed';
import { bigRss, FEED_EXPECTATIONS, type ExpectedEntry } from '../test/helpers/feed-fixtures';

interface Found {
  url: string;
  title: string;
  published: string | undefined;
  full: boolean;
  author?: string;
}

const BASE = 'https://example.org';

/** @rowanmanning/feed-parser through the same normalisation (it reads RSS and Atom only). */
function rowanmanning(text: string): Found[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseFeed } = require('@rowanmanning/feed-parser') as { parseFeed: (xml: string) => { items: { url: string | null; title: string | null; published: Date | null; content: string | null; description: string | null; authors: { name: string | null }[] }[] } };
  if (text.trimStart().startsWith('{')) throw new Error('JSON Feed is not supported');
  return parseFeed(text).items.map((i) => ({
    url: i.url ? new URL(i.url, BASE).href : '',
    title: i.title ?? '',
    published: i.published && !Number.isNaN(i.published.getTime()) ? i.published.toISOString() : undefined,
    // It reports content:encoded / Atom content as `content`, falling back to the description.
    full: Boolean(i.content && i.content !== i.description),
    author: i.authors[0]?.name ?? undefined,
  }));
}

function feedsmith(text: string): Found[] {
  return parseFeedText(text, `${BASE}/feed`).entries.map((e) => ({ url: e.url, title: e.title, published: e.published, full: Boolean(e.html), author: e.authors[0] }));
}

function score(found: Found[], expected: ExpectedEntry[]): string[] {
  const wrong: string[] = [];
  expected.forEach((want, i) => {
    const got = found[i];
    if (!got) return wrong.push(`entry ${i + 1} missing`);
    if (got.url !== want.url) wrong.push(`url ${got.url}`);
    if (got.title !== want.title) wrong.push(`title ${got.title}`);
    if (got.published !== want.published) wrong.push(`date ${got.published}`);
    if (got.full !== want.full) wrong.push(want.full ? 'full text missed' : 'summary taken for full text');
    if (want.author && got.author !== want.author) wrong.push(`author ${got.author}`);
  });
  return wrong;
}

async function bundleBytes(entry: string): Promise<number> {
  const out = await build({ stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' }, bundle: true, minify: true, write: false, platform: 'browser', format: 'cjs', target: 'es2018', logLevel: 'silent' });
  return out.outputFiles[0].contents.length;
}

function timeMs(fn: () => unknown, runs: number): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function main(): Promise<void> {
  const parsers: { name: string; parse: (t: string) => Found[]; entry: string }[] = [
    { name: 'feedsmith 3.0.1', parse: feedsmith, entry: `import { parseFeed } from 'feedsmith'; console.log(parseFeed);` },
    { name: '@rowanmanning/feed-parser 2.1.5', parse: rowanmanning, entry: `import { parseFeed } from '@rowanmanning/feed-parser'; console.log(parseFeed);` },
  ];
  const big = bigRss(BASE, 500);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  for (const parser of parsers) {
    let installed = true;
    try {
      parser.parse(big);
    } catch (error) {
      if ((error as { code?: string }).code === 'MODULE_NOT_FOUND') installed = false;
    }
    if (!installed) {
      console.log(`\n${parser.name}: not installed`);
      continue;
    }
    console.log(`\n${parser.name}`);
    let right = 0;
    for (const c of FEED_EXPECTATIONS) {
      let wrong: string[];
      try {
        wrong = score(parser.parse(c.make(BASE)), c.check(BASE));
      } catch (error) {
        wrong = [error instanceof Error ? error.message : String(error)];
      }
      if (wrong.length === 0) right++;
      console.log(`  ${c.name}: ${wrong.length ? `wrong: ${wrong.join('; ')}` : 'right'}`);
    }
    console.log(`  cases right: ${right} of ${FEED_EXPECTATIONS.length}`);
    console.log(`  500-item RSS: ${timeMs(() => parser.parse(big), 15).toFixed(1)} ms (median of 15)`);
    console.log(`  browser bundle, minified: ${(await bundleBytes(parser.entry) / 1024).toFixed(1)} KB`);
  }
}

void main();
