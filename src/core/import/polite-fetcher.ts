import type { Clock, FetchRequest, FetchResponse, Fetcher } from '../ports';
import { ImportProblem } from './import-problem';
import { retryAfterMs } from './retry-after';

/** Names Kindred to the sites it reads in bulk, so their operators know who is asking. */
export const IMPORT_USER_AGENT = 'Kindred/0.1 (Obsidian plugin; bulk import of posts the user asked for)';

/** How a PoliteFetcher paces and gives up. */
export interface PolitePolicy {
  /** Milliseconds between the starts of two requests to `host`; 0 for none. */
  intervalFor(host: string): number;
  /** Refusals (429, 503) of one request in a row before the import stops. */
  maxRefusals: number;
  /** Longest wait a Retry-After may ask for before the import stops instead of waiting. */
  maxRetryWaitMs: number;
  /** Wait after a refusal that names no Retry-After (doubles each time). */
  firstBackoffMs: number;
  /** Caps every request's own timeout (tests make it short). */
  timeoutMs?: number;
}

/**
 * A Fetcher that keeps each site's pace: requests to one host start at least
 * `intervalFor(host)` apart however many run at once (slots are reserved before waiting, as in
 * HostPacer), every request carries Kindred's User-Agent, and a 429 or 503 is retried after the
 * Retry-After it names (or a doubling back-off), which holds back every request to that host.
 * After `maxRefusals` refusals in a row, or a Retry-After longer than `maxRetryWaitMs`, it throws
 * an ImportProblem('refused') that says so. Time comes from the Clock port.
 */
export class PoliteFetcher implements Fetcher {
  private readonly nextFree = new Map<string, number>();
  /** Set once a site has refused for good: every later request fails at once with the same problem. */
  refusal: ImportProblem | null = null;

  constructor(
    private readonly inner: Fetcher,
    private readonly clock: Clock,
    private readonly policy: PolitePolicy,
  ) {}

  async fetch(request: FetchRequest): Promise<FetchResponse> {
    if (this.refusal) throw this.refusal;
    const host = hostOf(request.url);
    const headers = { 'user-agent': IMPORT_USER_AGENT, ...request.headers };
    const timeoutMs = Math.min(request.timeoutMs, this.policy.timeoutMs ?? Infinity);
    for (let refusals = 0; ; ) {
      await this.slot(host, request.signal);
      const response = await this.inner.fetch({ ...request, headers, timeoutMs });
      if (response.status !== 429 && response.status !== 503) return response;
      refusals++;
      const asked = retryAfterMs(response.headers['retry-after'], this.clock.now());
      const what = `${response.status} ${response.statusText || (response.status === 429 ? 'Too Many Requests' : 'Service Unavailable')}`;
      if (asked !== null && asked > this.policy.maxRetryWaitMs) {
        throw (this.refusal = new ImportProblem('refused', `${host} asked Kindred to wait ${describeWait(asked)} (${what}); Kindred stopped rather than wait that long`));
      }
      if (refusals >= this.policy.maxRefusals) {
        throw (this.refusal = new ImportProblem('refused', `${host} refused ${refusals} times in a row (${what}); Kindred stopped rather than insist`));
      }
      const wait = asked ?? this.policy.firstBackoffMs * 2 ** (refusals - 1);
      // The whole host waits, not only this request.
      this.nextFree.set(host, Math.max(this.nextFree.get(host) ?? 0, this.clock.now() + wait));
    }
  }

  /** Resolves when a request to `host` may start, reserving its slot first. */
  private slot(host: string, signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const start = Math.max(now, this.nextFree.get(host) ?? now);
    this.nextFree.set(host, start + this.policy.intervalFor(host));
    const delay = start - now;
    if (delay <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const cancel = this.clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delay);
      const onAbort = (): void => {
        cancel();
        resolve(); // the inner fetch sees the aborted signal and says "cancelled"
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return '';
  }
}

function describeWait(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  return minutes >= 120 ? `${Math.round(minutes / 60)} hours` : minutes >= 1 ? `${minutes} minutes` : `${Math.ceil(ms / 1000)} seconds`;
}
