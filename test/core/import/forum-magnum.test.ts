import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFrontMatter } from '../../../src/core/front-matter';
import { defaultSources, recognise } from '../../../src/core/import';
import { CHAPTERS, SEQUENCE_ID, TAG_POSTS, USER_POSTS } from '../../helpers/import-api-server';
import { importFixture } from './import-fixture';

test('LessWrong-family URLs: posts, sequences, tags, authors; GreaterWrong maps to LessWrong; a feed is not a post', () => {
  const sources = defaultSources();
  const kind = (url: string) => {
    const r = recognise(url, sources);
    return r ? `${r.kind} ${r.url}` : null;
  };
  assert.equal(kind('https://www.lesswrong.com/posts/vJFdjigzmcXMhNTsx/simulators'), 'post https://www.lesswrong.com/posts/vJFdjigzmcXMhNTsx');
  assert.equal(kind('https://www.lesswrong.com/s/N7nDePaNabJdnbXeE/p/vJFdjigzmcXMhNTsx'), 'post https://www.lesswrong.com/posts/vJFdjigzmcXMhNTsx');
  assert.equal(kind('https://lesswrong.com/s/5g5TkQTe9rmPS5vvM'), 'sequence https://www.lesswrong.com/s/5g5TkQTe9rmPS5vvM');
  assert.equal(kind('https://www.lesswrong.com/tag/rationality'), 'tag https://www.lesswrong.com/tag/rationality');
  assert.equal(kind('https://www.lesswrong.com/w/rationality'), 'tag https://www.lesswrong.com/tag/rationality');
  assert.equal(kind('https://www.lesswrong.com/users/eliezer_yudkowsky'), 'user https://www.lesswrong.com/users/eliezer_yudkowsky');
  assert.equal(kind('https://www.greaterwrong.com/posts/vJFdjigzmcXMhNTsx/simulators'), 'post https://www.lesswrong.com/posts/vJFdjigzmcXMhNTsx');
  assert.equal(kind('https://www.greaterwrong.com/s/5g5TkQTe9rmPS5vvM'), 'sequence https://www.lesswrong.com/s/5g5TkQTe9rmPS5vvM');
  assert.equal(kind('https://www.alignmentforum.org/users/paulfchristiano'), 'user https://www.alignmentforum.org/users/paulfchristiano');
  assert.equal(kind('https://forum.effectivealtruism.org/topics/cause-prioritization'), 'tag https://forum.effectivealtruism.org/tag/cause-prioritization');
  assert.equal(kind('https://www.lesswrong.com/feed.xml?view=curated-rss'), 'feed https://www.lesswrong.com/feed.xml?view=curated-rss');
  assert.equal(kind('https://example.org/2024/01/an-essay'), null, 'a plain page is for the ordinary clip');
});

test('a sequence: chapters then posts in reading order, sequence front matter, and a table-of-contents note', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const report = await f.run(`/s/${SEQUENCE_ID}`);
    assert.equal(report.description, "LessWrong sequence 'Map and Territory'");
    assert.equal(report.stopped, undefined);
    const inOrder = [...CHAPTERS].sort((a, b) => a.number - b.number).flatMap((c) => c.titles.map((t) => ({ t, chapter: c.title })));
    assert.deepEqual(report.outcomes.map((o) => o.status), inOrder.map(() => 'created'));
    for (const [i, outcome] of report.outcomes.entries()) {
      const front = parseFrontMatter(await f.vault.read(outcome.path!))!;
      assert.equal(front.title, inOrder[i].t);
      assert.equal(front.sequence, 'Map and Territory');
      assert.equal(front.chapter, inOrder[i].chapter);
      assert.equal(front.sequence_index, i + 1);
      assert.equal(front.author, 'Eliezer Yudkowsky');
      assert.equal(front.site, 'LessWrong');
      assert.equal(front.karma, 42);
      assert.match(String(front.source), new RegExp(`^${f.server.base}/posts/s\\dp\\d/`));
      const text = await f.vault.read(outcome.path!);
      assert.match(text, /\$x\^2\$/, 'math survives');
      assert.match(text, /\[\^1\]/, 'footnotes survive');
    }
    assert.equal(report.indexNotePath, 'Clippings/Map and Territory.md');
    const toc = await f.vault.read(report.indexNotePath);
    assert.match(toc, /^---\ntitle: Map and Territory\n/);
    assert.match(toc, new RegExp(`source: ${f.server.base}/s/${SEQUENCE_ID}`));
    const lines = toc.split('\n').filter((l) => /^(\d+\.|## )/.test(l));
    assert.deepEqual(lines, [
      '## The Simple Truth',
      '1. [[Clippings/The Simple Truth|The Simple Truth]]',
      '2. [[Clippings/What Do We Mean By Rationality|What Do We Mean By Rationality]]',
      '## Fake Beliefs',
      '3. [[Clippings/Making Beliefs Pay Rent|Making Beliefs Pay Rent]]',
      '4. [[Clippings/Belief in Belief|Belief in Belief]]',
      '5. [[Clippings/Professing and Cheering|Professing and Cheering]]',
    ]);
    // Again: every post is a duplicate, and the contents note is updated, not doubled.
    const again = await f.run(`/s/${SEQUENCE_ID}`);
    assert.deepEqual(again.outcomes.map((o) => o.status), inOrder.map(() => 'skipped'));
    assert.equal(again.indexNotePath, report.indexNotePath);
    assert.equal(f.notes().length, 6);
  } finally {
    await f.close();
  }
});

test('a tag: its posts by relevance over several pages, --limit, the default of 50', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const report = await f.run('/tag/rationality', { limit: TAG_POSTS });
    assert.equal(report.outcomes.length, TAG_POSTS, report.stopped?.message);
    assert.ok(report.outcomes.every((o) => o.status === 'created'), report.outcomes.find((o) => o.status !== 'created')?.error);
    const pages = f.server.log.filter((r) => r.op === 'KindredTagPosts').map((r) => [r.variables?.offset, r.variables?.limit]);
    assert.deepEqual(pages, [[0, 50], [50, 50], [100, 20]]);
    assert.match(report.outcomes[0].input, /\/posts\/tag000\//);
    assert.match(report.outcomes[119].input, /\/posts\/tag119\//);
    const front = parseFrontMatter(await f.vault.read(report.outcomes[0].path!))!;
    assert.deepEqual(front.tags, ['rationality']);

    const fresh = await importFixture({ intervalFor: () => 0 });
    try {
      const opened = await fresh.run('/tag/rationality', {}, {});
      assert.equal(opened.outcomes.length, 50, 'a tag stops at 50 unless --limit says otherwise');
    } finally {
      await fresh.close();
    }
  } finally {
    await f.close();
  }
});

test('an author with 2,000 posts: newest first by date windows, every post once, never an offset past the skip limit', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const { openImport } = await import('../../../src/core/import');
    const opened = await openImport(`${f.server.base}/users/prolific`, {}, { fetcher: f.fetcher, clock: f.clock, sources: f.sources, policy: f.policy });
    assert.equal(opened?.listing.description, "LessWrong author 'Prolific Writer'");
    assert.equal(opened?.listing.total, USER_POSTS);
    const urls: string[] = [];
    let previous = Infinity;
    for await (const item of opened.listing.items) {
      urls.push(item.url);
      const when = Date.parse(item.published!);
      assert.ok(when <= previous, 'newest first');
      previous = when;
    }
    assert.equal(urls.length, USER_POSTS);
    assert.equal(new Set(urls).size, USER_POSTS, 'no post twice, none lost where two share an instant');
    const pages = f.server.log.filter((r) => r.op === 'KindredUserPosts');
    // 50 a page; a window that starts at a shared instant repeats that instant's posts once.
    assert.ok(pages.length >= USER_POSTS / 50 && pages.length <= USER_POSTS / 50 + 3, `${pages.length} pages`);
    assert.ok(pages.every((p) => p.variables?.offset === undefined), 'date windows, not offsets');
    assert.ok(pages.slice(1).every((p) => typeof p.variables?.before === 'string'));

    const since = await openImport(`${f.server.base}/users/prolific`, { since: Date.parse('2024-12-01T00:00:00Z') }, { fetcher: f.fetcher, clock: f.clock, sources: f.sources, policy: f.policy });
    let count = 0;
    for await (const item of since!.listing.items) {
      assert.ok(Date.parse(item.published!) >= Date.parse('2024-12-01T00:00:00Z'));
      count++;
    }
    assert.equal(count, 64, '32 days of two posts a day');
  } finally {
    await f.close();
  }
});

test('comments only when asked: the top comments under ## Comments, a reply quoted one level deeper', async () => {
  const f = await importFixture({ intervalFor: () => 0 });
  try {
    const report = await f.run('/posts/s0p0/the-simple-truth', { comments: true });
    assert.equal(report.outcomes[0].status, 'created');
    const text = await f.vault.read(report.outcomes[0].path!);
    assert.match(text, /## Comments\n\n> \*\*Robin\*\*\n>\n> First comment, top rated\.\n\n> > \*\*Katja\*\*\n> >\n> > A reply to the first\./);
    assert.match(text, /> \*\*Scott\*\*/);
    const plain = await importFixture({ intervalFor: () => 0 });
    try {
      const quiet = await plain.run('/posts/s0p1/what');
      assert.doesNotMatch(await plain.vault.read(quiet.outcomes[0].path!), /## Comments/);
      assert.equal(plain.server.log.filter((r) => r.op === 'KindredComments').length, 0, 'no comment request unless asked');
    } finally {
      await plain.close();
    }
  } finally {
    await f.close();
  }
});
