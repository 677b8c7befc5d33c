// Clip throughput on the saved fixture pages, no network: the median time per page through
// the whole clip (parse with linkedom, Defuddle, our turndown rules, front matter, vault write
// to memory), and the LessWrong page on its own. Baselines in the same process: Defuddle's own
// Node pipeline (`defuddle/node` with markdown: true) on the same linkedom documents, once with
// the CLI's cached selector matching (the DOM we clip on) and once on stock linkedom (Defuddle's
// own path as it runs out of the box). Our own clip on stock linkedom is measured too: the
// speed-up the selector cache gives.
// `npx tsx bench/clip.bench.ts [--quick]` → bench/results/clip.json
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { clipOne, DEFAULT_CLIP_OPTIONS } from '../src/core/clip';
import { linkedomParser } from '../src/cli/linkedom-parser';
import { installSelectorCache, withStockSelectors } from '../src/cli/linkedom-selectors';
import { MemoryVault } from '../test/helpers/memory-vault';
import { printTable } from './print-table';

const quick = process.argv.includes('--quick');
// As the CLI's start does.
if (!installSelectorCache()) throw new Error('clip bench: this linkedom version has no selector cache');
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
  // The three pipelines run in turn on each page, so a change in the machine's load (CPU is
  // shared) hits them alike. Wall time and this process's CPU time are both kept; ratios use
  // CPU time, which other processes on the machine disturb far less.
  const oursOnStock = (page: Page): Promise<void> => withStockSelectors(() => ours(page));
  const pipelines = [ours, baseline, stockBaseline, oursOnStock];
  const measure = async (page: Page): Promise<{ wall: number[]; cpu: number[] }[]> => {
    for (const fn of pipelines) await fn(page); // warm-up: JIT and lazy module loading are not a page's cost
    const samples = pipelines.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
    for (let i = 0; i < RUNS; i++) {
      for (const [k, fn] of pipelines.entries()) {
        const cpu = process.cpuUsage();
        const start = performance.now();
        await fn(page);
        samples[k].wall.push(performance.now() - start);
        const used = process.cpuUsage(cpu);
        samples[k].cpu.push((used.user + used.system) / 1000);
      }
    }
    return samples;
  };

  const rows: {
    page: string;
    kb: number;
    kindred_ms: number;
    kindred_cpu_ms: number;
    defuddle_md_cpu_ms: number;
    ratio: number;
    defuddle_stock_cpu_ms: number;
    ratio_stock: number;
    kindred_stock_cpu_ms: number;
  }[] = [];
  for (const page of pages) {
    const [a, b, c, d] = await measure(page);
    const [aCpu, bCpu, cCpu] = [median(a.cpu), median(b.cpu), median(c.cpu)];
    rows.push({
      page: page.name.slice(0, 58),
      kb: Math.round(page.bytes.length / 1024),
      kindred_ms: Math.round(median(a.wall)),
      kindred_cpu_ms: Math.round(aCpu),
      defuddle_md_cpu_ms: Math.round(bCpu),
      ratio: Number((aCpu / bCpu).toFixed(2)),
      defuddle_stock_cpu_ms: Math.round(cCpu),
      ratio_stock: Number((aCpu / cCpu).toFixed(2)),
      kindred_stock_cpu_ms: Math.round(median(d.cpu)),
    });
  }
  printTable(rows);
  const medianPage = median(rows.map((r) => r.kindred_ms));
  const medianCpu = median(rows.map((r) => r.kindred_cpu_ms));
  const lesswrong = rows.find((r) => r.page.startsWith(LESSWRONG.slice(0, 58)));
  const summary = {
    pages: rows.length,
    runsPerPage: RUNS,
    medianPageMs: medianPage,
    medianPageCpuMs: medianCpu,
    medianPageBaselineCpuMs: median(rows.map((r) => r.defuddle_md_cpu_ms)),
    medianRatio: Number(median(rows.map((r) => r.ratio)).toFixed(2)),
    medianPageStockBaselineCpuMs: median(rows.map((r) => r.defuddle_stock_cpu_ms)),
    medianRatioStock: Number(median(rows.map((r) => r.ratio_stock)).toFixed(2)),
    medianPageOursOnStockCpuMs: median(rows.map((r) => r.kindred_stock_cpu_ms)),
    medianSpeedupOverStock: Number(median(rows.map((r) => r.kindred_stock_cpu_ms / Math.max(1, r.kindred_cpu_ms))).toFixed(2)),
    lesswrongMs: lesswrong?.kindred_ms,
    lesswrongCpuMs: lesswrong?.kindred_cpu_ms,
    lesswrongBaselineCpuMs: lesswrong?.defuddle_md_cpu_ms,
    lesswrongStockBaselineCpuMs: lesswrong?.defuddle_stock_cpu_ms,
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
    targetMedianUnder100ms: medianPage < 100,
    targetMedianCpuUnder100ms: medianCpu < 100,
    targetLesswrongUnder100ms: lesswrong ? lesswrong.kindred_ms < 100 : null,
  };
  process.stdout.write(
    `\nmedian page ${medianPage} ms wall, ${medianCpu} ms CPU (Defuddle's own pipeline on the same DOM ${summary.medianPageBaselineCpuMs} ms CPU, median ratio ${summary.medianRatio}; ` +
      `on stock linkedom ${summary.medianPageStockBaselineCpuMs} ms CPU, median ratio ${summary.medianRatioStock}; ` +
      `our clip on stock linkedom ${summary.medianPageOursOnStockCpuMs} ms CPU, median speed-up ${summary.medianSpeedupOverStock}x); ` +
      `LessWrong ${summary.lesswrongMs} ms wall, ${summary.lesswrongCpuMs} ms CPU (Defuddle's own ${summary.lesswrongBaselineCpuMs} ms, stock ${summary.lesswrongStockBaselineCpuMs} ms CPU); ` +
      `target < 100 ms: median ${summary.targetMedianUnder100ms ? 'met' : 'missed'} (CPU ${summary.targetMedianCpuUnder100ms ? 'met' : 'missed'}), LessWrong ${summary.targetLesswrongUnder100ms ? 'met' : 'missed'}; ` +
      `load average ${summary.loadAverage.join(' ')}\n`,
  );
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'clip.json'), JSON.stringify({ quick, summary, rows }, null, 2) + '\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`clip bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
