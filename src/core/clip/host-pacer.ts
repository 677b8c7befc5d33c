import type { Clock } from '../ports';

/**
 * Spaces requests to one host at least `intervalMs` apart, however many run at once. Slots are
 * reserved before waiting, so four workers aimed at one host queue up instead of bunching.
 * Time comes from the Clock port, so tests need not wait.
 */
export class HostPacer {
  private readonly nextFree = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs = 1000,
  ) {}

  /** Resolves when a request to `host` may start (at once for a host not seen before). */
  wait(host: string, signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const start = Math.max(now, this.nextFree.get(host) ?? now);
    this.nextFree.set(host, start + this.intervalMs);
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
