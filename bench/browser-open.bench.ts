/**
 * Opening a large index inside Obsidian's engine: the built plugin in the browser harness
 * (Debian's Chromium), the scale vault of `index-scale` (50,000 notes of about 950 words, fake
 * embedder at 512 dimensions, so about 346,000 passages), indexed once in the page and saved;
 * the plugin is then unloaded and loaded again, as at Obsidian's next start. From that load
 * until the first sync after it has ended, every main-thread task over 50 ms is recorded
 * (PerformanceObserver 'longtask', which counts the garbage collection inside a task), with the
 * times at which related notes, the first keyword bucket, every keyword bucket and the passages
 * became available.
 *
 * `index-scale` measures the same open in Node, where the event loop's longest hold is timed
 * from a 5 ms interval; this bench is the figure for "the plugin never blocks Obsidian", since
 * Chromium schedules its garbage collector around the page's tasks and idle time, and Node
 * does not.
 *
 * `npx tsx bench/browser-open.bench.ts [--quick | --notes N] [--profile]` (quick: 2,000 notes;
 * `--profile` names the functions each long task's time went to, on an unminified build). Needs
 * `npm run build` and /usr/bin/chromium; building 50,000 notes in the page takes several
 * minutes. A full run writes bench/results/browser-open.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { builtPlugin, startHarness, unloadAndWaitForClose } from '../test/browser/harness/browser-harness';
import { startProfiling, stopProfiling, unminifiedPlugin } from '../test/browser/harness/cpu-profile';
import { checkLongTaskObserver, longTasksSince, observeLongTasks } from './long-tasks';
import { printTable } from './print-table';
import { proseParagraphs, readEssaysOrExit } from './sequences-passages';
import { essayHeadings, scaleNotes } from './synthetic-notes';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const notesArg = process.argv.indexOf('--notes');
const NOTES = notesArg > 0 ? Number(process.argv[notesArg + 1]) : quick ? 2000 : 50_000;
const DIMS = 512;

interface IndexLike {
  stats(): { embeddedNotes: number };
  onProgress(l: (p: { phase: string }) => void): () => void;
  keywordParts(): { searched: number } | null;
  whenVectorsReady(): Promise<void>;
  whenKeywordReady(): Promise<void>;
}

/** Puts the scale vault in the page, 1,000 notes per message. */
async function addScaleVault(page: Page): Promise<void> {
  const essays = readEssaysOrExit();
  let batch: Record<string, string> = {};
  let size = 0;
  for (const note of scaleNotes(NOTES, proseParagraphs(essays), essayHeadings(essays))) {
    batch[note.path] = note.text;
    if (++size % 1000 === 0) {
      await page.evaluate((n) => window.harness.addFiles(n), batch);
      batch = {};
    }
  }
  await page.evaluate((n) => window.harness.addFiles(n), batch);
}

/**
 * Loads the plugin from a timer task (work started inside page.evaluate would run in the
 * DevTools evaluation task, which the longtask observer does not report), with the fake
 * embedder handed over as soon as the engine exists, and records the index's phases.
 */
async function loadFromTimer(page: Page, plugin: string): Promise<number> {
  return page.evaluate(
    ([code, dims]) => {
      const w = window as unknown as { phases: { phase: string; at: number }[]; opened: Record<string, number> };
      w.phases = [];
      w.opened = {};
      const t0 = performance.now();
      setTimeout(() => {
        void window.harness.loadPlugin(code).then(() => {
          window.harness.useFakeEmbedder(dims);
          window.harness.layoutReady();
        });
        const mark = (what: string) => (w.opened[what] ??= performance.now() - t0);
        // Polled from a timer of its own, a task that costs next to nothing.
        const id = setInterval(() => {
          const index = (window.harness.plugin?.engine?.index ?? null) as IndexLike | null;
          if (!index) return;
          if (!w.opened.related) {
            mark('related');
            index.onProgress((p) => {
              if (w.phases.at(-1)?.phase !== p.phase) w.phases.push({ phase: p.phase, at: performance.now() });
              if (p.phase === 'idle' && w.opened.related) mark('firstSyncDone');
            });
            void index.whenVectorsReady().then(() => mark('passages'));
            void index.whenKeywordReady().then(() => {
              mark('keywordFirst');
              mark('keywordAll');
            });
          }
          if ((index.keywordParts()?.searched ?? 1) > 0) mark('keywordFirst');
          if (w.opened.keywordFirst && w.opened.passages && w.opened.keywordAll) clearInterval(id);
        }, 5);
      }, 0);
      return t0;
    },
    [plugin, DIMS] as const,
  );
}

async function main(): Promise<void> {
  const load = loadavg()[0];
  const h = await startHarness();
  try {
    const page = h.page;
    const built = Date.now();
    await addScaleVault(page);
    await page.evaluate(async (c) => window.harness.loadPlugin(c), builtPlugin());
    await page.evaluate((d) => {
      window.harness.useFakeEmbedder(d);
      window.harness.layoutReady();
    }, DIMS);
    await page.waitForFunction((n) => (window.harness.plugin?.engine?.index as IndexLike | null)?.stats().embeddedNotes === n, NOTES, { timeout: 3_600_000, polling: 2000 });
    await unloadAndWaitForClose(page);
    const buildSeconds = (Date.now() - built) / 1000;
    process.stderr.write(`indexed and saved ${NOTES} notes in the page in ${buildSeconds.toFixed(0)} s; opening again\n`);
    await new Promise((r) => setTimeout(r, 2000));

    await observeLongTasks(page);
    await checkLongTaskObserver(page);
    const profiler = profile ? await startProfiling(page) : null;
    const t0 = await loadFromTimer(page, profile ? await unminifiedPlugin() : builtPlugin());
    await page.waitForFunction(() => {
      const o = (window as unknown as { opened: Record<string, number> }).opened;
      return o.firstSyncDone !== undefined && o.passages !== undefined && o.keywordAll !== undefined;
    }, undefined, { timeout: 600_000, polling: 500 });
    // Long tasks may still come from the sync's last save.
    await new Promise((r) => setTimeout(r, 3000));
    const opened = await page.evaluate(() => (window as unknown as { opened: Record<string, number> }).opened);
    const tasks = await longTasksSince(page, t0);
    const embeddedAgain = await page.evaluate(() => (window.harness.plugin?.engine?.index as IndexLike | null)?.stats().embeddedNotes ?? 0);
    if (embeddedAgain !== NOTES) throw new Error(`the reopened index holds ${embeddedAgain} embedded notes, not ${NOTES}`);
    const over50 = tasks.filter((t) => t.duration > 50);
    if (profiler) {
      for (const t of await stopProfiling(profiler, over50)) {
        process.stdout.write(`\nlong task ${t.duration.toFixed(0)} ms at ${t.start.toFixed(0)} ms\n  inclusive: ${t.inclusive.map((f) => `${f.fn} ${f.ms}`).join(', ')}\n  self: ${t.self.map((f) => `${f.fn} ${f.ms}`).join(', ')}\n`);
      }
    }
    const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
    const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
    printTable([
      { measure: 'load average (1 min) at start, 2 cores', value: load.toFixed(1) },
      { measure: `notes (fake embedder, ${DIMS} dimensions); built and saved in the page in`, value: `${NOTES}; ${buildSeconds.toFixed(0)} s` },
      { measure: 'plugin load → related notes answer', value: s(opened.related) },
      { measure: 'plugin load → keyword search answers (first bucket)', value: s(opened.keywordFirst) },
      { measure: 'plugin load → every keyword bucket', value: s(opened.keywordAll) },
      { measure: 'plugin load → passages', value: s(opened.passages) },
      { measure: 'plugin load → first sync ended', value: s(opened.firstSyncDone) },
      { measure: 'main-thread tasks over 50 ms, load to first sync ended', value: String(over50.length) },
      { measure: 'longest main-thread task', value: `${longest.toFixed(0)} ms` },
      { measure: 'long tasks by phase (longest 6)', value: [...over50].sort((a, b) => b.duration - a.duration).slice(0, 6).map((t) => `${t.phase} ${t.duration.toFixed(0)} ms`).join(', ') || 'none' },
    ]);
    if (quick || profile || notesArg > 0) return;
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(join(__dirname, 'results', 'browser-open.json'), JSON.stringify({ loadAverage: load, notes: NOTES, dims: DIMS, buildSeconds, openedMs: opened, longTasksOver50: over50.length, longestTaskMs: longest, longTasks: tasks }, null, 2) + '\n');
  } finally {
    await h.close();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
