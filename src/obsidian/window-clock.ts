import type { Clock } from '../core/ports';

/** The core's `Clock` over the active window's timers (popout-window safe). */
export class WindowClock implements Clock {
  private channel: MessageChannel | null = null;
  private readonly waiting: Array<() => void> = [];

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const id = window.setTimeout(fn, ms);
    return () => window.clearTimeout(id);
  }

  /**
   * A new task through a message channel: unlike `setTimeout(0)`, which the browser clamps to
   * 4 ms once timers nest, it costs next to nothing, so the index can yield often. The
   * channel holds no listener outside this object: it goes with the clock.
   */
  yield(): Promise<void> {
    if (!this.channel) {
      this.channel = new MessageChannel();
      this.channel.port1.onmessage = () => this.waiting.shift()?.();
    }
    const channel = this.channel;
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      channel.port2.postMessage(null);
    });
  }
}
