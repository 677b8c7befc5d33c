// Clip throughput on the saved fixture pages, no network: the median time per page through
// the whole clip (parse with linkedom, Defuddle, our turndown rules, front matter, vault write
// to memory), and the LessWrong page on its own. Baselines in the same process: Defuddle's own
// Node pipeline (`defuddle/node` with markdown: true) on the same linkedom documents, once with
// our memoised selector matching (the DOM we clip on) and once on stock linkedom (Defuddle's
// own path as it runs out of the box).
// `npx tsx bench/clip.bench.ts [--quick]` → bench/results/clip.json
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { clipOne, DEFAULT_CLIP_OPTIONS } from '../src/core/clip';
import { linkedomParser } from '../src/cli/linkedom-parser';
import { withStockSelectors } from '../src/cli/linkedom-selectors';
import { MemoryVault } from '../test/helpers/memory-vault';
import { printTable } from './print-table';

const quick = process.argv.includes('--quick');
const SHARED = join(__dirname, '../../shared/fixtures/html');
const DEFUDDLE = join(SHARED, 'defuddle/tests/fixtures');
const READABILITY = join(SHARED, 'readability/test/test-pages');
const LESSWRONG = 'general--lesswrong.com-s-N7nDePaNabJdnbXeE-p-vJFdjigzmcXMhNTsx.html';
const RUNS = quick ? 2 : 5;

if (!existsSync(DEFUDDLE)) {
  process.stderr.write(`clip bench: ${DEFUDDLE} is missing (../shared); nothing to measure\n`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
}

interface Page {
  name: string;
  bytes: Uint8Array;
  url: string;
}

const pages: Page[] = [];
for (const f of readdirSync(DEFUDDLE).filter((f) => f.endsWith('.html')).sort()) {
  pages.push({ name: f, bytes: new Uint8Array(readFileSync(join(DEFUDDLE, f))), url: `https://${f.replace(/\.html$/, '').split('--')[1]}/` });
}
if (!quick && existsSync(READABILITY)) {
  for (const d of readdirSync(READABILITY).sort()) {
    pages.push({ name: `readability/${d}`, bytes: new Uint8Array(readFileSync(join(READABILITY, d, 'source.html'))), url: 'http://fakehost/test/page.html' });
  }
}

const clock = { now: () => Date.now(), setTimeout: (fn: () => void) => (fn(), () => undefined) };
const offline = { fetch: () => Promise.reject(new Error('no network in the bench')) };

async function ours(page: Page): Promise<void> {
  const outcome = await clipOne(
    { kind: 'html', name: page.name, bytes: page.bytes, url: page.url },
    { vault: new MemoryVault(), fetcher: offline, parser: linkedomParser, clock },
    DEFAULT_CLIP_OPTIONS,
  );
  if (outcome.status !== 'created') throw new Error(`${page.name}: ${outcome.error}`);
}

type DefuddleNode = (doc: Document, url: string, options: { markdown: boolean }) => Promise<{ content: string }>;

async function main(): Promise<void> {
  const { Defuddle } = (await import('defuddle/node')) as unknown as { Defuddle: DefuddleNode };
  const baseline = async (page: Page): Promise<void> => {
    const doc = linkedomParser.parse(new TextDecoder().decode(page.bytes), page.url);
    await Defuddle(doc, page.url, { markdown: true });
  };
  const stockBaseline = (page: Page): Promise<void> => withStockSelectors(() => baseline(page));
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const time = async (fn: (p: Page) => Promise<void>, page: Page): Promise<number[]> => {
    await fn(page); // warm-up: JIT and lazy module loading are not a page's cost
    const out: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      await fn(page);
      out.push(performance.now() - start);
    }
    return out;
  };

  const rows: {
    page: string;
    kb: number;
    kindred_ms: number;
    defuddle_md_ms: number;
    ratio: number;
    defuddle_stock_ms: number;
    ratio_stock: number;
  }[] = [];
  for (const page of pages) {
    const a = median(await time(ours, page));
    const b = median(await time(baseline, page));
    const c = median(await time(stockBaseline, page));
    rows.push({
      page: page.name.slice(0, 58),
      kb: Math.round(page.bytes.length / 1024),
      kindred_ms: Math.round(a),
      defuddle_md_ms: Math.round(b),
      ratio: Number((a / b).toFixed(2)),
      defuddle_stock_ms: Math.round(c),
      ratio_stock: Number((a / c).toFixed(2)),
    });
  }
  printTable(rows);
  const medianPage = median(rows.map((r) => r.kindred_ms));
  const medianBaseline = median(rows.map((r) => r.defuddle_md_ms));
  const lesswrong = rows.find((r) => r.page.startsWith(LESSWRONG.slice(0, 58)));
  const summary = {
    pages: rows.length,
    runsPerPage: RUNS,
    medianPageMs: medianPage,
    medianPageBaselineMs: medianBaseline,
    medianRatio: Number(median(rows.map((r) => r.ratio)).toFixed(2)),
    medianPageStockBaselineMs: median(rows.map((r) => r.defuddle_stock_ms)),
    medianRatioStock: Number(median(rows.map((r) => r.ratio_stock)).toFixed(2)),
    lesswrongMs: lesswrong?.kindred_ms,
    lesswrongBaselineMs: lesswrong?.defuddle_md_ms,
    lesswrongStockBaselineMs: lesswrong?.defuddle_stock_ms,
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
    targetMedianUnder100ms: medianPage < 100,
    targetLesswrongUnder100ms: lesswrong ? lesswrong.kindred_ms < 100 : null,
  };
  process.stdout.write(
    `\nmedian page ${medianPage} ms (Defuddle's own pipeline on the same DOM ${medianBaseline} ms, median ratio ${summary.medianRatio}; ` +
      `on stock linkedom ${summary.medianPageStockBaselineMs} ms, median ratio ${summary.medianRatioStock}); ` +
      `LessWrong ${summary.lesswrongMs} ms (Defuddle's own ${summary.lesswrongBaselineMs} ms, stock ${summary.lesswrongStockBaselineMs} ms); ` +
      `target < 100 ms: median ${summary.targetMedianUnder100ms ? 'met' : 'missed'}, LessWrong ${summary.targetLesswrongUnder100ms ? 'met' : 'missed'}; ` +
      `load average ${summary.loadAverage.join(' ')}\n`,
  );
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'clip.json'), JSON.stringify({ quick, summary, rows }, null, 2) + '\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`clip bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
