import type { Clock } from '../ports';

/**
 * Spaces requests to one host at least `intervalMs` apart, however many run at once. Slots are
 * reserved before waiting, so four workers aimed at one host queue up instead of bunching.
 * Time comes from the Clock port, so tests need not wait. The interval may differ by host (an
 * import's pace per site), and a host may be held back further (a Retry-After).
 */
export class HostPacer {
  private readonly nextFree = new Map<string, number>();
  private readonly intervalFor: (host: string) => number;

  constructor(
    private readonly clock: Clock,
    interval: number | ((host: string) => number) = 1000,
  ) {
    this.intervalFor = typeof interval === 'number' ? () => interval : interval;
  }

  /** When the next request to `host` may start (now or earlier for a host that is free). */
  nextFreeAt(host: string): number {
    return this.nextFree.get(host) ?? 0;
  }

  /** No request to `host` starts before `time` (it never brings a reserved slot forward). */
  holdUntil(host: string, time: number): void {
    this.nextFree.set(host, Math.max(this.nextFreeAt(host), time));
  }

  /** Resolves when a request to `host` may start (at once for a host not seen before). */
  wait(host: string, signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const start = Math.max(now, this.nextFree.get(host) ?? now);
    this.nextFree.set(host, start + this.intervalFor(host));
    const delay = start - now;
    if (delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const cancel = this.clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delay);
      const onAbort = (): void => {
        cancel();
        resolve(); // the caller sees the aborted signal and stops
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
