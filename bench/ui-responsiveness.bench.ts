/**
 * Responsiveness of the plugin inside the browser harness (Chromium, built main.js, fake embedder):
 *  1. while 1,000 notes are indexed, main-thread tasks over 50 ms (PerformanceObserver 'longtask');
 *  2. with 10,000 notes indexed, the time from switching notes until the related pane shows a
 *     list for the new note (the vectors' first list), and until it shows the full answer
 *     (p50 / p95 / max over 40 switches); also the engine's share of the latter (`data-answer-ms`);
 *  3. in the same vault, the map of related notes (25 neighbours) drawn for 20 notes in turn:
 *     main-thread tasks over 50 ms while it draws, and the time from the switch to the drawn map.
 * `npx tsx bench/ui-responsiveness.bench.ts [--quick] [--index-only | --switch-only | --map-only] [--profile]`
 * (quick: 300 and 1,000 notes). Needs `npm run build` and /usr/bin/chromium. A full run writes
 * bench/results/ui-responsiveness.json; `--index-only` / `--switch-only` print one part.
 * `--profile` runs on an unminified build under the CPU profiler and prints, for each long task
 * (part 1) or switch (part 2), the functions its time went to; the profiler slows the page, so
 * its durations are not the figures to report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtPlugin, startHarness } from '../test/browser/harness/browser-harness';
import { startProfiling, stopProfiling, unminifiedPlugin, type TaskProfile } from '../test/browser/harness/cpu-profile';
import { checkLongTaskObserver, longTasksSince, observeLongTasks, type LongTask } from './long-tasks';
import { printTable } from './print-table';
import { proseParagraphs, readEssaysOrExit } from './sequences-passages';

const quick = process.argv.includes('--quick');
const profile = process.argv.includes('--profile');
const indexOnly = process.argv.includes('--index-only');
const switchOnly = process.argv.includes('--switch-only');
const mapOnly = process.argv.includes('--map-only');
const MAP_DRAWS = 20;
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

/** The plugin code to load: the built main.js, or an unminified build when profiling. */
async function pluginCode(): Promise<string> {
  if (!profile) return builtPlugin();
  const code = await unminifiedPlugin();
  // Anonymous functions in the profile are named by their line in this file.
  writeFileSync(join(tmpdir(), 'kindred-profiled-main.js'), code);
  return code;
}

function printProfiles(what: string, profiled: TaskProfile[]): void {
  for (const t of profiled) {
    process.stdout.write(`\n${what} ${t.duration.toFixed(0)} ms at ${t.start.toFixed(0)} ms\n  inclusive: ${t.inclusive.map((f) => `${f.fn} ${f.ms}`).join(', ')}\n  self: ${t.self.map((f) => `${f.fn} ${f.ms}`).join(', ')}\n`);
  }
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

/** Part 1: the main thread's long tasks while the plugin indexes `INDEX_NOTES` notes. */
async function measureIndexing(paragraphs: string[]): Promise<{ indexSeconds: number; tasks: LongTask[] }> {
  const h = await startHarness();
  await observeLongTasks(h.page);
  await h.page.evaluate((notes) => window.harness.addFiles(notes), makeNotes(INDEX_NOTES, paragraphs));
  await h.page.evaluate((c) => window.harness.loadPlugin(c), await pluginCode());
  await checkLongTaskObserver(h.page);
  const t0 = await h.page.evaluate(() => performance.now());
  const profiler = profile ? await startProfiling(h.page) : null;
  const indexSeconds = await indexAndWait(h.page, INDEX_NOTES);
  // Long tasks may still come from the save after the last batch.
  await new Promise((r) => setTimeout(r, 3000));
  const tasks = await longTasksSince(h.page, t0);
  if (profiler) printProfiles('long task', await stopProfiling(profiler, tasks.filter((t) => t.duration > 50)));
  await h.close();
  return { indexSeconds, tasks };
}

interface MapDraws {
  /** Per draw: from the switch to the drawn map, and the longest main-thread task meanwhile. */
  drawMs: number[];
  longest: number[];
  over50: LongTask[];
  nodes: number[];
}

/**
 * Part 3: with the map open (and the related pane closed, so the tasks are the map's), switch
 * to `MAP_DRAWS` notes in turn; each time the map follows, drawing a new map.
 */
async function measureMap(page: import('playwright-core').Page, paths: string[]): Promise<MapDraws> {
  await page.evaluate(() => {
    for (const leaf of window.harness.app.workspace.getLeavesOfType('kindred-related')) void leaf.detach();
  });
  await page.evaluate((p) => window.harness.openNote(p), paths[0]);
  await page.evaluate(() => window.harness.runCommand('kindred:open-map-of-related-notes'));
  await page.waitForFunction((p) => {
    const el = document.querySelector<HTMLElement>('.kindred-map');
    return el?.dataset.path === p && ['map', 'no-neighbours'].includes(el.dataset.state ?? '');
  }, paths[0], { timeout: 60_000 });
  const profiler = profile ? await startProfiling(page) : null;
  const runs: Array<{ start: number; end: number; nodes: number }> = await page.evaluate(async (list) => {
    const map = () => document.querySelector<HTMLElement>('.kindred-map')!;
    const out: Array<{ start: number; end: number; nodes: number }> = [];
    for (const p of list) {
      const start = performance.now();
      const done = new Promise<void>((resolve) => {
        const observer = new MutationObserver(() => {
          if (map().dataset.path === p && ['map', 'no-neighbours'].includes(map().dataset.state ?? '')) {
            observer.disconnect();
            resolve();
          }
        });
        observer.observe(map(), { attributes: true, attributeFilter: ['data-state', 'data-path'] });
      });
      // From a timer task, as a click in Obsidian would be, so the long-task observer sees the work.
      setTimeout(() => void window.harness.openNote(p), 0);
      await done;
      out.push({ start, end: performance.now(), nodes: Number(map().dataset.nodes ?? 0) });
      await new Promise((r) => setTimeout(r, 300));
    }
    return out;
  }, paths.slice(1));
  const tasks = await longTasksSince(page, runs[0].start);
  if (profiler) printProfiles('map long task', await stopProfiling(profiler, tasks.filter((t) => t.duration > 50)));
  const inside = (r: { start: number; end: number }) => tasks.filter((t) => t.start + t.duration >= r.start && t.start <= r.end + 50);
  return {
    drawMs: runs.map((r) => r.end - r.start),
    longest: runs.map((r) => inside(r).reduce((m, t) => Math.max(m, t.duration), 0)),
    over50: runs.flatMap((r) => inside(r).filter((t) => t.duration > 50)),
    nodes: runs.map((r) => r.nodes),
  };
}

/** Part 2: switch notes `SWITCHES` times in a vault of `SWITCH_NOTES` and time the pane; then part 3, the map. */
async function measureSwitching(paragraphs: string[]): Promise<{ bigIndexSeconds: number; saveSeconds: number; bigIndexTasks: LongTask[]; times: number[]; firstMs: number[]; answerMs: number[]; results: number[]; map: MapDraws }> {
  const h = await startHarness();
  await observeLongTasks(h.page);
  const notes = makeNotes(SWITCH_NOTES, paragraphs);
  await h.page.evaluate((n) => window.harness.addFiles(n), notes);
  await h.page.evaluate((c) => window.harness.loadPlugin(c), await pluginCode());
  const t0 = await h.page.evaluate(() => performance.now());
  const bigIndexSeconds = await indexAndWait(h.page, SWITCH_NOTES);
  process.stderr.write(`indexed ${SWITCH_NOTES} notes in ${bigIndexSeconds.toFixed(1)} s; switching\n`);
  // Let the save after the last batch finish (the index's own 'idle' phase comes after it; at
  // 10,000 notes it takes seconds, in slices), so switches are timed on a quiet index.
  const saveStarted = Date.now();
  await h.page.waitForFunction(() => (window as unknown as { phases: { phase: string }[] }).phases.at(-1)?.phase === 'idle', undefined, { timeout: 600_000, polling: 200 });
  const saveSeconds = (Date.now() - saveStarted) / 1000;
  await new Promise((r) => setTimeout(r, 1000));
  // Indexing 10,000 notes is not the target (1,000 is), but its long tasks say what grows with the vault.
  const bigIndexTasks = await longTasksSince(h.page, t0);
  const paths = Object.keys(notes);
  const mapPicks = Array.from({ length: MAP_DRAWS + 1 }, (_, i) => paths[(i * 104729 + 17) % paths.length]);
  if (mapOnly) {
    const map = await measureMap(h.page, mapPicks);
    await h.close();
    return { bigIndexSeconds, saveSeconds, bigIndexTasks, times: [], firstMs: [], answerMs: [], results: [], map };
  }
  await h.page.evaluate(() => window.harness.runCommand('kindred:open-related-notes'));
  const picks = Array.from({ length: SWITCHES + 1 }, (_, i) => paths[(i * 7919) % paths.length]);
  const profiler = profile ? await startProfiling(h.page) : null;
  const runs: Array<{ start: number; duration: number; firstMs: number; answerMs: number; results: number }> = await h.page.evaluate(async (list) => {
    const pane = () => document.querySelector<HTMLElement>('.kindred-related')!;
    // A list, or the message that nothing is related enough: either is the pane's answer.
    const settled = (p: string) => pane().dataset.path === p && ['answer', 'empty'].includes(pane().dataset.state ?? '');
    const out: Array<{ start: number; duration: number; firstMs: number; answerMs: number; results: number }> = [];
    for (const [i, p] of list.entries()) {
      const start = performance.now();
      let firstAt = NaN;
      const done = new Promise<void>((resolve) => {
        const check = () => {
          // The first list: the vectors' own (state partial), or the full answer when it came first.
          if (Number.isNaN(firstAt) && pane().dataset.path === p && ['partial', 'answer', 'empty'].includes(pane().dataset.state ?? '')) firstAt = performance.now();
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
      if (i > 0) out.push({ start, duration: performance.now() - start, firstMs: firstAt - start, answerMs: Number(pane().dataset.answerMs ?? NaN), results: pane().querySelectorAll('.kindred-result').length });
      await new Promise((r) => setTimeout(r, 250));
    }
    return out;
  }, picks);
  if (profiler) printProfiles('switch', await stopProfiling(profiler, runs));
  const map = await measureMap(h.page, mapPicks);
  await h.close();
  return { bigIndexSeconds, saveSeconds, bigIndexTasks, times: runs.map((r) => r.duration), firstMs: runs.map((r) => r.firstMs), answerMs: runs.map((r) => r.answerMs), results: runs.map((r) => r.results), map };
}

const percentile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main(): Promise<void> {
  const paragraphs = proseParagraphs(readEssaysOrExit());
  const load = loadavg()[0];
  const rows: Array<{ measure: string; value: string }> = [{ measure: 'load average (1 min) at start, 2 cores', value: load.toFixed(1) }];
  let part1: Awaited<ReturnType<typeof measureIndexing>> | null = null;
  let part2: Awaited<ReturnType<typeof measureSwitching>> | null = null;

  if (!switchOnly && !mapOnly) {
    part1 = await measureIndexing(paragraphs);
    const over50 = part1.tasks.filter((t) => t.duration > 50);
    rows.push(
      { measure: `index ${INDEX_NOTES} notes (fake embedder)`, value: `${part1.indexSeconds.toFixed(1)} s` },
      { measure: 'long tasks (> 50 ms) while indexing', value: String(over50.length) },
      { measure: 'longest main-thread task while indexing', value: `${part1.tasks.reduce((m, t) => Math.max(m, t.duration), 0).toFixed(0)} ms` },
      { measure: 'long tasks by index phase', value: over50.map((t) => `${t.phase} ${t.duration.toFixed(0)} ms`).join(', ') || 'none' },
    );
  }
  if (!indexOnly) {
    part2 = await measureSwitching(paragraphs);
    const m = part2.map;
    const mapRows = [
      { measure: `map of related notes at ${SWITCH_NOTES} notes: tasks over 50 ms while it draws (${m.drawMs.length} maps)`, value: `${m.over50.length} (longest ${Math.max(0, ...m.longest).toFixed(0)} ms)` },
      { measure: 'map: from the switch to the drawn map, p50 / p95 / max', value: `${percentile(m.drawMs, 0.5).toFixed(0)} / ${percentile(m.drawMs, 0.95).toFixed(0)} / ${Math.max(...m.drawMs).toFixed(0)} ms` },
      { measure: 'map: notes drawn per map (with the centre)', value: `${Math.min(...m.nodes)}–${Math.max(...m.nodes)}` },
    ];
    if (mapOnly) {
      rows.push(...mapRows);
      printTable(rows);
      return;
    }
    rows.push(...mapRows);
    rows.push(
      { measure: `index ${SWITCH_NOTES} notes (fake embedder), then the save after it`, value: `${part2.bigIndexSeconds.toFixed(1)} s + ${part2.saveSeconds.toFixed(1)} s` },
      { measure: `long tasks (> 50 ms) while indexing ${SWITCH_NOTES} notes, by phase (longest 5)`, value: `${part2.bigIndexTasks.filter((t) => t.duration > 50).length}: ${[...part2.bigIndexTasks].sort((a, b) => b.duration - a.duration).slice(0, 5).map((t) => `${t.phase} ${t.duration.toFixed(0)} ms`).join(', ') || 'none'}` },
      { measure: `first list after a switch at ${SWITCH_NOTES} notes (vectors), p50 / p95 / max`, value: `${percentile(part2.firstMs, 0.5).toFixed(1)} / ${percentile(part2.firstMs, 0.95).toFixed(1)} / ${Math.max(...part2.firstMs).toFixed(1)} ms` },
      { measure: `full answer after a switch at ${SWITCH_NOTES} notes, p50`, value: `${percentile(part2.times, 0.5).toFixed(1)} ms` },
      { measure: 'same, p95', value: `${percentile(part2.times, 0.95).toFixed(1)} ms` },
      { measure: 'same, max', value: `${Math.max(...part2.times).toFixed(1)} ms` },
      { measure: 'engine answer inside it, p50 / p95', value: `${percentile(part2.answerMs, 0.5).toFixed(0)} / ${percentile(part2.answerMs, 0.95).toFixed(0)} ms` },
      { measure: 'switches that listed related notes', value: `${part2.results.filter((n) => n > 0).length} of ${part2.results.length}` },
    );
  }
  printTable(rows);
  if (profile || !part1 || !part2) return;
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  const over50 = part1.tasks.filter((t) => t.duration > 50);
  writeFileSync(
    join(__dirname, 'results', 'ui-responsiveness.json'),
    JSON.stringify(
      {
        quick,
        loadAverage: load,
        indexNotes: INDEX_NOTES,
        indexSeconds: part1.indexSeconds,
        longTasksOver50: over50.length,
        longestTaskMs: part1.tasks.reduce((m, t) => Math.max(m, t.duration), 0),
        longTasks: part1.tasks,
        switchNotes: SWITCH_NOTES,
        bigIndexSeconds: part2.bigIndexSeconds,
        saveSecondsAfterBigIndex: part2.saveSeconds,
        bigIndexLongTasks: part2.bigIndexTasks,
        switchMs: [...part2.times].sort((a, b) => a - b),
        p50: percentile(part2.times, 0.5),
        p95: percentile(part2.times, 0.95),
        firstListMs: [...part2.firstMs].sort((a, b) => a - b),
        firstListP50: percentile(part2.firstMs, 0.5),
        firstListP95: percentile(part2.firstMs, 0.95),
        answerMs: part2.answerMs,
        mapDraws: part2.map.drawMs.length,
        mapLongTasksOver50: part2.map.over50.length,
        mapLongestTaskMs: Math.max(0, ...part2.map.longest),
        mapDrawMs: [...part2.map.drawMs].sort((a, b) => a - b),
        mapDrawP50: percentile(part2.map.drawMs, 0.5),
        mapDrawP95: percentile(part2.map.drawMs, 0.95),
      },
      null,
      2,
    ),
  );
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
