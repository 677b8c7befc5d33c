/**
 * Starts the browser harness: a loopback HTTP server serving the harness page, the built
 * `main.js` and whatever pages a test needs, and Debian's Chromium driven by playwright-core
 * with a fresh profile. Nothing is downloaded; nothing leaves 127.0.0.1.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { build } from 'esbuild';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../../..');
export const SHARED = resolve(ROOT, '../shared');

/** A route the test server answers besides the harness itself. */
export type Route = { status?: number; type?: string; body: string | Uint8Array; headers?: Record<string, string> } | ((req: IncomingMessage, res: ServerResponse) => void);

export interface Harness {
  page: Page;
  context: BrowserContext;
  baseUrl: string;
  routes: Map<string, Route>;
  /** Every request path the server saw, to prove what was (not) fetched. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * Skips the test (with the reason) when Chromium or the shared fixtures are missing, except
 * under CI=true, where a missing prerequisite is a failure. Returns false when skipped.
 */
export function prerequisites(t: TestContext, needShared = true): boolean {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (apt-get install chromium)`);
  if (needShared && !existsSync(SHARED)) missing.push(`${SHARED} (the shared fixtures)`);
  if (!existsSync(join(ROOT, 'main.js'))) missing.push('main.js (run npm run build first)');
  if (missing.length === 0) return true;
  const message = `browser test needs ${missing.join(' and ')}`;
  if (process.env.CI === 'true') throw new Error(message);
  t.skip(message);
  return false;
}

let pageBundle: string | null = null;

async function harnessScript(): Promise<string> {
  if (pageBundle) return pageBundle;
  const out = await build({
    entryPoints: [join(__dirname, 'page.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  });
  pageBundle = out.outputFiles[0].text;
  return pageBundle;
}

/** Opens the harness page with the built plugin's files served next to it (not yet loaded). */
export async function startHarness(options: { routes?: Record<string, Route>; theme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}): Promise<Harness> {
  const script = await harnessScript();
  const css = readFileSync(join(__dirname, 'harness.css'), 'utf8') + '\n' + readFileSync(join(ROOT, 'styles.css'), 'utf8');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Kindred harness</title><style>${css}</style></head><body class="theme-${options.theme ?? 'light'}"><script src="/harness.js"></script></body></html>`;
  const routes = new Map<string, Route>(Object.entries(options.routes ?? {}));
  routes.set('/', { type: 'text/html; charset=utf-8', body: html });
  routes.set('/harness.js', { type: 'text/javascript', body: script });
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(path);
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof route === 'function') return route(req, res);
    res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers });
    res.end(route.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), 'kindred-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  const page = context.pages()[0] ?? (await context.newPage());
  // tsx compiles functions handed to page.evaluate with esbuild's keepNames helper; give the page one.
  await page.addInitScript('window.__name = (fn) => fn;');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/`);
  await page.waitForFunction(() => 'harness' in window);
  return {
    page,
    context,
    baseUrl,
    routes,
    requests,
    async close() {
      await context.close();
      await new Promise<void>((r) => server.close(() => r()));
      rmSync(profile, { recursive: true, force: true });
      if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    },
  };
}

/** The built plugin, as Obsidian would read it from the plugin folder. */
export function builtPlugin(): string {
  return readFileSync(join(ROOT, 'main.js'), 'utf8');
}

/** Loads the built plugin into the page and declares the layout ready. */
export async function loadPlugin(page: Page, data?: unknown): Promise<void> {
  await page.evaluate(
    async ([code, d]) => {
      await window.harness.loadPlugin(code, d ?? undefined);
      window.harness.layoutReady();
    },
    [builtPlugin(), data ?? null] as const,
  );
}

/** Loads the built plugin without declaring the layout ready (a test can set things up first). */
/**
 * Waits until the plugin's index has embedded `n` notes; on a timeout, the error says where the
 * plugin stood (status, model, index stats, notices), so a slow run is told from a stuck one.
 */
export async function waitForEmbeddedNotes(page: Page, n: number, timeout = 30_000): Promise<void> {
  try {
    await page.waitForFunction(
      (count) => (window.harness.plugin?.engine?.index as { stats(): { embeddedNotes: number } } | null)?.stats().embeddedNotes === count,
      n,
      { timeout },
    );
  } catch (e) {
    const state = await page.evaluate(() => JSON.stringify({ status: window.harness.plugin?.engine?.status, model: window.harness.plugin?.engine?.modelState, stats: (window.harness.plugin?.engine?.index as { stats(): unknown } | null)?.stats(), notices: window.harness.notices() }));
    throw new Error(`${String(e)}\n${state}`);
  }
}

/** Puts `notes` in the vault, loads the plugin with the fake embedder and waits until every note is embedded. */
export async function loadIndexedWithFakeEmbedder(page: Page, notes: Record<string, string>): Promise<void> {
  await page.evaluate((n) => window.harness.addFiles(n), notes);
  await loadPlugin(page);
  await page.evaluate(() => window.harness.useFakeEmbedder(32));
  await waitForEmbeddedNotes(page, Object.keys(notes).length);
}

/** Unloads the plugin and waits for the index to close: its last save, then its lock gone. */
export async function unloadAndWaitForClose(page: Page): Promise<void> {
  await page.evaluate(() => window.harness.unloadPlugin());
  await page.waitForFunction(() => !window.harness.pluginFiles().includes('index.lock'), undefined, { timeout: 30_000 });
}

export async function loadPluginWithoutLayout(page: Page, data?: unknown): Promise<void> {
  await page.evaluate(([code, d]) => window.harness.loadPlugin(code, d ?? undefined), [builtPlugin(), data ?? null] as const);
}

/**
 * Saves a test's screenshot into test/artifacts/screenshots/ (ignored by git), for a person to
 * look at after a run. The README's pictures are made on purpose by `npm run screenshots`, on
 * real essays with the real model; a test never rewrites a tracked file.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const folder = join(ROOT, 'test', 'artifacts', 'screenshots');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
