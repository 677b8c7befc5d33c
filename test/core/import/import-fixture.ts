import { DEFAULT_CLIP_OPTIONS, type ClipOptions } from '../../../src/core/clip';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import { NodeFetcher } from '../../../src/cli/node-fetcher';
import { ForumMagnumSource, type ForumSite } from '../../../src/core/import/sources/forum-magnum';
import { FeedSource } from '../../../src/core/import/sources/feed';
import { SubstackSource } from '../../../src/core/import/sources/substack';
import { importPolicy, openImport, runImport, type ImportLimits, type ImportProgress, type ImportReport, type ImportSource, type PolitePolicy } from '../../../src/core/import';
import type { FetchRequest, FetchResponse, Fetcher } from '../../../src/core/ports';
import { startImportApiServer, type ImportApiServer } from '../../helpers/import-api-server';
import { MemoryVault } from '../../helpers/memory-vault';
import { VirtualClock } from '../../helpers/virtual-clock';

/** Records when (on the test clock) each request started, per host. */
export class TimedFetcher implements Fetcher {
  readonly starts: { host: string; at: number; url: string }[] = [];
  constructor(
    private readonly inner: Fetcher,
    private readonly clock: VirtualClock,
  ) {}
  fetch(request: FetchRequest): Promise<FetchResponse> {
    this.starts.push({ host: new URL(request.url).host, at: this.clock.now(), url: request.url });
    return this.inner.fetch(request);
  }
}

export interface ImportFixture {
  server: ImportApiServer;
  vault: MemoryVault;
  clock: VirtualClock;
  fetcher: TimedFetcher;
  sources: ImportSource[];
  /** The loopback server as a ForumMagnum site and a Substack publication. */
  site: ForumSite;
  policy: PolitePolicy;
  /** Opens `path` on the loopback server and runs it into the vault. */
  run(path: string, limits?: ImportLimits, options?: { clip?: Partial<ClipOptions>; skipPaywalled?: boolean; onProgress?: ImportProgress; signal?: AbortSignal }): Promise<ImportReport>;
  notes(): string[];
  close(): Promise<void>;
}

export async function importFixture(policyOverrides: Partial<PolitePolicy> = {}): Promise<ImportFixture> {
  const server = await startImportApiServer();
  const host = new URL(server.base).host;
  const site: ForumSite = { name: 'LessWrong', origin: server.base, hosts: [host] };
  const sources: ImportSource[] = [new ForumMagnumSource([site]), new SubstackSource([host]), new FeedSource()];
  const clock = new VirtualClock();
  const fetcher = new TimedFetcher(new NodeFetcher(), clock);
  const vault = new MemoryVault();
  // robots.txt is read only where a test asks (etiquette.test.ts): the other tests count requests.
  const policy = { ...importPolicy({ sites: [site] }), readsRobots: false, ...policyOverrides };
  return {
    server,
    vault,
    clock,
    fetcher,
    sources,
    site,
    policy,
    async run(path, limits = {}, options = {}) {
      const controller = options.signal;
      const opened = await openImport(`${server.base}${path}`, limits, { fetcher, clock, sources, policy, signal: controller });
      if (!opened) throw new Error(`not importable: ${path}`);
      return runImport(
        opened.listing,
        { vault, fetcher: opened.fetcher, parser: linkedomParser, clock },
        { clip: { ...DEFAULT_CLIP_OPTIONS, tags: [], ...options.clip }, skipPaywalled: options.skipPaywalled },
        options.onProgress,
        options.signal,
      );
    },
    notes: () => [...vault.files.keys()].filter((p) => p.endsWith('.md')).sort(),
    close: () => server.close(),
  };
}
