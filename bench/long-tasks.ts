/**
 * The page's long tasks, as Chromium reports them (PerformanceObserver 'longtask': a task that
 * held the main thread over 50 ms, garbage collection inside it included), for the benches
 * that run the built plugin in the browser harness.
 */
import type { Page } from 'playwright-core';

export interface LongTask {
  start: number;
  duration: number;
  /** The index phase announced last before the task ended (`window.phases`), or 'opening'. */
  phase: string;
}

/** Starts recording the page's long tasks into `window.longtasks`. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { longtasks: { start: number; duration: number }[] };
    w.longtasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longtasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });
}

/**
 * Proves the observer sees long tasks in this page: an 80 ms busy loop from a timer task must
 * show up, or the figures measured after it would mean nothing. Call after {@link observeLongTasks}.
 */
export async function checkLongTaskObserver(page: Page): Promise<void> {
  await page.evaluate(() => {
    setTimeout(() => {
      const end = performance.now() + 80;
      while (performance.now() < end);
    }, 0);
  });
  await new Promise((r) => setTimeout(r, 200));
  const seen = await page.evaluate(() => (window as unknown as { longtasks: { duration: number }[] }).longtasks.some((t) => t.duration >= 75));
  if (!seen) throw new Error('the longtask observer did not see an 80 ms task: the figures below would mean nothing');
}

/** The long tasks recorded since `since` (page time), each with the index phase it ended in. */
export function longTasksSince(page: Page, since: number): Promise<LongTask[]> {
  return page.evaluate((t0) => {
    const w = window as unknown as { longtasks: { start: number; duration: number }[]; phases?: { phase: string; at: number }[] };
    // A task belongs to the last phase announced before it ended.
    return w.longtasks
      .filter((t) => t.start >= t0)
      .map((t) => ({ ...t, phase: (w.phases ?? []).filter((p) => p.at <= t.start + t.duration).at(-1)?.phase ?? 'opening' }));
  }, since);
}
