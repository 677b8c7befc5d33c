import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipMany, DEFAULT_CLIP_OPTIONS, parseUrlList, type ClipOutcome } from '../../../src/core/clip';
import type { Clock } from '../../../src/core/ports';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import { MemoryVault } from '../../helpers/memory-vault';
import { articlePage, FakeFetcher } from './fake-fetcher';
import { fixedClock } from './fixture-clip';

/** A clock that only moves when told; `advance` fires the timers that fall due. */
class ManualClock implements Clock {
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
  get pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.fn();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('at most 4 fetches at once, every outcome in input order, a failure stops nothing', async () => {
  let inFlight = 0;
  let peak = 0;
  const replies: Record<string, () => Promise<{ body: string } | { status: number; statusText: string }>> = {};
  const urls = Array.from({ length: 10 }, (_, i) => `https://host${i}.example/post`);
  for (const [i, url] of urls.entries()) {
    replies[url] = async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await settle();
      inFlight--;
      return i === 3 ? { status: 404, statusText: 'Not Found' } : { body: articlePage(`Post ${i}`) };
    };
  }
  const vault = new MemoryVault();
  const progress: number[] = [];
  const outcomes = await clipMany(
    urls.map((url) => ({ kind: 'url' as const, url })),
    { vault, fetcher: new FakeFetcher(replies), parser: linkedomParser, clock: new ManualClock() },
    DEFAULT_CLIP_OPTIONS,
    (done, total) => progress.push(done / total),
  );
  assert.ok(peak <= 4 && peak >= 2, `peak concurrency ${peak}`);
  assert.deepEqual(outcomes.map((o) => o.input), urls);
  assert.deepEqual(outcomes.map((o) => o.status), ['created', 'created', 'created', 'failed', ...Array<string>(6).fill('created')]);
  assert.match(outcomes[3].error ?? '', /^404 Not Found from https:\/\/host3\.example\/post/);
  assert.equal(progress.length, 10);
  assert.equal(progress.at(-1), 1);
});

test('one host gets at most one request per second, measured on the Clock port', async () => {
  const clock = new ManualClock();
  const times: number[] = [];
  const replies: Record<string, () => Promise<{ body: string }>> = {};
  const urls = ['a', 'b', 'c'].map((p) => `https://same.example/${p}`);
  for (const url of urls) replies[url] = () => (times.push(clock.now()), Promise.resolve({ body: articlePage(url.slice(-1).toUpperCase() + ' post') }));
  const done = clipMany(
    [...urls.map((url) => ({ kind: 'url' as const, url })), { kind: 'url', url: 'https://other.example/x' }],
    { vault: new MemoryVault(), fetcher: new FakeFetcher(replies), parser: linkedomParser, clock },
    DEFAULT_CLIP_OPTIONS,
  );
  // Step the clock until everything has run; nothing waits in real time.
  let outcomes: ClipOutcome[] | null = null;
  void done.then((o) => (outcomes = o));
  for (let i = 0; i < 50 && !outcomes; i++) {
    await settle();
    clock.advance(250);
  }
  assert.ok(outcomes, 'clipMany finished');
  assert.equal(times.length, 3);
  for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= 1000, `requests ${times[i - 1]} → ${times[i]} ms`);
});

test('a list of URLs: comments and blanks ignored, duplicates once', () => {
  assert.deepEqual(parseUrlList('\uFEFF# reading list\nhttps://a.example/1\n\n  https://b.example/2  \r\nhttps://a.example/1\nnot a url\n'), [
    'https://a.example/1',
    'https://b.example/2',
    'not a url',
  ]);
});

test('the same page twice in one run is clipped once, then skipped', async () => {
  const url = 'https://blog.example/p';
  const outcomes = await clipMany(
    [{ kind: 'url', url }, { kind: 'url', url: url + '?utm_source=feed' }],
    { vault: new MemoryVault(), fetcher: new FakeFetcher({ [url]: { body: articlePage('Once') }, [url + '?utm_source=feed']: { body: articlePage('Once') } }), parser: linkedomParser, clock: fixedClock },
    DEFAULT_CLIP_OPTIONS,
  );
  assert.deepEqual(outcomes.map((o) => o.status).sort(), ['created', 'skipped']);
});
