/**
 * Says which code a long main-thread task was: records a V8 CPU profile of the page over the
 * Chrome DevTools Protocol and names, for each long task the page's PerformanceObserver saw,
 * the functions its samples fell in. Meant for an unminified build (see `unminifiedPlugin`),
 * where the names are the source's own.
 */
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';

const ROOT = resolve(__dirname, '../../..');

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A long task and where its time went. */
export interface TaskProfile {
  /** `performance.now()` in the page when the task started, and how long it ran (ms). */
  start: number;
  duration: number;
  /** Functions on the stack during the task, by time (inclusive), most first. */
  inclusive: Array<{ fn: string; ms: number }>;
  /** Functions at the top of the stack (self time). */
  self: Array<{ fn: string; ms: number }>;
}

export interface Profiling {
  session: CDPSession;
  /** Profile time (µs) minus page `performance.now()` (ms × 1000), found through a marker. */
  markerAt: number;
}

/**
 * Starts sampling the page's main thread every `intervalUs` microseconds, then runs a marker
 * function whose `performance.now()` is known, which ties profile time to page time.
 */
export async function startProfiling(page: Page, intervalUs = 200): Promise<Profiling> {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.send('Profiler.start');
  const markerAt = await page.evaluate(() => {
    function kindredProfileMarker(): number {
      const t = performance.now();
      while (performance.now() - t < 5);
      return t;
    }
    return kindredProfileMarker();
  });
  return { session, markerAt };
}

/** Stops sampling and says where each of `tasks` (page time) spent its time. */
export async function stopProfiling(p: Profiling, tasks: Array<{ start: number; duration: number }>, top = 8): Promise<TaskProfile[]> {
  const { profile } = (await p.session.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await p.session.detach();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Anonymous functions are named by their line in the bundle (1-based, as an editor shows it).
  const label = (id: number): string => {
    const frame = byId.get(id)!.callFrame;
    return frame.functionName || (frame.url || frame.lineNumber > 0 ? `(anonymous:${frame.lineNumber + 1})` : '(anonymous)');
  };
  const stackOf = (leaf: number): string[] => {
    const out: string[] = [];
    for (let id: number | undefined = leaf; id !== undefined; id = parent.get(id)) out.push(label(id));
    return out;
  };

  // Sample times in microseconds, profile clock.
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const firstMarker = profile.samples.findIndex((id) => stackOf(id).includes('kindredProfileMarker'));
  if (firstMarker < 0) throw new Error('the profile marker was not sampled: cannot tie the profile to page time');
  const offsetUs = times[firstMarker] - p.markerAt * 1000;

  return tasks.map((task) => {
    const from = task.start * 1000 + offsetUs;
    const to = from + task.duration * 1000;
    const inclusive = new Map<string, number>();
    const self = new Map<string, number>();
    for (let i = 0; i < times.length; i++) {
      if (times[i] < from || times[i] >= to) continue;
      const ms = ((times[i + 1] ?? times[i]) - times[i]) / 1000;
      const stack = stackOf(profile.samples[i]);
      self.set(stack[0], (self.get(stack[0]) ?? 0) + ms);
      for (const name of new Set(stack)) if (name !== '(root)') inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
    const rank = (m: Map<string, number>) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, top)
        .map(([fn, ms]) => ({ fn, ms: Math.round(ms) }));
    return { start: task.start, duration: task.duration, inclusive: rank(inclusive), self: rank(self) };
  });
}

/**
 * The plugin bundled like `main.js` but not minified, so a profile names functions as the
 * source does. The embedding worker is left out (profiling runs use the fake embedder).
 */
export async function unminifiedPlugin(): Promise<string> {
  const out = await build({
    entryPoints: [join(ROOT, 'src/main.ts')],
    bundle: true,
    write: false,
    format: 'cjs',
    target: 'es2018',
    platform: 'browser',
    external: ['obsidian', 'electron', '@codemirror/*', '@lezer/*', ...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    loader: { '.wasm': 'binary' },
    define: { 'process.env.NODE_ENV': '"production"' },
    keepNames: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'no-embed-worker',
        setup(b) {
          b.onResolve({ filter: /^kindred:embed-worker-source$/ }, (args) => ({ path: args.path, namespace: 'stub' }));
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default "";', loader: 'js' }));
        },
      },
    ],
  });
  return out.outputFiles[0].text;
}
