// Bulk import throughput and memory: a 2,000-post Substack archive imported from the loopback
// server (the archive in pages of 20, then each post from /api/v1/posts, through the whole clip
// pipeline into a vault on disk), pacing off, against the same 2,000 posts clipped one by one
// through `kindred import <folder>` of saved pages (the same HTML the import hands the clipper),
// in the same process. Items per second and peak heap (sampled every 20 ms, after a GC) for each.
// `npx tsx --expose-gc bench/import.bench.ts [--quick]` → bench/results/import.json
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../src/cli/main';
import { linkedomParser } from '../src/cli/linkedom-parser';
import { NodeFetcher } from '../src/cli/node-fetcher';
import { NodeVault } from '../src/cli/node-vault';
import { nodeClock } from '../src/cli/node-clock';
import { DEFAULT_CLIP_OPTIONS } from '../src/core/clip';
import { importPolicy, openImport, runImport } from '../src/core/import';
import { itemPage } from '../src/core/import/item-page';
import { FeedSource } from '../src/core/import/sources/feed';
import { ForumMagnumSource } from '../src/core/import/sources/forum-magnum';
import { SubstackSource } from '../src/core/import/sources/substack';
import { captureIO } from '../test/helpers/cli-io';
import { startImportApiServer } from '../test/helpers/import-api-server';
import { printTable } from './print-table';

const quick = process.argv.includes('--quick');
const POSTS = quick ? 200 : 2000;
const gc = (globalThis as { gc?: () => void }).gc;

/** Runs `work`, sampling the heap; returns seconds and the peak heap in MB. */
async function measure(work: () => Promise<void>): Promise<{ seconds: number; peakHeapMB: number; startHeapMB: number }> {
  gc?.();
  const startHeap = process.memoryUsage().heapUsed;
  let peak = startHeap;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  return { seconds, peakHeapMB: peak / 1048576, startHeapMB: startHeap / 1048576 };
}

async function main(): Promise<void> {
  const load = loadavg();
  const server = await startImportApiServer({ substackPosts: POSTS });
  const host = new URL(server.base).host;
  const sources = [new ForumMagnumSource([]), new SubstackSource([host]), new FeedSource()];
  const work = mkdtempSync(join(tmpdir(), 'kindred-import-bench-'));
  try {
    // 1. The archive, streamed from the API.
    const vaultA = join(work, 'vault-a');
    mkdirSync(vaultA);
    let created = 0;
    const imported = await measure(async () => {
      const opened = await openImport(`${server.base}/`, {}, { fetcher: new NodeFetcher(), clock: nodeClock, sources, policy: importPolicy({ pacing: false }) });
      const report = await runImport(opened!.listing, { vault: new NodeVault(vaultA), fetcher: opened!.fetcher, parser: linkedomParser, clock: nodeClock }, { clip: DEFAULT_CLIP_OPTIONS });
      created = report.outcomes.filter((o) => o.status === 'created').length;
      if (report.stopped) throw new Error(report.stopped.message);
    });
    if (created !== POSTS) throw new Error(`imported ${created} of ${POSTS}`);

    // 2. The same posts as saved pages, through `kindred import <folder>`.
    const pages = join(work, 'pages');
    mkdirSync(pages);
    for (const post of server.substack) {
      const html = itemPage({ url: post.canonical_url, title: post.title, load: () => Promise.reject(new Error('unused')) }, { html: post.body_html ?? '', known: { title: post.title } });
      writeFileSync(join(pages, `${post.slug}.html`), html);
    }
    const vaultB = join(work, 'vault-b');
    mkdirSync(join(vaultB, '.obsidian'), { recursive: true });
    const io = captureIO(work);
    let code = -1;
    const saved = await measure(async () => {
      code = await runCli(['import', pages, '--vault', vaultB], io);
    });
    if (code !== 0) throw new Error(`kindred import of saved pages exited ${code}: ${io.err().slice(0, 500)}`);

    const rows = [
      { path: `import of a ${POSTS}-post archive (loopback API, pacing off)`, items: POSTS, seconds: +imported.seconds.toFixed(1), items_per_s: +(POSTS / imported.seconds).toFixed(1), peak_heap_mb: Math.round(imported.peakHeapMB), heap_at_start_mb: Math.round(imported.startHeapMB) },
      { path: `kindred import of the same ${POSTS} saved pages`, items: POSTS, seconds: +saved.seconds.toFixed(1), items_per_s: +(POSTS / saved.seconds).toFixed(1), peak_heap_mb: Math.round(saved.peakHeapMB), heap_at_start_mb: Math.round(saved.startHeapMB) },
    ];
    printTable(rows);
    const summary = {
      posts: POSTS,
      importItemsPerSecond: rows[0].items_per_s,
      importPeakHeapMB: rows[0].peak_heap_mb,
      savedPagesItemsPerSecond: rows[1].items_per_s,
      savedPagesPeakHeapMB: rows[1].peak_heap_mb,
      throughputRatio: +(rows[0].items_per_s / rows[1].items_per_s).toFixed(2),
      requests: server.log.length,
      loadAverage: load.map((l) => +l.toFixed(1)),
      loadAverageAtEnd: loadavg().map((l) => +l.toFixed(1)),
    };
    process.stdout.write(`\nimport ÷ saved pages, items per second: ${summary.throughputRatio}; ${summary.requests} requests; load average ${summary.loadAverage.join(' ')} at start\n`);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/import.json', JSON.stringify({ quick, summary, rows }, null, 2) + '\n');
  } finally {
    await server.close();
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`import bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
