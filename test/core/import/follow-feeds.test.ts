import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CLIP_OPTIONS } from '../../../src/core/clip';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import {
  FeedChecker,
  FeedSchedule,
  feedsFromOpml,
  followFeed,
  migrateFeeds,
  opmlFromFeeds,
  unfollowFeed,
  type FeedStore,
  type FollowedFeed,
} from '../../../src/core/import';
import type { Clock } from '../../../src/core/ports';
import { substackPost } from '../../helpers/import-api-server';
import { importFixture, type ImportFixture } from './import-fixture';

/** The data file as JSON text, as it survives a restart. */
class JsonStore implements FeedStore {
  text = '[]';
  load(): Promise<FollowedFeed[]> {
    return Promise.resolve(migrateFeeds(JSON.parse(this.text), 'Feeds'));
  }
  async update(change: (feeds: FollowedFeed[]) => void): Promise<void> {
    const feeds = await this.load();
    change(feeds);
    this.text = JSON.stringify(feeds);
  }
}

function checker(f: ImportFixture, store: FeedStore): FeedChecker {
  return new FeedChecker({ vault: f.vault, fetcher: f.fetcher, parser: linkedomParser, clock: f.clock, clip: { ...DEFAULT_CLIP_OPTIONS, tags: [] }, sources: f.sources, policy: f.policy }, store);
}

test('a feed check imports new entries into the feed folder, and after a restart fetches nothing it has seen', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const store = new JsonStore();
    await store.update((feeds) => {
      followFeed(feeds, `${f.server.base}/blog/feed.xml`, 'Feeds/Weekly');
      followFeed(feeds, `${f.server.base}/feed`, 'Feeds/Stack');
    });
    f.server.substack.splice(3); // the publication's feed lists its three posts
    const first = await checker(f, store).check();
    assert.equal(first.busy, false);
    if (first.busy) return;
    assert.deepEqual(first.results.map((r) => [r.title, r.outcomes.map((o) => o.status).join(',')]), [
      ['Full Text Weekly', 'created,created'],
      ['Loopback Stack', 'created,created,created'],
    ]);
    assert.ok(f.notes().every((p) => p.startsWith('Feeds/Weekly/') || p.startsWith('Feeds/Stack/')), f.notes().join(', '));
    const saved = await store.load();
    assert.equal(saved[0].title, 'Full Text Weekly');
    assert.equal(saved[1].seen.length, 3);
    assert.ok(saved[0].lastChecked > 0 && saved[0].lastError === '');

    // A restart: a new checker over the saved data. Only the feeds are fetched.
    const before = f.server.log.length;
    const second = await checker(f, store).check();
    assert.ok(!second.busy && second.results.every((r) => r.outcomes.length === 0));
    assert.deepEqual(f.server.log.slice(before).map((r) => r.path), ['/blog/feed.xml', '/feed']);

    // A new post: only it is fetched and imported.
    f.server.substack.unshift(substackPost(() => f.server.base, 60));
    const third = await checker(f, store).check();
    assert.ok(!third.busy);
    if (third.busy) return;
    assert.deepEqual(third.results[1].outcomes.map((o) => [o.status, o.input]), [['created', `${f.server.base}/p/post-60`]]);
    assert.equal(f.notes().length, 6);
  } finally {
    await f.close();
  }
});

test('never two checks at once: a second check while one runs answers busy and fetches nothing', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const store = new JsonStore();
    await store.update((feeds) => void followFeed(feeds, `${f.server.base}/blog/feed.xml`, 'Feeds'));
    const one = checker(f, store);
    const running = one.check();
    assert.equal(one.busy, true);
    assert.deepEqual(await one.check(), { busy: true });
    const done = await running;
    assert.equal(done.busy, false);
    assert.equal(f.server.log.filter((r) => r.path === '/blog/feed.xml').length, 1);
    assert.equal(one.busy, false);
  } finally {
    await f.close();
  }
});

test('a paused feed is not checked; an unreadable feed records why', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const store = new JsonStore();
    await store.update((feeds) => {
      followFeed(feeds, `${f.server.base}/blog/feed.xml`, 'Feeds').paused = true;
      followFeed(feeds, `${f.server.base}/nowhere/feed.xml`, 'Feeds');
    });
    const result = await checker(f, store).check();
    assert.ok(!result.busy);
    if (result.busy) return;
    assert.equal(result.results.length, 1);
    assert.match(result.results[0].error ?? '', /^no feed at http:\/\/127\.0\.0\.1:\d+\/nowhere\/feed\.xml \(404\)$/);
    assert.match((await store.load())[1].lastError, /404/);
  } finally {
    await f.close();
  }
});

test('the schedule: a check a minute after start-up and every N hours, only when turned on', async () => {
  const clock = new StepClock();
  let checks = 0;
  const settings = { onStartup: true, everyHours: 6 };
  const schedule = new FeedSchedule(clock, () => Promise.resolve(void checks++), () => settings);
  schedule.start();
  await clock.advance(59_000);
  assert.equal(checks, 0, 'start-up itself does nothing');
  await clock.advance(1_000);
  assert.equal(checks, 1);
  await clock.advance(6 * 3_600_000);
  assert.equal(checks, 2);
  settings.everyHours = 0;
  schedule.restart();
  await clock.advance(48 * 3_600_000);
  assert.equal(checks, 2, 'off means off');
  schedule.stop();

  const quiet = new FeedSchedule(clock, () => Promise.resolve(void checks++), () => ({ onStartup: false, everyHours: 0 }));
  quiet.start();
  await clock.advance(100 * 3_600_000);
  assert.equal(checks, 2, 'nothing runs unless asked');
});

test('OPML: export then import gives the same feeds; a folder of outlines is read; the follow list keeps one entry per feed', () => {
  const feeds: FollowedFeed[] = [];
  followFeed(feeds, 'https://example.org/feed.xml', 'Feeds');
  followFeed(feeds, 'https://astralcodexten.substack.com/feed', 'Feeds/ACX').title = 'Notes from the loopback';
  followFeed(feeds, 'https://example.org/feed.xml/', 'Elsewhere');
  assert.equal(feeds.length, 2, 'the same feed followed twice is one entry');
  assert.equal(feeds[0].folder, 'Elsewhere');
  const opml = opmlFromFeeds(feeds, Date.parse('2026-03-01T00:00:00Z'));
  assert.match(opml, /<opml version="2\.0">/);
  assert.deepEqual(feedsFromOpml(opml), [
    { url: 'https://example.org/feed.xml', title: 'https://example.org/feed.xml' },
    { url: 'https://astralcodexten.substack.com/feed', title: 'Notes from the loopback' },
  ]);
  const nested = `<?xml version="1.0"?><opml version="1.0"><head><title>Reader</title></head><body><outline text="Blogs"><outline text="A" type="rss" xmlUrl="https://a.example/rss"/><outline text="B" xmlUrl="https://b.example/atom.xml"/></outline><outline text="No feed here"/></body></opml>`;
  assert.deepEqual(feedsFromOpml(nested).map((f) => f.url), ['https://a.example/rss', 'https://b.example/atom.xml']);
  assert.throws(() => feedsFromOpml('just some text'), /not an OPML file/);
  assert.equal(unfollowFeed(feeds, 'https://EXAMPLE.org/feed.xml'), true);
  assert.equal(unfollowFeed(feeds, 'https://example.org/feed.xml'), false);
});

test('saved feeds are checked field by field: a hand-edited data file loses nothing valid and keeps nothing broken', () => {
  const feeds = migrateFeeds([{ url: 'https://a.example/feed', folder: 'F', paused: true, seen: ['x', 3], lastChecked: 5 }, { url: 'ftp://no' }, 'junk', { folder: 'no url' }], 'Feeds');
  assert.deepEqual(feeds, [{ url: 'https://a.example/feed', title: '', folder: 'F', paused: true, seen: ['x'], lastChecked: 5, lastError: '' }]);
  assert.deepEqual(migrateFeeds('not a list', 'Feeds'), []);
});

/** A clock that moves only when told, firing what falls due (and what that schedules). */
class StepClock implements Clock {
  private time = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.fn();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.time = end;
  }
}
