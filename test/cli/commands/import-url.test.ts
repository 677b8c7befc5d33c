import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clipOne, DEFAULT_CLIP_OPTIONS } from '../../../src/core/clip';
import { FetchError } from '../../../src/core/ports';
import { runCli } from '../../../src/cli/main';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import { nodeClock } from '../../../src/cli/node-clock';
import { NodeFetcher } from '../../../src/cli/node-fetcher';
import { captureIO } from '../../helpers/cli-io';
import { startTestServer, type TestServer } from '../../helpers/http-server';
import { MemoryVault } from '../../helpers/memory-vault';

// URL clipping for real, over a loopback HTTP server: no internet, real sockets, real fetch.

const paragraph = '<p>A clipped article needs enough words for an extractor to call it the main content of the page.</p>';
const article = (title: string) => `<!DOCTYPE html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>${paragraph.repeat(4)}</article></body></html>`;

let server: TestServer;
before(async () => {
  const cp1252 = Uint8Array.from([...article('Caf\u00e9 \u201cnotes\u201d \u2014 5 \u20ac')].map((c) => ({ '\u201c': 0x93, '\u201d': 0x94, '\u2014': 0x97, '\u20ac': 0x80 })[c] ?? c.charCodeAt(0)));
  server = await startTestServer(
    { '/article': article('Loopback Article'), '/second': article('Second Article') },
    {
      '/cp1252': (r) => {
        r.status(200, { 'content-type': 'text/html; charset=windows-1252' });
        r.end(cp1252);
      },
    },
  );
});
after(() => server.close());

const fetcher = new NodeFetcher();
const request = (path: string, timeoutMs = 5000, maxBytes = 10 * 1024 * 1024) => fetcher.fetch({ url: server.base + path, timeoutMs, maxBytes });

test('NodeFetcher follows redirects and reports the final URL', async () => {
  const response = await request('/redirect-twice');
  assert.equal(response.status, 200);
  assert.equal(response.url, `${server.base}/article`);
  assert.match(new TextDecoder().decode(response.body), /Loopback Article/);
});

test('NodeFetcher resolves a 404 with its status (the caller decides)', async () => {
  const response = await request('/missing');
  assert.equal(response.status, 404);
  assert.equal(response.statusText, 'Not Found');
});

test('NodeFetcher gives up on a slow response after its timeout', async () => {
  await assert.rejects(request('/slow', 300), (e: unknown) => e instanceof FetchError && e.kind === 'timeout' && /timed out/.test(e.message));
});

test('NodeFetcher stops reading a 50 MB body at the 10 MB cap', async () => {
  await assert.rejects(request('/huge'), (e: unknown) => e instanceof FetchError && e.kind === 'too-large');
});

test('NodeFetcher reports an unreachable host as a network error', async () => {
  const closed = await startTestServer();
  const url = closed.base + '/gone';
  await closed.close();
  await assert.rejects(fetcher.fetch({ url, timeoutMs: 2000, maxBytes: 1000 }), (e: unknown) => e instanceof FetchError && e.kind === 'network');
});

test('clipping URLs over HTTP: created, 404, PDF, huge, windows-1252, redirect source', async () => {
  const vault = new MemoryVault();
  const deps = { vault, fetcher, parser: linkedomParser, clock: nodeClock };
  const clip = (path: string) => clipOne({ kind: 'url', url: server.base + path }, deps, DEFAULT_CLIP_OPTIONS);

  const created = await clip('/redirect');
  assert.equal(created.status, 'created', created.error);
  assert.equal((await vault.readFrontMatter(created.path!))?.source, `${server.base}/article`);

  assert.deepEqual(await clip('/missing'), { input: `${server.base}/missing`, status: 'failed', error: `404 Not Found from ${server.base}/missing` });
  assert.deepEqual(await clip('/paper.pdf'), { input: `${server.base}/paper.pdf`, status: 'failed', error: `not an HTML page (application/pdf): ${server.base}/paper.pdf` });
  assert.equal((await clip('/huge')).error, `the page is larger than 10 MB: ${server.base}/huge`);

  const latin = await clip('/cp1252');
  assert.equal(latin.status, 'created', latin.error);
  assert.equal((await vault.readFrontMatter(latin.path!))?.title, 'Café “notes” — 5 €');
  assert.deepEqual([...vault.files.keys()].sort(), [created.path, latin.path].sort());
});

test('kindred import with a .txt list: every outcome listed, exit 1 when one failed, --json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-import-url-'));
  mkdirSync(join(dir, '.obsidian'));
  try {
    writeFileSync(join(dir, 'list.txt'), `# to read\n${server.base}/article\n${server.base}/missing\n\n${server.base}/second\n`);
    const io = captureIO(dir);
    const code = await runCli(['import', 'list.txt', '--vault', '.', '--json'], { ...io, cwd: dir });
    assert.equal(code, 1);
    const { items } = JSON.parse(io.out()) as { items: { input: string; status: string; path?: string; error?: string }[] };
    assert.deepEqual(items, [
      { input: `${server.base}/article`, status: 'created', path: 'Clippings/Loopback Article.md' },
      { input: `${server.base}/missing`, status: 'failed', error: `404 Not Found from ${server.base}/missing` },
      { input: `${server.base}/second`, status: 'created', path: 'Clippings/Second Article.md' },
    ]);
    assert.deepEqual(readdirSync(join(dir, 'Clippings')).sort(), ['Loopback Article.md', 'Second Article.md']);
    assert.match(readFileSync(join(dir, 'Clippings', 'Second Article.md'), 'utf8'), /^---\ntitle: Second Article\n/);

    // Run again: both pages are duplicates now, so nothing is fetched and the exit code is 0.
    const before = server.requests.length;
    const again = captureIO(dir);
    const code2 = await runCli(['import', `${server.base}/article`, `${server.base}/second`, '--vault', '.'], { ...again, cwd: dir });
    assert.equal(code2, 0);
    assert.match(again.out(), /skipped .*already clipped as Clippings\/Loopback Article\.md/);
    assert.equal(server.requests.length, before);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
