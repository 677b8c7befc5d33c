import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { importFromSource } from '../../../src/cli/commands/import-source';
import { followCommand } from '../../../src/cli/commands/follow';
import { runCli } from '../../../src/cli/main';
import { NodeFetcher } from '../../../src/cli/node-fetcher';
import { NodeVault } from '../../../src/cli/node-vault';
import { DEFAULT_CLIP_OPTIONS } from '../../../src/core/clip';
import { importPolicy, type ImportSource } from '../../../src/core/import';
import { FeedSource } from '../../../src/core/import/sources/feed';
import { ForumMagnumSource } from '../../../src/core/import/sources/forum-magnum';
import { SubstackSource } from '../../../src/core/import/sources/substack';
import { captureIO } from '../../helpers/cli-io';
import { SEQUENCE_ID, startImportApiServer, type ImportApiServer } from '../../helpers/import-api-server';
import { VirtualClock } from '../../helpers/virtual-clock';

async function setup(): Promise<{ server: ImportApiServer; dir: string; sources: ImportSource[]; close: () => Promise<void> }> {
  const server = await startImportApiServer();
  const host = new URL(server.base).host;
  const site = { name: 'LessWrong', origin: server.base, hosts: [host] };
  const dir = mkdtempSync(join(tmpdir(), 'kindred-import-source-'));
  mkdirSync(join(dir, '.obsidian'));
  return {
    server,
    dir,
    sources: [new ForumMagnumSource([site]), new SubstackSource([host]), new FeedSource()],
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const args = (url: string, extra: Partial<Parameters<typeof importFromSource>[0]> = {}) => ({ url, json: false, options: { ...DEFAULT_CLIP_OPTIONS }, dryRun: false, skipPaywalled: false, ...extra });

test('kindred import <sequence>: says what it found first, then one line per post and the table of contents', async () => {
  const s = await setup();
  try {
    const io = captureIO(s.dir);
    const deps = { vault: new NodeVault(s.dir), fetcher: new NodeFetcher(), clock: new VirtualClock(), sources: s.sources, policy: importPolicy({ pacing: false }) };
    const code = await importFromSource(args(`${s.server.base}/s/${SEQUENCE_ID}`), io, deps);
    assert.equal(code, 0, io.err());
    const lines = io.out().split('\n');
    assert.equal(lines[0], "LessWrong sequence 'Map and Territory', 5 posts");
    assert.match(lines[1], /^created {2}http:\/\/127\.0\.0\.1:\d+\/posts\/s1p0\/the-simple-truth {2}→ {2}Clippings\/The Simple Truth\.md$/);
    assert.match(io.out(), /5 posts: 5 created, 0 updated, 0 skipped, 0 failed\nTable of contents: Clippings\/Map and Territory\.md\n/);
    assert.ok(readdirSync(join(s.dir, 'Clippings')).includes('Map and Territory.md'));
  } finally {
    await s.close();
  }
});

test('kindred import --dry-run lists the posts, new or already in the vault, and writes nothing', async () => {
  const s = await setup();
  try {
    const deps = { vault: new NodeVault(s.dir), fetcher: new NodeFetcher(), clock: new VirtualClock(), sources: s.sources, policy: importPolicy({ pacing: false }) };
    await importFromSource(args(`${s.server.base}/`, { limit: 2 }), captureIO(s.dir), deps);
    const before = readdirSync(join(s.dir, 'Clippings')).sort();
    const io = captureIO(s.dir);
    const code = await importFromSource(args(`${s.server.base}/`, { limit: 9, dryRun: true }), io, deps);
    assert.equal(code, 0);
    const out = io.out().split('\n');
    assert.match(out[0], /^Substack publication 127\.0\.0\.1:\d+ \(posts are counted as they are listed\)$/);
    assert.match(out[1], /^in vault {2}2026-02-28 {2}Stack Post 1 {2}http.+\/p\/post-0 {2}→ {2}Clippings\/Stack Post 1\.md$/);
    assert.match(out[3], /^new {7}2026-02-26 {2}Stack Post 3 /);
    assert.match(out[8], /Stack Post 8 \(paywalled\)/);
    assert.match(io.out(), /9 posts: 7 new, 2 already in the vault\. Nothing was written \(--dry-run\)\.\n$/);
    assert.deepEqual(readdirSync(join(s.dir, 'Clippings')).sort(), before);
    assert.equal(s.server.log.filter((r) => r.path.startsWith('/api/v1/posts/')).length, 2, 'a dry run fetches no post');
  } finally {
    await s.close();
  }
});

test('kindred import --json of a feed; a page URL is left to the ordinary clip; source flags on a saved page are a usage error', async () => {
  const s = await setup();
  try {
    const deps = { vault: new NodeVault(s.dir), fetcher: new NodeFetcher(), clock: new VirtualClock(), sources: s.sources, policy: importPolicy({ pacing: false }) };
    const io = captureIO(s.dir);
    assert.equal(await importFromSource(args(`${s.server.base}/notes/feed.json`, { json: true }), io, deps), 0);
    const parsed = JSON.parse(io.out()) as { source: { kind: string; total: number }; items: { status: string }[] };
    assert.deepEqual([parsed.source.kind, parsed.source.total, parsed.items.map((i) => i.status)], ['feed', 2, ['created', 'created']]);
    assert.equal(await importFromSource(args(`${s.server.base}/page-one`), captureIO(s.dir), deps), null);

    writeFileSync(join(s.dir, 'page.html'), '<html><body><p>x</p></body></html>');
    const usage = captureIO(s.dir);
    assert.equal(await runCli(['import', 'page.html', '--vault', '.', '--limit', '5'], usage), 2);
    assert.match(usage.err(), /--limit apply to a sequence, tag, author, publication or feed URL, given alone/);
    const since = captureIO(s.dir);
    assert.equal(await runCli(['import', 'page.html', '--vault', '.', '--since', 'last tuesday'], since), 2);
    assert.match(since.err(), /--since: not a date: 'last tuesday' \(write it as 2024-01-31\)/);
  } finally {
    await s.close();
  }
});

test('kindred follow add / list / check / remove share the plugin data file and keep its other settings', async () => {
  const s = await setup();
  try {
    const dataPath = join(s.dir, '.obsidian', 'plugins', 'kindred', 'data.json');
    mkdirSync(join(s.dir, '.obsidian', 'plugins', 'kindred'), { recursive: true });
    writeFileSync(dataPath, JSON.stringify({ settingsVersion: 1, clipFolder: 'Inbox', minScore: 0.5, hidden: { 'a.md': ['b.md'] } }));
    const command = followCommand({ fetcher: new NodeFetcher(), clock: new VirtualClock(), sources: s.sources, policy: importPolicy({ pacing: false }) });
    const run = async (...argv: string[]) => {
      const io = captureIO(s.dir);
      const code = await command.run([...argv, '--vault', '.'], io);
      return { code, out: io.out(), err: io.err() };
    };
    const added = await run('add', `${s.server.base}/blog/feed.xml`, '--folder', 'Feeds/Weekly');
    assert.equal(added.code, 0, added.err);
    assert.match(added.out, /^Following 'Full Text Weekly' into Feeds\/Weekly\//);
    const notFeed = await run('add', `${s.server.base}/page-one`);
    assert.equal(notFeed.code, 1);
    assert.match(notFeed.err, /is not an RSS, Atom or JSON feed; not followed/);

    const listed = await run('list');
    assert.match(listed.out, /^Full Text Weekly {2}http:\/\/127\.0\.0\.1:\d+\/blog\/feed\.xml\n {2}folder Feeds\/Weekly\/, last checked never\n$/);
    const checked = await run('check');
    assert.equal(checked.code, 0, checked.out + checked.err);
    assert.match(checked.out, /^Full Text Weekly: 2 new, 2 clipped\n/);
    assert.equal(readdirSync(join(s.dir, 'Feeds', 'Weekly')).length, 2);
    const again = await run('check', '--json');
    const json = JSON.parse(again.out) as { feeds: { outcomes: unknown[] }[] };
    assert.equal(json.feeds[0].outcomes.length, 0, 'nothing new the second time');

    const data = JSON.parse(readFileSync(dataPath, 'utf8')) as Record<string, unknown>;
    assert.deepEqual([data.clipFolder, data.minScore, data.hidden], ['Inbox', 0.5, { 'a.md': ['b.md'] }], 'other settings kept');
    assert.equal((data.feeds as { seen: string[] }[])[0].seen.length, 2);

    assert.equal((await run('remove', `${s.server.base}/blog/feed.xml`)).code, 0);
    assert.equal((await run('remove', `${s.server.base}/blog/feed.xml`)).code, 1);
    assert.match((await run('list')).out, /^No feeds followed/);
    assert.equal(readdirSync(join(s.dir, 'Feeds', 'Weekly')).length, 2, 'the notes stay');
  } finally {
    await s.close();
  }
});
