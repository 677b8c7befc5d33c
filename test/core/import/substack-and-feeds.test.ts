import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFrontMatter } from '../../../src/core/front-matter';
import { defaultSources, recognise } from '../../../src/core/import';
import { parseFeedText } from '../../../src/core/import/feeds/parse-feed';
import { FEED_EXPECTATIONS } from '../../helpers/feed-fixtures';
import { PAYWALLED_SLUG, SUBSTACK_POSTS } from '../../helpers/import-api-server';
import { importFixture } from './import-fixture';

test('Substack URLs: a publication, its archive, its feed, a post; substack.com itself is not a publication', () => {
  const sources = defaultSources();
  const kind = (url: string) => {
    const r = recognise(url, sources);
    return r ? `${r.kind} ${r.url}` : null;
  };
  assert.equal(kind('https://astralcodexten.substack.com/'), 'publication https://astralcodexten.substack.com');
  assert.equal(kind('https://astralcodexten.substack.com/archive?sort=new'), 'publication https://astralcodexten.substack.com');
  assert.equal(kind('https://astralcodexten.substack.com/feed'), 'publication https://astralcodexten.substack.com');
  assert.equal(kind('https://astralcodexten.substack.com/p/my-bet'), 'post https://astralcodexten.substack.com/p/my-bet');
  assert.equal(kind('https://substack.com/home'), null);
  assert.equal(kind('https://example.org/feed.json'), 'feed https://example.org/feed.json');
  assert.equal(kind('https://example.org/blog/atom.xml'), 'feed https://example.org/blog/atom.xml');
});

test('a Substack archive: pages until a short one, every post from /api/v1/posts, the paid post marked paywalled', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const report = await f.run('/');
    assert.equal(report.description, `Substack publication ${new URL(f.server.base).host}`);
    assert.equal(report.outcomes.length, SUBSTACK_POSTS);
    assert.ok(report.outcomes.every((o) => o.status === 'created'));
    const archive = f.server.log.filter((r) => r.path.startsWith('/api/v1/archive')).map((r) => r.path);
    assert.deepEqual(archive, ['/api/v1/archive?sort=new&offset=0&limit=20', '/api/v1/archive?sort=new&offset=20&limit=20', '/api/v1/archive?sort=new&offset=40&limit=20']);
    assert.equal(f.server.log.filter((r) => r.path.startsWith('/api/v1/posts/')).length, SUBSTACK_POSTS);

    const newest = parseFrontMatter(await f.vault.read(report.outcomes[0].path!))!;
    assert.deepEqual(
      { title: newest.title, author: newest.author, published: newest.published, description: newest.description, tags: newest.tags, paywalled: newest.paywalled },
      { title: 'Stack Post 1', author: 'Stack Author', published: '2026-02-28', description: 'Subtitle of post 1', tags: ['essays'], paywalled: undefined },
    );
    const paid = report.outcomes.find((o) => o.input.endsWith(`/p/${PAYWALLED_SLUG}`))!;
    const paidText = await f.vault.read(paid.path!);
    assert.equal(parseFrontMatter(paidText)!.paywalled, true);
    assert.match(paidText, /\*Paywalled: this note holds only the part of the post a reader without a subscription can see, not the whole post\.\*/);
    assert.match(paidText, /The free part of post 8/);
  } finally {
    await f.close();
  }
});

test('--skip-paywalled leaves the paid post out, and --limit and --since cut the archive', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const report = await f.run('/archive', { limit: 10 }, { skipPaywalled: true });
    assert.equal(report.outcomes.length, 10);
    const paid = report.outcomes.find((o) => o.input.endsWith(`/p/${PAYWALLED_SLUG}`))!;
    assert.equal(paid.status, 'skipped');
    assert.match(paid.error!, /paywalled/);
    assert.equal(f.server.log.filter((r) => r.path === `/api/v1/posts/${PAYWALLED_SLUG}`).length, 0, 'not even fetched');
    assert.equal(f.server.log.filter((r) => r.path.startsWith('/api/v1/archive')).length, 1);

    const g = await importFixture({ intervalFor: () => 0 });
    try {
      const recent = await g.run('/', { since: Date.parse('2026-02-20T00:00:00Z') });
      assert.equal(recent.outcomes.length, 9, 'posts from 20 to 28 February');
    } finally {
      await g.close();
    }
  } finally {
    await f.close();
  }
});

test('duplicates across sources: a post from the publication feed and from its archive is one note', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const { feedTarget } = await import('../../../src/core/import');
    const { runImport } = await import('../../../src/core/import');
    const { DEFAULT_CLIP_OPTIONS } = await import('../../../src/core/clip');
    const { linkedomParser } = await import('../../../src/cli/linkedom-parser');
    const { sourceContext } = await import('../../../src/core/import/sources');
    const context = sourceContext(f.fetcher, f.clock, { limit: 5 }, f.sources, f.policy);
    const listing = await feedTarget(`${f.server.base}/feed`).open(context);
    const fromFeed = await runImport(listing, { vault: f.vault, fetcher: context.fetcher, parser: linkedomParser, clock: f.clock }, { clip: DEFAULT_CLIP_OPTIONS });
    assert.deepEqual(fromFeed.outcomes.map((o) => o.status), Array<string>(5).fill('created'));
    // The feed's entries went to the Substack API for their full text.
    assert.equal(f.server.log.filter((r) => r.path.startsWith('/api/v1/posts/')).length, 5);
    const fromArchive = await f.run('/', { limit: 8 });
    assert.deepEqual(fromArchive.outcomes.map((o) => o.status), [...Array<string>(5).fill('skipped'), ...Array<string>(3).fill('created')]);
    assert.deepEqual(fromArchive.outcomes.slice(0, 5).map((o) => o.path), fromFeed.outcomes.map((o) => o.path));
    assert.equal(f.notes().length, 8);
    assert.equal(f.server.log.filter((r) => r.path.startsWith('/api/v1/posts/')).length, 8, 'the duplicates were not fetched again');
  } finally {
    await f.close();
  }
});

test('feeds: RSS with full text, RSS with summaries only (the pages are clipped), Atom with relative links, JSON Feed with a bad date', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const full = await f.run('/blog/feed.xml');
    assert.equal(full.description, "Feed 'Full Text Weekly'");
    assert.deepEqual(full.outcomes.map((o) => o.status), ['created', 'created']);
    const priors = await f.vault.read(full.outcomes[0].path!);
    const front = parseFrontMatter(priors)!;
    assert.deepEqual([front.title, front.author, front.published, front.source], ['On Priors & Posteriors', 'Ada Writer', '2026-03-03', `${f.server.base}/essays/priors`]);
    assert.match(priors, new RegExp(`\\[an earlier post\\]\\(${f.server.base}/essays/earlier\\)`), 'a relative link inside the text is made absolute');
    assert.equal(f.server.log.filter((r) => r.path.startsWith('/essays/')).length, 0, 'full text: no page fetched');

    const summaries = await f.run('/teasers/rss.xml');
    assert.deepEqual(summaries.outcomes.map((o) => o.status), ['created', 'created']);
    assert.deepEqual(f.server.log.filter((r) => r.path.startsWith('/page-')).map((r) => r.path), ['/page-one', '/page-two']);
    assert.match(await f.vault.read(summaries.outcomes[0].path!), /Page One is discussed here at length/);

    const atom = await f.run('/journal/atom.xml');
    const atomText = await f.vault.read(atom.outcomes[0].path!);
    assert.match(atomText, new RegExp(`source: ${f.server.base}/journal/relative-entry`));
    assert.match(atomText, new RegExp(`!\\[a map\\]\\(${f.server.base}/journal/images/map\\.png\\)`));
    assert.match(atomText, new RegExp(`\\[about us\\]\\(${f.server.base}/about\\)`));

    const json = await f.run('/notes/feed.json');
    const [good, bad] = await Promise.all(json.outcomes.map((o) => f.vault.read(o.path!)));
    assert.equal(parseFrontMatter(good)!.published, '2026-03-06');
    assert.equal(parseFrontMatter(bad)!.published, undefined, 'a bad date is left out, not invented');
    assert.equal(json.outcomes[1].status, 'created');
  } finally {
    await f.close();
  }
});

test('a LessWrong feed lists teasers; each post comes in full from the GraphQL API, with its front matter', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const report = await f.run('/feed.xml');
    assert.equal(report.description, "Feed 'LessWrong'");
    assert.deepEqual(report.outcomes.map((o) => o.status), ['created', 'created']);
    assert.deepEqual(f.server.log.filter((r) => r.op).map((r) => [r.op, r.variables?.id]), [['KindredPost', 's1p0'], ['KindredPost', 's1p1']]);
    const text = await f.vault.read(report.outcomes[0].path!);
    assert.equal(parseFrontMatter(text)!.karma, 42);
    assert.match(text, /The Simple Truth is discussed here at length/);
    assert.doesNotMatch(text, /A teaser only/);
  } finally {
    await f.close();
  }
});

test('the feed parser is right on every fixture, and says plainly when a document is not a feed', () => {
  const base = 'https://example.org';
  for (const c of FEED_EXPECTATIONS) {
    const entries = parseFeedText(c.make(base), `${base}${c.path}`).entries;
    assert.deepEqual(
      entries.map((e) => ({ url: e.url, title: e.title, published: e.published, full: Boolean(e.html), ...(e.authors[0] ? { author: e.authors[0] } : {}) })),
      c.check(base).map((e) => ({ url: e.url, title: e.title, published: e.published, full: e.full, ...(e.author ? { author: e.author } : {}) })),
      c.name,
    );
  }
  assert.throws(() => parseFeedText('<html><body>not a feed</body></html>', `${base}/x`), /https:\/\/example\.org\/x is not an RSS, Atom or JSON feed/);
});
