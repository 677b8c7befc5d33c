/**
 * The built plugin in Chromium: the Import modal given web addresses. A feed says what it found
 * and how many posts before anything is written, then shows per-item progress and writes a
 * summary note; a Substack publication on its own domain (found by asking its API) is cancelled
 * half-way and the notes made so far stay, the paid post marked; "Follow a feed…" and "Check
 * followed feeds now" go through the data file, and the settings list the feed.
 */
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { test } from 'node:test';
import { loadPlugin, prerequisites, startHarness, type Route } from './harness/browser-harness';

const words = (topic: string): string =>
  `<p>${topic} is discussed here at length, with enough words that any extractor sees a real article body and keeps it whole for the reader.</p>`.repeat(4);

function rss(base: string, title: string, slugs: string[]): string {
  return (
    `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>${title}</title><link>${base}/</link><description>d</description>` +
    slugs.map((s, i) => `<item><title>Essay ${s}</title><link>${base}/essays/${s}</link><pubDate>${new Date(Date.UTC(2026, 2, 10 - i)).toUTCString()}</pubDate><content:encoded><![CDATA[${words(`Essay ${s}`)}]]></content:encoded></item>`).join('') +
    `</channel></rss>`
  );
}

const POSTS = 30;
const json = (res: ServerResponse, data: unknown): void => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(data));
};

test('the Import modal with web addresses: count first, progress, cancel, summary; follow a feed and check it', async (t) => {
  if (!prerequisites(t, false)) return;
  let base = '';
  const post = (i: number) => ({
    slug: `post-${i}`,
    title: `Custom Domain Post ${i + 1}`,
    post_date: new Date(Date.UTC(2026, 1, 28) - i * 86_400_000).toISOString(),
    canonical_url: `${base}/p/post-${i}`,
    audience: i === 1 ? 'only_paid' : 'everyone',
    subtitle: '',
    body_html: words(`Custom domain post ${i + 1}`),
    publishedBylines: [{ name: 'Domain Writer', handle: 'dw' }],
    postTags: [],
  });
  const routes: Record<string, Route> = {
    '/essays/feed.xml': { type: 'application/rss+xml', body: '' },
    '/other/feed.xml': { type: 'application/rss+xml', body: '' },
    '/api/v1/archive': (req: IncomingMessage, res: ServerResponse) => {
      const q = new URL(req.url ?? '/', 'http://x').searchParams;
      const offset = Number(q.get('offset'));
      const limit = Number(q.get('limit'));
      json(res, Array.from({ length: POSTS }, (_, i) => post(i)).slice(offset, offset + limit).map((p) => ({ ...p, body_html: null })));
    },
  };
  for (let i = 0; i < POSTS; i++) {
    // Each post takes a moment, so the cancel lands half-way.
    routes[`/api/v1/posts/post-${i}`] = (_req: IncomingMessage, res: ServerResponse) => void setTimeout(() => json(res, post(i)), 150);
  }
  const h = await startHarness({ routes });
  try {
    const { page, baseUrl } = h;
    base = baseUrl;
    h.routes.set('/essays/feed.xml', { type: 'application/rss+xml', body: rss(baseUrl, 'Loopback Essays', ['a', 'b']) });
    h.routes.set('/other/feed.xml', { type: 'application/rss+xml', body: rss(baseUrl, 'Other Essays', ['c']) });
    await loadPlugin(page);

    // A feed: what it is and how many posts, before anything is written.
    await page.evaluate(() => window.harness.runCommand('kindred:import-saved-pages'));
    await page.locator('.prompt-input').fill(`${baseUrl}/essays/feed.xml`);
    await page.locator('.suggestion-item', { hasText: `Import from ${baseUrl}/essays/feed.xml` }).click();
    await page.waitForFunction(() => /posts?\.$/.test(document.querySelector('.kindred-import-found')?.textContent ?? ''));
    assert.equal(await page.locator('.kindred-import-found').textContent(), "Feed 'Loopback Essays', 2 posts.");
    assert.ok(!(await page.evaluate(() => window.harness.list())).some((f) => f.startsWith('Clippings/')), 'nothing written before Import');
    await page.locator('.kindred-url-import button.mod-cta').click();
    await page.waitForFunction(() => /Open the summary/.test(document.querySelector('.notice-container')?.textContent ?? ''), undefined, { timeout: 30_000 });
    assert.equal(await page.locator('.kindred-import-count').textContent(), '2 created');
    assert.deepEqual(await page.locator('.kindred-import-items li').allTextContents(), [`created: ${baseUrl}/essays/a`, `created: ${baseUrl}/essays/b`]);
    const files = await page.evaluate(() => window.harness.list());
    const summaryPath = files.find((f) => f.startsWith('Clippings/Import '))!;
    const summary = (await page.evaluate((p) => window.harness.read(p), summaryPath)) ?? '';
    assert.match(summary, /^# Import of Feed 'Loopback Essays'\n/);
    assert.match(summary, /\| created \| \[\[Clippings\/Essay a\]\] \|/);
    await page.locator('.kindred-url-import button', { hasText: 'Close' }).click();

    // A publication on its own domain, cancelled after a few posts.
    await page.evaluate(() => window.harness.runCommand('kindred:import-saved-pages'));
    await page.locator('.prompt-input').fill(`${baseUrl}/`);
    await page.locator('.suggestion-item', { hasText: `Import from ${baseUrl}/` }).click();
    await page.waitForFunction(() => /listed\.$/.test(document.querySelector('.kindred-import-found')?.textContent ?? ''));
    assert.match((await page.locator('.kindred-import-found').textContent()) ?? '', /^Substack publication 127\.0\.0\.1:\d+, posts counted as they are listed\.$/);
    await page.locator('.kindred-url-import button.mod-cta').click();
    await page.waitForFunction(() => document.querySelectorAll('.kindred-import-items li').length >= 3, undefined, { timeout: 30_000 });
    await page.locator('.kindred-url-import button', { hasText: 'Cancel' }).click();
    await page.waitForFunction(() => /cancelled/.test(document.querySelector('.kindred-import-count')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const made = (await page.evaluate(() => window.harness.list())).filter((f) => f.startsWith('Clippings/Custom Domain Post'));
    assert.ok(made.length >= 3 && made.length < POSTS, `${made.length} notes`);
    const paid = (await page.evaluate(() => window.harness.read('Clippings/Custom Domain Post 2.md'))) ?? '';
    assert.match(paid, /\npaywalled: true\n/);

    // Follow a feed, then check the followed feeds.
    await page.evaluate(() => window.harness.runCommand('kindred:follow-a-feed'));
    await page.locator('.kindred-follow-url').fill(`${baseUrl}/other/feed.xml`);
    await page.locator('.kindred-follow-modal button.mod-cta').click();
    await page.waitForFunction(() => window.harness.notices().some((n) => n.startsWith("Following 'Other Essays'")));
    await page.evaluate(() => window.harness.runCommand('kindred:check-followed-feeds'));
    await page.waitForFunction(() => window.harness.notices().some((n) => n.startsWith('Feeds checked: 1 new post clipped')), undefined, { timeout: 30_000 });
    assert.ok((await page.evaluate(() => window.harness.list())).includes('Feeds/Essay c.md'));
    await page.evaluate(() => window.harness.runCommand('kindred:check-followed-feeds'));
    await page.waitForFunction(() => window.harness.notices().some((n) => n.startsWith('Feeds checked: 0 new posts clipped')), undefined, { timeout: 30_000 });

    await page.evaluate(() => window.harness.openSettings());
    const feedRows = await page.locator('.kindred-feed .setting-item-name').allTextContents();
    assert.deepEqual(feedRows, ['Other Essays']);
    const requests = h.requests.filter((r) => r === '/other/feed.xml').length;
    assert.equal(requests, 3, 'read once to follow, once per check');
  } finally {
    await h.close();
  }
});
