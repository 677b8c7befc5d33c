import type { Clock } from '../../src/core/ports';

/**
 * A clock whose time moves only by what is waited for: a timer fires as soon as nothing else
 * is running, and the clock jumps to its time. A 3 s pause costs nothing in real time, yet
 * `now()` reports it, so pacing is measured on this clock while the network is real (loopback).
 */
export class VirtualClock implements Clock {
  private time = 1_800_000_000_000;
  private timers: { at: number; fn: () => void }[] = [];
  private pumping = false;

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.time + Math.max(0, ms), fn };
    this.timers.push(timer);
    this.pump();
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    setImmediate(() => {
      this.pumping = false;
      if (this.timers.length === 0) return;
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers.shift()!;
      this.time = Math.max(this.time, next.at);
      next.fn();
      if (this.timers.length) this.pump();
    });
  }
}
