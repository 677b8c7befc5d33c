// USE-lite in a Web Worker in Chromium, started the way Obsidian starts it: the worker bundled to
// a string, run from a Blob URL, wasm inlined. Its vectors must equal the Node embedder's.
import '@tensorflow/tfjs-backend-wasm';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import esbuild, { type Plugin } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chooseBackend } from '../../../src/embed/choose-backend';
import { loadUseModel } from '../../../src/embed/load-use-model';
import { UseEmbedder } from '../../../src/embed/use-embedder';
import { verifyModelFiles } from '../../../src/embed/verify-model';
import { folderModelSource, installedPackageModelDir } from '../../../src/embed/node/folder-model-source';

const CHROMIUM = '/usr/bin/chromium';
const modelDir = installedPackageModelDir() as string;
const missing = !existsSync(CHROMIUM);
if (missing && process.env.CI === 'true') throw new Error(`Chromium is missing at ${CHROMIUM}`);
const skip = missing ? `Chromium is not installed at ${CHROMIUM}` : false;

/** The same bundling as esbuild.config.mjs: the worker becomes a string module. */
const embedWorkerSource: Plugin = {
  name: 'embed-worker-source',
  setup(build) {
    build.onResolve({ filter: /^kindred:embed-worker-source$/ }, (args) => ({ path: args.path, namespace: 'embed-worker' }));
    build.onLoad({ filter: /.*/, namespace: 'embed-worker' }, async () => {
      const worker = await esbuild.build({
        entryPoints: ['src/embed/browser/embed-worker.ts'],
        bundle: true,
        write: false,
        format: 'iife',
        target: 'es2018',
        platform: 'browser',
        loader: { '.wasm': 'binary' },
        define: { 'process.env.NODE_ENV': '"production"' },
      });
      return { contents: `export default ${JSON.stringify(worker.outputFiles[0].text)};`, loader: 'js' };
    });
  },
};

let server: Server;
let browser: Browser;
let page: Page;

test.before(async () => {
  if (skip) return;
  const bundle = await esbuild.build({
    entryPoints: ['test/embed/browser/page-entry.ts'],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2018',
    platform: 'browser',
    plugins: [embedWorkerSource],
  });
  const pageScript = bundle.outputFiles[0].text;
  server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url === '/') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<script src="/page.js"></script>');
    if (url === '/page.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(pageScript);
    const file = /^\/(model|damaged)\/([\w.-]+)$/.exec(url);
    if (!file) return void res.writeHead(404).end();
    readFile(join(modelDir, file[2])).then(
      (bytes) => {
        if (file[1] === 'damaged' && file[2] === 'vocab.json') bytes[500] ^= 1;
        res.writeHead(200).end(bytes);
      },
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
});

test.after(async () => {
  await browser?.close();
  server?.close();
});

const texts = ['The map is not the territory.', '', 'Rationalists should win.'];

test('the Web Worker embedder gives the Node embedder’s vectors on wasm', { skip }, async () => {
  const result = await page.evaluate(
    ([t]) => (window as unknown as { embedInPage: (p: string, t: string[], b: string) => Promise<{ backend: string; vectors: number[][] }> }).embedInPage('/model', t, 'wasm'),
    [texts] as const,
  );
  assert.equal(result.backend, 'wasm');
  await chooseBackend('wasm', ['wasm']);
  const node = new UseEmbedder(await loadUseModel(await verifyModelFiles(folderModelSource(modelDir))));
  const expected = await node.embed(texts);
  assert.equal(result.vectors.length, texts.length);
  result.vectors.forEach((v, i) => {
    const maxDiff = Math.max(...v.map((x, j) => Math.abs(x - expected[i][j])));
    assert.ok(maxDiff < 1e-4, `text ${i} differs by ${maxDiff}`);
  });
  await node.dispose();
});

test('two Web Workers give the one worker’s vectors, in input order; on webgl the pool stays at one', { skip }, async () => {
  type Embed = (p: string, t: string[], b: string, w: number) => Promise<{ backend: string; workers: number; vectors: number[][] }>;
  const many = ['one', 'A longer passage about maps and territories, and the difference.', '', 'three', 'four words here now', 'six'];
  const [one, two, gl] = await page.evaluate(
    async ([t]) => {
      const embed = (window as unknown as { embedInPage: Embed }).embedInPage;
      return [await embed('/model', t, 'wasm', 1), await embed('/model', t, 'wasm', 2), await embed('/model', t.slice(0, 1), 'auto', 2)];
    },
    [many] as const,
  );
  assert.equal(one.workers, 1);
  assert.equal(two.workers, 2);
  assert.equal(two.vectors.length, many.length);
  two.vectors.forEach((v, i) => assert.ok(Math.max(...v.map((x, j) => Math.abs(x - one.vectors[i][j]))) < 1e-6, `text ${i}`));
  assert.deepEqual([gl.backend, gl.workers], ['webgl', 1]);
});

test('on auto, the worker picks webgl where Chromium offers it, with the same vectors', { skip }, async () => {
  const result = await page.evaluate(
    ([t]) => (window as unknown as { embedInPage: (p: string, t: string[], b: string) => Promise<{ backend: string; vectors: number[][] }> }).embedInPage('/model', t, 'auto'),
    [texts.slice(0, 1)] as const,
  );
  assert.equal(result.backend, 'webgl');
  await chooseBackend('wasm', ['wasm']);
  const node = new UseEmbedder(await loadUseModel(await verifyModelFiles(folderModelSource(modelDir))));
  const [expected] = await node.embed(texts.slice(0, 1));
  // WebGL may compute in lower precision (Chromium's software GL here): compare directions, not digits.
  const cosine = result.vectors[0].reduce((sum, x, j) => sum + x * expected[j], 0);
  assert.ok(cosine > 0.999, `webgl and wasm vectors have cosine ${cosine}`);
  await node.dispose();
});

test('a damaged file is refused in the browser too, naming it', { skip }, async () => {
  const failure = await page.evaluate(() =>
    (window as unknown as { embedInPage: (p: string, t: string[], b: string) => Promise<unknown> })
      .embedInPage('/damaged', ['x'], 'wasm')
      .then(
        () => 'loaded',
        (error: Error) => error.message,
      ),
  );
  assert.match(failure, /^vocab\.json does not match its pinned SHA-256: the file is damaged or not the expected version\. Looked in the test server at \/damaged\.$/);
});
