import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipMany, clipOne, DEFAULT_CLIP_OPTIONS, type ClipInput, type ClipOptions } from '../../../src/core/clip';
import { parseFrontMatter, splitFrontMatter } from '../../../src/core/front-matter';
import { FetchError } from '../../../src/core/ports';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import { MemoryVault } from '../../helpers/memory-vault';
import { fixedClock } from './fixture-clip';
import { articlePage, FakeFetcher } from './fake-fetcher';

const URL_A = 'https://blog.example/posts/a';

function deps(vault: MemoryVault, fetcher: FakeFetcher) {
  return { vault, fetcher, parser: linkedomParser, clock: fixedClock };
}

function options(extra: Partial<ClipOptions> = {}): ClipOptions {
  return { ...DEFAULT_CLIP_OPTIONS, ...extra };
}

test('a URL becomes a note with the page metadata, relative links made absolute', async () => {
  const vault = new MemoryVault();
  const head = '<meta name="author" content="Ada Lovelace"><meta property="article:published_time" content="2024-05-06T07:08:09Z"><meta property="og:site_name" content="Example Blog"><meta name="description" content="On engines"><link rel="canonical" href="/posts/a?utm_source=x">';
  const fetcher = new FakeFetcher({ [URL_A]: { body: articlePage('Analytical Engines', '<p>See <a href="../b">the next post</a> and <img src="/img/engine.png" alt="engine">.</p><pre><code class="language-python">print("hi")</code></pre>', head) } });
  const outcome = await clipOne({ kind: 'url', url: URL_A }, deps(vault, fetcher), options());
  assert.deepEqual(outcome, { input: URL_A, status: 'created', path: 'Clippings/Analytical Engines.md' });
  const text = await vault.read(outcome.path);
  assert.deepEqual(parseFrontMatter(text), {
    title: 'Analytical Engines',
    author: 'Ada Lovelace',
    source: 'https://blog.example/posts/a?utm_source=x',
    site: 'Example Blog',
    published: '2024-05-06',
    clipped: '2026-01-02T03:04:05.000Z',
    tags: ['clippings'],
    description: 'On engines',
  });
  const body = splitFrontMatter(text).body;
  assert.match(body, /\[the next post\]\(https:\/\/blog\.example\/b\)/);
  assert.match(body, /!\[engine\]\(https:\/\/blog\.example\/img\/engine\.png\)/);
  assert.match(body, /```python\nprint\("hi"\)\n```/);
});

test('fetch failures give messages a person can act on and write nothing', async () => {
  const cases: [FakeFetcher, RegExp][] = [
    [new FakeFetcher({}), /^404 Not Found from https:\/\/blog\.example\/posts\/a$/],
    [new FakeFetcher({ [URL_A]: { headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4' } }), /^not an HTML page \(application\/pdf\)/],
    [new FakeFetcher({ [URL_A]: new FetchError('timeout', URL_A, 'slow') }), /^timed out after 30 s/],
    [new FakeFetcher({ [URL_A]: new FetchError('too-large', URL_A, 'big') }), /^the page is larger than 10 MB/],
    [new FakeFetcher({ [URL_A]: new FetchError('network', URL_A, 'ENOTFOUND') }), /^could not reach https:\/\/blog\.example\/posts\/a: ENOTFOUND/],
    [new FakeFetcher({ [URL_A]: { status: 500, statusText: 'Internal Server Error' } }), /^500 Internal Server Error from/],
  ];
  for (const [fetcher, message] of cases) {
    const vault = new MemoryVault();
    const outcome = await clipOne({ kind: 'url', url: URL_A }, deps(vault, fetcher), options());
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', message);
    assert.equal(vault.files.size, 0);
  }
});

test('addresses that are not web pages fail before any request', async () => {
  const fetcher = new FakeFetcher({});
  for (const [url, message] of [['not a url', /^not a valid web address: not a url$/], ['javascript:alert(1)', /^only http and https/], ['file:///etc/passwd', /^only http and https/]] as const) {
    const outcome = await clipOne({ kind: 'url', url }, deps(new MemoryVault(), fetcher), options());
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.error ?? '', message);
  }
  assert.deepEqual(fetcher.requests, []);
});

test('a page already clipped is skipped without a request, naming the note', async () => {
  const vault = new MemoryVault({ 'Reading/Old.md': '---\nsource: "http://www.blog.example/posts/a/#top"\n---\nbody' });
  const fetcher = new FakeFetcher({ [URL_A]: { body: articlePage('A') } });
  const outcome = await clipOne({ kind: 'url', url: URL_A }, deps(vault, fetcher), options());
  assert.deepEqual(outcome, { input: URL_A, status: 'skipped', path: 'Reading/Old.md', error: 'already clipped as Reading/Old.md' });
  assert.deepEqual(fetcher.requests, []);
});

test('--on-duplicate update refreshes the body and keeps keys the user added', async () => {
  const vault = new MemoryVault();
  const first = new FakeFetcher({ [URL_A]: { body: articlePage('Post', '<p>First version of the closing words.</p>') } });
  const created = await clipOne({ kind: 'url', url: URL_A }, deps(vault, first), options());
  vault.modify(created.path!, (await vault.read(created.path!)).replace('tags:', 'status: read\ntags:'));
  const second = new FakeFetcher({ [URL_A]: { body: articlePage('Post', '<p>Second version of the closing words.</p>') } });
  const updated = await clipOne({ kind: 'url', url: URL_A }, deps(vault, second), options({ onDuplicate: 'update' }));
  assert.deepEqual(updated, { input: URL_A, status: 'updated', path: created.path });
  const text = await vault.read(created.path!);
  assert.equal(parseFrontMatter(text)?.status, 'read');
  assert.match(text, /Second version/);
  assert.doesNotMatch(text, /First version/);
  assert.equal(vault.files.size, 1);
});

test('--on-duplicate keep-both makes "Title (2).md"', async () => {
  const vault = new MemoryVault();
  const fetcher = new FakeFetcher({ [URL_A]: { body: articlePage('Post') } });
  await clipOne({ kind: 'url', url: URL_A }, deps(vault, fetcher), options());
  const again = await clipOne({ kind: 'url', url: URL_A }, deps(vault, fetcher), options({ onDuplicate: 'keep-both' }));
  assert.deepEqual(again, { input: URL_A, status: 'created', path: 'Clippings/Post (2).md' });
});

test('redirects: the final URL is the source', async () => {
  const vault = new MemoryVault();
  const fetcher = new FakeFetcher({ 'https://short.example/x': { url: URL_A, body: articlePage('Moved') } });
  const outcome = await clipOne({ kind: 'url', url: 'https://short.example/x' }, deps(vault, fetcher), options());
  assert.equal(parseFrontMatter(await vault.read(outcome.path!))?.source, URL_A);
});

test('images are downloaded next to the note and linked locally when asked', async () => {
  const vault = new MemoryVault();
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  const fetcher = new FakeFetcher({
    [URL_A]: { body: articlePage('Pictures', '<img src="/a.png" alt="first"><img src="https://cdn.example/missing.jpg" alt="gone">') },
    'https://blog.example/a.png': { headers: { 'content-type': 'image/png' }, body: png },
  });
  const outcome = await clipOne({ kind: 'url', url: URL_A }, deps(vault, fetcher), options({ downloadImages: true }));
  assert.equal(outcome.status, 'created');
  assert.deepEqual(vault.files.get('Clippings/attachments/a.png')?.data, png);
  const body = splitFrontMatter(await vault.read(outcome.path!)).body;
  assert.match(body, /!\[first\]\(attachments\/a\.png\)/);
  // An image that cannot be fetched stays a remote link; the clip still succeeds.
  assert.match(body, /!\[gone\]\(https:\/\/cdn\.example\/missing\.jpg\)/);
});

test('a clip that fails after downloading images removes them', async () => {
  const vault = new MemoryVault();
  const fetcher = new FakeFetcher({
    [URL_A]: { body: articlePage('Pictures', '<img src="/a.png" alt="first">') },
    'https://blog.example/a.png': { headers: { 'content-type': 'image/png' }, body: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  });
  const create = vault.create.bind(vault);
  let imagesWritten = 0;
  const createBinary = vault.createBinary.bind(vault);
  vault.createBinary = (path: string, data: Uint8Array) => (imagesWritten++, createBinary(path, data));
  vault.create = (path: string, data: string) => (path.endsWith('.md') ? Promise.reject(new Error('disk full')) : create(path, data));
  const outcome = await clipOne({ kind: 'url', url: URL_A }, deps(vault, fetcher), options({ downloadImages: true }));
  assert.equal(outcome.status, 'failed');
  assert.match(outcome.error ?? '', /disk full/);
  assert.equal(imagesWritten, 1, 'the image was written before the note failed');
  assert.equal(vault.files.size, 0);
});

test('an aborted clip fails as cancelled and writes nothing', async () => {
  const vault = new MemoryVault();
  const controller = new AbortController();
  const fetcher = new FakeFetcher({
    [URL_A]: () => {
      controller.abort();
      return Promise.resolve({ body: articlePage('Post') });
    },
  });
  const outcome = await clipOne({ kind: 'url', url: URL_A }, deps(vault, fetcher), options(), controller.signal);
  assert.deepEqual(outcome, { input: URL_A, status: 'failed', error: 'cancelled' });
  assert.equal(vault.files.size, 0);
});

test('comments are left out by default and kept under "## Comments" when asked, replies nested', async () => {
  const thread =
    '<section id="comments"><h2>2 Comments</h2><ol class="comment-list">' +
    '<li class="comment"><div class="comment-author">Alice</div><div class="comment-content"><p>I disagree with the second point.</p></div>' +
    '<ol class="children"><li class="comment"><div class="comment-author">Bob</div><div class="comment-content"><p>Why?</p></div></li></ol></li>' +
    '</ol></section>';
  const html = articlePage('Discussed').replace('</article>', `</article>${thread}`);
  const clip = async (includeComments: boolean) => {
    const vault = new MemoryVault();
    const outcome = await clipOne({ kind: 'url', url: URL_A }, deps(vault, new FakeFetcher({ [URL_A]: { body: html } })), options({ includeComments }));
    return splitFrontMatter(await vault.read(outcome.path!)).body;
  };
  const without = await clip(false);
  assert.doesNotMatch(without, /Comments|disagree|Why\?/);
  const withComments = await clip(true);
  assert.match(withComments, /\n## Comments\n\n> \*\*Alice\*\*\n>\n> I disagree with the second point\.\n\n> > \*\*Bob\*\*\n> >\n> > Why\?\n$/);
});

test('a saved page without an address is recognised by the hash of its bytes on the next import', async () => {
  const vault = new MemoryVault();
  const page = (title: string): ClipInput => ({ kind: 'html', name: `${title}.html`, bytes: new TextEncoder().encode(articlePage(title)) });
  const first = await clipOne(page('Offline'), deps(vault, new FakeFetcher({})), options());
  assert.equal(first.status, 'created');
  const front = parseFrontMatter(await vault.read(first.path!))!;
  assert.ok(!('source' in front));
  assert.match(String(front.source_hash), /^sha256:[0-9a-f]{64}$/);
  assert.deepEqual(await clipOne(page('Offline'), deps(vault, new FakeFetcher({})), options()), {
    input: 'Offline.html',
    status: 'skipped',
    path: first.path,
    error: `already clipped as ${first.path}`,
  });
  assert.equal((await clipOne(page('Offline'), deps(vault, new FakeFetcher({})), options({ onDuplicate: 'update' }))).status, 'updated');
  assert.equal((await clipOne(page('Offline'), deps(vault, new FakeFetcher({})), options({ onDuplicate: 'keep-both' }))).path, 'Clippings/Offline (2).md');
  assert.equal((await clipOne(page('Other'), deps(vault, new FakeFetcher({})), options())).status, 'created');
  assert.equal([...vault.files.keys()].filter((p) => p.endsWith('.md')).length, 3);
});

test('two copies of one saved page in one import make one note', async () => {
  const vault = new MemoryVault();
  const bytes = new TextEncoder().encode(articlePage('Twice'));
  const outcomes = await clipMany(
    [{ kind: 'html', name: 'a/Twice.html', bytes }, { kind: 'html', name: 'b/Twice.html', bytes }],
    deps(vault, new FakeFetcher({})),
    options(),
  );
  assert.deepEqual(outcomes.map((o) => o.status), ['created', 'skipped']);
  assert.equal(vault.files.size, 1);
});

test('relative links and images resolve against <base href>, itself resolved against the page', async () => {
  const links = '<p>See <a href="rel/page">this</a>, <a href="/root">that</a> and <img src="pic.png" alt="p"> and <a href="//cdn.example/x">cdn</a>.</p>';
  const clip = async (head: string, input: ClipInput) => {
    const vault = new MemoryVault();
    const outcome = await clipOne(input, deps(vault, new FakeFetcher({ [URL_A]: { body: articlePage('Based', links, head) } })), options());
    return splitFrontMatter(await vault.read(outcome.path!)).body;
  };
  const absolute = await clip('<base href="https://mirror.example/base/">', { kind: 'url', url: URL_A });
  assert.match(absolute, /\[this\]\(https:\/\/mirror\.example\/base\/rel\/page\), \[that\]\(https:\/\/mirror\.example\/root\) and !\[p\]\(https:\/\/mirror\.example\/base\/pic\.png\) and \[cdn\]\(https:\/\/cdn\.example\/x\)/);
  const relative = await clip('<base href="/docs/">', { kind: 'url', url: URL_A });
  assert.match(relative, /\[this\]\(https:\/\/blog\.example\/docs\/rel\/page\)/);
  const script = await clip('<base href="javascript:alert(1)//">', { kind: 'url', url: URL_A });
  assert.match(script, /\[this\]\(https:\/\/blog\.example\/posts\/rel\/page\)/);
  const saved = await clip('<link rel="canonical" href="https://origin.example/a/post">', {
    kind: 'html',
    name: 'saved.html',
    bytes: new TextEncoder().encode(articlePage('Based', links, '<link rel="canonical" href="https://origin.example/a/post">')),
  });
  assert.match(saved, /\[this\]\(https:\/\/origin\.example\/a\/rel\/page\), \[that\]\(https:\/\/origin\.example\/root\)/);
});
