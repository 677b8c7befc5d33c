import type { Clock, FetchRequest, FetchResponse, Fetcher } from '../ports';
import { ImportProblem } from './import-problem';
import { retryAfterMs } from './retry-after';
import { HostPacer } from '../clip/host-pacer';
import { DISALLOW_ALL, NO_ROBOTS_RULES, parseRobotsTxt, ROBOTS_MAX_BYTES, type RobotsRules } from './robots-txt';

/** Names Kindred to the sites it reads in bulk, so their operators know who is asking. */
export const IMPORT_USER_AGENT = 'Kindred/0.1 (Obsidian plugin; bulk import of posts the user asked for)';
/** The product token robots.txt groups are matched against. */
export const ROBOTS_AGENT = 'kindred';

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
  /**
   * Read each host's robots.txt before the first request to it: its Crawl-delay lengthens the
   * interval (never shortens it) and a path it disallows is not requested.
   */
  readsRobots?: boolean;
}

/**
 * A Fetcher that keeps each site's pace: requests to one host start at least
 * `intervalFor(host)` apart however many run at once (slots are reserved before waiting, by a
 * HostPacer), every request carries Kindred's User-Agent, and a 429 or 503 is retried after the
 * Retry-After it names (or a doubling back-off), which holds back every request to that host.
 * After `maxRefusals` refusals in a row, or a Retry-After longer than `maxRetryWaitMs`, it throws
 * an ImportProblem('refused') that says so. Time comes from the Clock port.
 */
export class PoliteFetcher implements Fetcher {
  /** Each host's pace: the policy's interval, or the host's robots.txt Crawl-delay once read. */
  private readonly pacer: HostPacer;
  /** Each host's robots.txt, read once per fetcher (one fetcher per import or feed check). */
  private readonly robots = new Map<string, Promise<RobotsRules>>();
  /** Each host's interval once its robots.txt has been read: the policy's, or its Crawl-delay if longer. */
  private readonly intervals = new Map<string, number>();
  /** Set once a site has refused for good: every later request fails at once with the same problem. */
  refusal: ImportProblem | null = null;

  constructor(
    private readonly inner: Fetcher,
    private readonly clock: Clock,
    private readonly policy: PolitePolicy,
  ) {
    this.pacer = new HostPacer(clock, (host) => this.intervals.get(host) ?? policy.intervalFor(host));
  }

  async fetch(request: FetchRequest): Promise<FetchResponse> {
    if (this.refusal) throw this.refusal;
    const host = hostOf(request.url);
    const headers = { 'user-agent': IMPORT_USER_AGENT, ...request.headers };
    const timeoutMs = Math.min(request.timeoutMs, this.policy.timeoutMs ?? Infinity);
    if (this.policy.readsRobots) await this.checkRobots(request, host, headers);
    for (let refusals = 0; ; ) {
      // An aborted wait resolves at once: the inner fetch sees the signal and says "cancelled".
      await this.pacer.wait(host, request.signal);
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
      this.pacer.holdUntil(host, this.clock.now() + wait);
    }
  }

  /** Throws an ImportProblem when the host's robots.txt asks robots not to read this address, or to wait longer than Kindred will. */
  private async checkRobots(request: FetchRequest, host: string, headers: Record<string, string>): Promise<void> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return; // the inner fetcher says why the address is not one
    }
    let pending = this.robots.get(host);
    if (!pending) {
      pending = this.readRobots(url, headers, request.signal);
      this.robots.set(host, pending);
    }
    const rules = await pending;
    if (rules === DISALLOW_ALL) {
      throw new ImportProblem('disallowed', `${host}'s robots.txt could not be read (the server answered with an error), and a robot must then read nothing there; try again later`);
    }
    const delayMs = (rules.crawlDelaySeconds ?? 0) * 1000;
    if (delayMs > this.policy.maxRetryWaitMs) {
      throw (this.refusal = new ImportProblem('refused', `${host}'s robots.txt asks for ${describeWait(delayMs)} between requests; Kindred stopped rather than import at that pace`));
    }
    if (url.pathname === '/robots.txt') return;
    const path = `${url.pathname}${url.search}`;
    if (!rules.allows(path)) {
      throw new ImportProblem('disallowed', `${host}'s robots.txt asks robots not to read ${url.pathname}, so Kindred left it`);
    }
  }

  private async readRobots(url: URL, headers: Record<string, string>, signal?: AbortSignal): Promise<RobotsRules> {
    const host = url.host.toLowerCase();
    const startedAt = Math.max(this.clock.now(), this.pacer.nextFreeAt(host));
    await this.pacer.wait(host, signal);
    const rules = await this.fetchRobots(url, headers, signal);
    // The pace holds from the robots.txt request itself: the next request waits its Crawl-delay.
    const interval = Math.max(this.policy.intervalFor(host), (rules.crawlDelaySeconds ?? 0) * 1000);
    this.intervals.set(host, interval);
    this.pacer.holdUntil(host, startedAt + interval);
    return rules;
  }

  private async fetchRobots(url: URL, headers: Record<string, string>, signal?: AbortSignal): Promise<RobotsRules> {
    let response: FetchResponse;
    try {
      response = await this.inner.fetch({ url: `${url.origin}/robots.txt`, headers, timeoutMs: Math.min(ROBOTS_TIMEOUT_MS, this.policy.timeoutMs ?? Infinity), maxBytes: ROBOTS_MAX_BYTES * 2, signal });
    } catch {
      // No answer at all: the request itself will meet the same network and say why.
      return NO_ROBOTS_RULES;
    }
    // RFC 9309 2.3.1: 4xx means no rules; 5xx means assume everything is disallowed.
    if (response.status >= 500) return DISALLOW_ALL;
    if (response.status < 200 || response.status >= 300) return NO_ROBOTS_RULES;
    return parseRobotsTxt(new TextDecoder().decode(response.body), ROBOTS_AGENT);
  }
}

/** A robots.txt that does not answer in this long is taken as none. */
const ROBOTS_TIMEOUT_MS = 10_000;

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
