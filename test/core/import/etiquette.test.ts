import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FORUM_INTERVAL_MS, RESUME_HINT } from '../../../src/core/import';
import { retryAfterMs } from '../../../src/core/import/retry-after';
import { FORUM_MAGNUM_ROBOTS_TXT, TAG_POSTS } from '../../helpers/import-api-server';
import { importFixture } from './import-fixture';

const gaps = (times: number[]): number[] => times.slice(1).map((t, i) => t - times[i]);

test('pacing: requests to a ForumMagnum host never start closer than 3 s apart, on the test clock', async () => {
  const f = await importFixture();
  try {
    const report = await f.run('/tag/rationality', { limit: TAG_POSTS, comments: false });
    assert.equal(report.outcomes.length, TAG_POSTS);
    const starts = f.fetcher.starts.map((s) => s.at);
    assert.equal(starts.length, 4, 'the tag, then three pages of posts');
    for (const gap of gaps(starts)) assert.ok(gap >= FORUM_INTERVAL_MS, `gap ${gap} ms`);
    // And each request names Kindred.
    assert.ok(f.server.log.every((r) => /^Kindred\/\S+ \(Obsidian plugin/.test(r.userAgent ?? '')), f.server.log.map((r) => r.userAgent).join(', '));
  } finally {
    await f.close();
  }
});

test('pacing holds with comments too: one post request and one comment request per post, each 3 s after the last', async () => {
  const f = await importFixture();
  try {
    await f.run('/tag/rationality', { limit: 5, comments: true });
    const starts = f.fetcher.starts.map((s) => s.at);
    assert.equal(starts.length, 2 + 5);
    assert.ok(gaps(starts).every((g) => g >= FORUM_INTERVAL_MS), gaps(starts).join(', '));
  } finally {
    await f.close();
  }
});

test('Retry-After: a 429 is retried after the wait it names, and the import completes', async () => {
  const f = await importFixture();
  try {
    f.server.faults.push({ match: 'KindredTagPosts', offset: 50, kind: '429', retryAfter: '20', times: 1 });
    const report = await f.run('/tag/rationality', { limit: 100 });
    assert.equal(report.stopped, undefined);
    assert.equal(report.outcomes.filter((o) => o.status === 'created').length, 100);
    const pages = f.fetcher.starts.filter((s) => s.url.endsWith('/graphql')).map((s) => s.at);
    // tag, page 1, page 2 refused, page 2 again 20 s later
    assert.equal(pages.length, 4);
    assert.ok(pages[3] - pages[2] >= 20_000, `waited ${pages[3] - pages[2]} ms`);
    assert.ok(f.server.log.length === 4);
  } finally {
    await f.close();
  }
});

test('repeated refusals stop the import with a message that says so and how to resume; the rerun resumes', async () => {
  const f = await importFixture();
  try {
    f.server.faults.push({ match: 'KindredTagPosts', offset: 50, kind: '503', times: 100 });
    const report = await f.run('/tag/rationality', { limit: 100 });
    assert.equal(report.stopped?.code, 'refused');
    assert.match(report.stopped.message, /refused 4 times in a row \(503 Service Unavailable\)/);
    assert.match(report.stopped.message, /Stopped after 50 of 100 posts\./);
    assert.ok(report.stopped.message.endsWith(RESUME_HINT));
    assert.equal(f.notes().length, 50, 'what was imported stays');
    // Back-off doubled between refusals (10 s, 20 s, 40 s) on the test clock.
    const refused = f.fetcher.starts.slice(-4).map((s) => s.at);
    assert.deepEqual(gaps(refused), [10_000, 20_000, 40_000]);

    f.server.faults.length = 0;
    const again = await f.run('/tag/rationality', { limit: 100 });
    assert.equal(again.stopped, undefined);
    assert.equal(again.outcomes.filter((o) => o.status === 'skipped').length, 50);
    assert.equal(again.outcomes.filter((o) => o.status === 'created').length, 50);
    assert.equal(f.notes().length, 100);
  } finally {
    await f.close();
  }
});

test('a Retry-After longer than ten minutes stops at once instead of waiting', async () => {
  const f = await importFixture();
  try {
    f.server.faults.push({ match: 'KindredTag', kind: '429', retryAfter: '7200', times: 1 });
    await assert.rejects(f.run('/tag/rationality'), /asked Kindred to wait 2 hours \(429 Too Many Requests\)/);
  } finally {
    await f.close();
  }
});

test('a 500 in the middle is retried once; a server that keeps failing stops the import, resumable', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    f.server.faults.push({ match: 'KindredTagPosts', offset: 50, kind: '500', times: 1 });
    const report = await f.run('/tag/rationality', { limit: 120 });
    assert.equal(report.stopped, undefined);
    assert.equal(report.outcomes.length, 120);

    const g = await importFixture({ intervalFor: () => 0 });
    try {
      g.server.faults.push({ match: 'KindredTagPosts', offset: 50, kind: '500', times: 2 });
      const stopped = await g.run('/tag/rationality', { limit: 120 });
      assert.equal(stopped.stopped?.code, 'server-error');
      assert.match(stopped.stopped.message, /^500 Internal Server Error from http:\/\/127\.0\.0\.1:\d+\/graphql\. Stopped after 50 of 120 posts\. Run the same import again/);
      const resumed = await g.run('/tag/rationality', { limit: 120 });
      assert.deepEqual([resumed.outcomes.filter((o) => o.status === 'skipped').length, g.notes().length], [50, 120]);
    } finally {
      await g.close();
    }
  } finally {
    await f.close();
  }
});

test('malformed JSON and a response slower than the timeout each give a plain message', async () => {
  const f = await importFixture({ intervalFor: () => 0, timeoutMs: 300 });
  try {
    f.server.faults.push({ match: 'KindredTagPosts', kind: 'bad-json', times: 1 });
    const bad = await f.run('/tag/rationality', { limit: 10 });
    assert.equal(bad.stopped?.code, 'bad-response');
    assert.match(bad.stopped.message, /\/graphql did not answer in JSON \(it began "<html><body>Cloudflare says hello/);

    f.server.faults.push({ match: 'KindredTagPosts', kind: 'slow', times: 1 });
    const slow = await f.run('/tag/rationality', { limit: 10 });
    assert.equal(slow.stopped?.code, 'unreachable');
    assert.match(slow.stopped.message, /\/graphql did not answer in time\. Stopped after 0 of 10 posts/);
    assert.equal(f.notes().length, 0, 'nothing half-written');
  } finally {
    await f.close();
  }
});

test('resume: an import cancelled at item 37 of 120 continues there, fetching nothing it already has', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const controller = new AbortController();
    const first = await f.run('/tag/rationality', { limit: 120 }, { onProgress: (done) => done === 37 && controller.abort(), signal: controller.signal });
    assert.equal(first.cancelled, true);
    assert.equal(first.outcomes.length, 37);
    assert.equal(f.notes().length, 37);
    const pagesBefore = f.server.log.filter((r) => r.op === 'KindredTagPosts').length;
    assert.equal(pagesBefore, 1, 'the cancel stopped the listing too');

    const second = await f.run('/tag/rationality', { limit: 120 });
    assert.equal(second.cancelled, false);
    assert.deepEqual(
      second.outcomes.map((o) => o.status),
      [...Array<string>(37).fill('skipped'), ...Array<string>(83).fill('created')],
    );
    assert.equal(f.notes().length, 120);
    assert.equal(new Set(second.outcomes.map((o) => o.path)).size, 120, 'one note per post');
  } finally {
    await f.close();
  }
});

test("robots.txt is read once per host, before anything else, and a longer Crawl-delay sets the pace", async () => {
  const f = await importFixture({ readsRobots: true });
  try {
    f.server.robots.body = FORUM_MAGNUM_ROBOTS_TXT.replace('Crawl-Delay: 3', 'Crawl-Delay: 7');
    const report = await f.run('/tag/rationality', { limit: TAG_POSTS, comments: false });
    assert.equal(report.outcomes.length, TAG_POSTS);
    assert.deepEqual(f.fetcher.starts.map((s) => new URL(s.url).pathname), ['/robots.txt', '/graphql', '/graphql', '/graphql', '/graphql']);
    for (const gap of gaps(f.fetcher.starts.map((s) => s.at))) assert.ok(gap >= 7000, `gap ${gap} ms`);
    assert.equal(f.server.log[0].path, '/robots.txt');
    assert.match(f.server.log[0].userAgent ?? '', /^Kindred\//, 'robots.txt is asked for by name too');
  } finally {
    await f.close();
  }
});

test("a shorter Crawl-delay never speeds Kindred up past its own pace", async () => {
  const f = await importFixture({ readsRobots: true });
  try {
    f.server.robots.body = 'User-agent: *\nCrawl-delay: 0.5\n';
    await f.run('/tag/rationality', { limit: 60, comments: false });
    for (const gap of gaps(f.fetcher.starts.map((s) => s.at))) assert.ok(gap >= FORUM_INTERVAL_MS, `gap ${gap} ms`);
  } finally {
    await f.close();
  }
});

test('an API the robots.txt disallows is never asked: the import stops and says why, without a resume hint', async () => {
  const f = await importFixture({ readsRobots: true });
  try {
    f.server.robots.body = 'User-agent: *\nDisallow: /graphql\n';
    await assert.rejects(f.run('/tag/rationality'), (error: Error) => {
      assert.match(error.message, /robots\.txt asks robots not to read \/graphql, so Kindred left it/);
      assert.doesNotMatch(error.message, /resume/i);
      return true;
    });
    assert.deepEqual(f.server.log.map((r) => r.path), ['/robots.txt']);
  } finally {
    await f.close();
  }
});

test('a feed entry on a disallowed page fails alone, named; the allowed ones are clipped', async () => {
  const f = await importFixture({ readsRobots: true, intervalFor: () => 0 });
  try {
    f.server.robots.body = 'User-agent: *\nDisallow: /page-two\n';
    const report = await f.run('/teasers/rss.xml');
    const failed = report.outcomes.filter((o) => o.status === 'failed');
    const created = report.outcomes.filter((o) => o.status === 'created');
    assert.equal(created.length, 1, JSON.stringify(report.outcomes));
    assert.equal(failed.length, 1, JSON.stringify(report.outcomes));
    assert.match(failed[0].error ?? '', /robots\.txt asks robots not to read \/page-two/);
    assert.ok(!f.server.log.some((r) => r.path === '/page-two'));
  } finally {
    await f.close();
  }
});

test('robots.txt answering 404 allows everything; a server error there is read as "read nothing", as RFC 9309 asks', async () => {
  const open = await importFixture({ readsRobots: true });
  try {
    open.server.robots = { status: 404, body: 'Not found' };
    const report = await open.run('/tag/rationality', { limit: 10, comments: false });
    assert.equal(report.outcomes.filter((o) => o.status === 'created').length, 10);
  } finally {
    await open.close();
  }
  const closed = await importFixture({ readsRobots: true });
  try {
    closed.server.robots = { status: 503, body: 'busy' };
    await assert.rejects(closed.run('/tag/rationality'), /robots\.txt could not be read \(the server answered with an error\)/);
    assert.deepEqual(closed.server.log.map((r) => r.path), ['/robots.txt']);
  } finally {
    await closed.close();
  }
});

test('a Crawl-delay longer than ten minutes stops the import instead of crawling for days', async () => {
  const f = await importFixture({ readsRobots: true });
  try {
    f.server.robots.body = 'User-agent: *\nCrawl-delay: 3600\n';
    await assert.rejects(f.run('/tag/rationality'), /robots\.txt asks for 60 minutes between requests; Kindred stopped/);
  } finally {
    await f.close();
  }
});

test('Retry-After in seconds or as an HTTP date', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs('Sun, 01 Mar 2026 12:01:30 GMT', now), 90_000);
  assert.equal(retryAfterMs('Sun, 01 Mar 2026 11:00:00 GMT', now), 0);
  assert.equal(retryAfterMs('soon', now), null);
  assert.equal(retryAfterMs(undefined, now), null);
});
