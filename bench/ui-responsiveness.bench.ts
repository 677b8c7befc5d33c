/**
 * Responsiveness of the plugin inside the browser harness (Chromium, built main.js, fake embedder):
 *  1. while 1,000 notes are indexed, main-thread tasks over 50 ms (PerformanceObserver 'longtask');
 *  2. with 10,000 notes indexed, the time from switching notes until the related pane shows the
 *     new note's answer (p50 / p95 / max over 40 switches).
 * `npx tsx bench/ui-responsiveness.bench.ts [--quick] [--profile | --index-only]` (quick: 300 and
 * 1,000 notes; index-only: part 1 printed, nothing written).
 * Needs `npm run build` and /usr/bin/chromium. Writes bench/results/ui-responsiveness.json.
 * `--profile` runs the indexing part only, on an unminified build under the CPU profiler, and
 * prints which functions each main-thread stretch over 50 ms spent its time in (the profiler
 * itself slows the page, so its durations are not the figures to report).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtPlugin, startHarness } from '../test/browser/harness/browser-harness';
import { startProfiling, stopProfiling, unminifiedPlugin } from '../test/browser/harness/cpu-profile';
import { printTable } from './print-table';
import { proseParagraphs, readEssaysOrExit } from './sequences-passages';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
/** Only the long-task part, printed, no results file (for quick checks while working). */
const indexOnly = process.argv.includes('--index-only');
const INDEX_NOTES = quick ? 300 : 1000;
const SWITCH_NOTES = quick ? 1000 : 10_000;
const SWITCHES = 40;

/** Deterministic notes cut from the Sequences: a title, two sections of three paragraphs each. */
function makeNotes(n: number, paragraphs: string[]): Record<string, string> {
  let seed = 12345;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % paragraphs.length;
  const notes: Record<string, string> = {};
  for (let i = 0; i < n; i++) {
    const parts = [`# Note ${i}`, '', '## First part', '', paragraphs[next()], '', paragraphs[next()], '', paragraphs[next()], '', '## Second part', '', paragraphs[next()], '', paragraphs[next()], '', paragraphs[next()]];
    notes[`Folder ${i % 20}/Note ${i}.md`] = parts.join('\n');
  }
  return notes;
}

async function indexAndWait(page: import('playwright-core').Page, n: number): Promise<number> {
  const started = Date.now();
  // From a timer task, as in Obsidian: work started inside page.evaluate would run in the
  // DevTools evaluation task, which the longtask observer does not report.
  await page.evaluate(() => {
    setTimeout(() => {
      window.harness.useFakeEmbedder(64);
      window.harness.layoutReady();
      // Records the index's phases, to say which part of a sync a long task belongs to.
      const w = window as unknown as { phases: { phase: string; at: number }[] };
      w.phases = [];
      const id = setInterval(() => {
        const index = window.harness.plugin?.engine?.index as { onProgress(l: (p: { phase: string }) => void): void } | null;
        if (!index) return;
        clearInterval(id);
        index.onProgress((p) => {
          if (w.phases.at(-1)?.phase !== p.phase) w.phases.push({ phase: p.phase, at: performance.now() });
        });
      }, 1);
    }, 0);
  });
  await page.waitForFunction(
    (count) => (window.harness.plugin?.engine?.index as { stats(): { embeddedNotes: number } } | null)?.stats().embeddedNotes === count,
    n,
    { timeout: 1_800_000, polling: 1000 },
  );
  return (Date.now() - started) / 1000;
}

async function main(): Promise<void> {
  const paragraphs = proseParagraphs(readEssaysOrExit());

  // 1. Long tasks while indexing.
  let h = await startHarness();
  await h.page.evaluate(() => {
    const w = window as unknown as { longtasks: { start: number; duration: number }[] };
    w.longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });
  await h.page.evaluate((notes) => window.harness.addFiles(notes), makeNotes(INDEX_NOTES, paragraphs));
  const code = profile ? await unminifiedPlugin() : builtPlugin();
  // Anonymous functions in the profile are named by their line in this file.
  if (profile) writeFileSync(join(tmpdir(), 'kindred-profiled-main.js'), code);
  await h.page.evaluate((c) => window.harness.loadPlugin(c), code);
  // Proves the observer sees long tasks here: an 80 ms busy loop before indexing must show up.
  await h.page.evaluate(() => {
    setTimeout(() => {
      const end = performance.now() + 80;
      while (performance.now() < end);
    }, 0);
  });
  await new Promise((r) => setTimeout(r, 200));
  const t0 = await h.page.evaluate(() => performance.now());
  const probeSeen = await h.page.evaluate((since) => (window as unknown as { longtasks: { start: number; duration: number }[] }).longtasks.some((t) => t.start < since && t.duration >= 75), t0);
  if (!probeSeen) throw new Error('the longtask observer did not see an 80 ms task: the figures below would mean nothing');
  const profiler = profile ? await startProfiling(h.page) : null;
  const indexSeconds = await indexAndWait(h.page, INDEX_NOTES);
  // Long tasks may still come from the save after the last batch.
  await new Promise((r) => setTimeout(r, 3000));
  const tasks = await h.page.evaluate((since) => {
    const w = window as unknown as { longtasks: { start: number; duration: number }[]; phases: { phase: string; at: number }[] };
    // A task belongs to the last phase announced before it ended.
    return w.longtasks
      .filter((t) => t.start >= since)
      .map((t) => ({ ...t, phase: w.phases.filter((p) => p.at <= t.start + t.duration).at(-1)?.phase ?? 'opening' }));
  }, t0);
  if (profiler) {
    const profiled = await stopProfiling(profiler, tasks.filter((t) => t.duration > 50));
    await h.close();
    for (const t of profiled) {
      process.stdout.write(`\n${t.duration.toFixed(0)} ms at ${t.start.toFixed(0)} ms\n  inclusive: ${t.inclusive.map((f) => `${f.fn} ${f.ms}`).join(', ')}\n  self: ${t.self.map((f) => `${f.fn} ${f.ms}`).join(', ')}\n`);
    }
    process.stdout.write(`\n${profiled.length} tasks over 50 ms while indexing ${INDEX_NOTES} notes (${indexSeconds.toFixed(1)} s, under the profiler)\n`);
    return;
  }
  await h.close();
  const over50 = tasks.filter((t) => t.duration > 50);
  const longest = tasks.reduce((m, t) => Math.max(m, t.duration), 0);
  if (indexOnly) {
    process.stdout.write(`index ${INDEX_NOTES} notes: ${indexSeconds.toFixed(1)} s; tasks over 50 ms: ${over50.map((t) => `${t.phase} ${t.duration.toFixed(0)} ms`).join(', ') || 'none'}\n`);
    return;
  }

  // 2. Pane update after a switch, at 10,000 notes.
  h = await startHarness();
  const notes = makeNotes(SWITCH_NOTES, paragraphs);
  await h.page.evaluate((n) => window.harness.addFiles(n), notes);
  await h.page.evaluate((c) => window.harness.loadPlugin(c), builtPlugin());
  const bigIndexSeconds = await indexAndWait(h.page, SWITCH_NOTES);
  await h.page.evaluate(() => window.harness.runCommand('kindred:open-related-notes'));
  const paths = Object.keys(notes);
  const picks = Array.from({ length: SWITCHES + 1 }, (_, i) => paths[(i * 7919) % paths.length]);
  const times: number[] = await h.page.evaluate(async (list) => {
    const pane = () => document.querySelector<HTMLElement>('.kindred-related')!;
    const settled = (p: string) => pane().dataset.path === p && pane().dataset.state === 'answer';
    const out: number[] = [];
    for (const [i, p] of list.entries()) {
      const start = performance.now();
      const done = new Promise<void>((resolve) => {
        const check = () => {
          if (settled(p)) {
            observer.disconnect();
            resolve();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(pane(), { attributes: true, attributeFilter: ['data-state', 'data-path'] });
      });
      await window.harness.openNote(p);
      await done;
      // The first switch warms caches; it is not counted.
      if (i > 0) out.push(performance.now() - start);
      await new Promise((r) => setTimeout(r, 250));
    }
    return out;
  }, picks);
  await h.close();
  times.sort((a, b) => a - b);
  const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];

  const rows = [
    { measure: `index ${INDEX_NOTES} notes (fake embedder)`, value: `${indexSeconds.toFixed(1)} s` },
    { measure: 'long tasks (> 50 ms) while indexing', value: String(over50.length) },
    { measure: 'longest main-thread task while indexing', value: `${longest.toFixed(0)} ms` },
    { measure: 'long tasks by index phase', value: over50.map((t) => `${t.phase} ${t.duration.toFixed(0)} ms`).join(', ') || 'none' },
    { measure: `index ${SWITCH_NOTES} notes (fake embedder)`, value: `${bigIndexSeconds.toFixed(1)} s` },
    { measure: `pane update after a switch at ${SWITCH_NOTES} notes, p50`, value: `${pct(0.5).toFixed(1)} ms` },
    { measure: 'same, p95', value: `${pct(0.95).toFixed(1)} ms` },
    { measure: 'same, max', value: `${times[times.length - 1].toFixed(1)} ms` },
  ];
  printTable(rows);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', 'ui-responsiveness.json'),
    JSON.stringify({ quick, indexNotes: INDEX_NOTES, indexSeconds, longTasksOver50: over50.length, longestTaskMs: longest, longTasks: tasks, switchNotes: SWITCH_NOTES, bigIndexSeconds, switchMs: times, p50: pct(0.5), p95: pct(0.95) }, null, 2),
  );
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
