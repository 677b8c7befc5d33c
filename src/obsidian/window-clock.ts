import type { Clock } from '../core/ports';

/** The core's `Clock` over the active window's timers (popout-window safe). */
export class WindowClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const id = window.setTimeout(fn, ms);
    return () => window.clearTimeout(id);
  }
}
