import { buildSourceIndex, findDuplicate, urlKey, type ClipOptions, type ClipOutcome } from '../../core/clip';
import { ImportProblem, openImport, runImport, type ImportSource, type Listing, type PolitePolicy } from '../../core/import';
import type { Clock, Fetcher, Vault } from '../../core/ports';
import type { CliIO } from '../command';
import { linkedomParser } from '../linkedom-parser';

/** What `kindred import <url>` of a sequence, tag, author, publication or feed was asked for. */
export interface SourceImportArgs {
  url: string;
  json: boolean;
  options: ClipOptions;
  dryRun: boolean;
  limit?: number;
  since?: number;
  skipPaywalled: boolean;
}

export interface SourceImportDeps {
  vault: Vault;
  fetcher: Fetcher;
  clock: Clock;
  /** The loopback sites in tests; the real ones otherwise. */
  sources?: ImportSource[];
  policy?: PolitePolicy;
}

/** "LessWrong sequence 'Map and Territory', 27 posts" */
export function describeListing(listing: Listing): string {
  if (listing.total === undefined) return `${listing.description} (posts are counted as they are listed)`;
  return `${listing.description}, ${listing.total} post${listing.total === 1 ? '' : 's'}`;
}

/**
 * Imports one source URL: says what it found, then lists (`--dry-run`) or imports its posts.
 * Returns null when no source imports the URL (it is a page for the ordinary clip), else the
 * exit code: 0 all done, 1 an item failed or the import stopped (the message says how to resume).
 */
export async function importFromSource(args: SourceImportArgs, io: CliIO, deps: SourceImportDeps): Promise<number | null> {
  let opened;
  try {
    opened = await openImport(args.url, { limit: args.limit, since: args.since, comments: args.options.includeComments }, deps);
  } catch (error) {
    if (error instanceof ImportProblem) {
      io.stderr(`kindred import: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (!opened) return null;
  const { listing, recognised } = opened;
  const found = describeListing(listing);
  if (!args.json) io.stdout(`${found}\n`);

  if (args.dryRun) return dryRun(listing, args, io, deps.vault, found, recognised.kind);

  const progress =
    io.isTTY && !args.json
      ? (done: number, total: number | undefined, last: ClipOutcome): void =>
          io.stderr(`\r\x1b[2K[${done}/${total ?? '?'}] ${last.status} ${last.input}`.slice(0, 200))
      : undefined;
  const report = await runImport(listing, { vault: deps.vault, fetcher: opened.fetcher, parser: linkedomParser, clock: deps.clock }, { clip: args.options, skipPaywalled: args.skipPaywalled }, progress);
  if (progress && report.outcomes.length) io.stderr('\r\x1b[2K');
  if (args.json) {
    io.stdout(
      JSON.stringify({
        source: { kind: recognised.kind, url: recognised.url, description: listing.description, ...(listing.total === undefined ? {} : { total: listing.total }) },
        items: report.outcomes.map((o) => ({ input: o.input, status: o.status, ...(o.path ? { path: o.path } : {}), ...(o.error ? { error: o.error } : {}) })),
        ...(report.indexNotePath ? { indexNote: report.indexNotePath } : {}),
        ...(report.stopped ? { stopped: report.stopped } : {}),
      }) + '\n',
    );
  } else {
    for (const o of report.outcomes) io.stdout(`${o.status.padEnd(7)}  ${o.input}  →  ${o.status === 'created' || o.status === 'updated' ? o.path : o.error}\n`);
    const count = (s: ClipOutcome['status']): number => report.outcomes.filter((o) => o.status === s).length;
    io.stdout(`${report.outcomes.length} post${report.outcomes.length === 1 ? '' : 's'}: ${count('created')} created, ${count('updated')} updated, ${count('skipped')} skipped, ${count('failed')} failed\n`);
    if (report.indexNotePath) io.stdout(`Table of contents: ${report.indexNotePath}\n`);
  }
  if (report.stopped) io.stderr(`kindred import: ${report.stopped.message}\n`);
  return report.stopped || report.outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

async function dryRun(listing: Listing, args: SourceImportArgs, io: CliIO, vault: Vault, found: string, kind: string): Promise<number> {
  const sources = await buildSourceIndex(vault);
  const items: { url: string; title: string; published?: string; paywalled?: boolean; inVault?: string }[] = [];
  try {
    for await (const item of listing.items) {
      const inVault = (await findDuplicate(vault, urlKey(item.url), sources)) ?? undefined;
      const entry = { url: item.url, title: item.title, published: item.published, paywalled: item.paywalled, inVault };
      items.push(entry);
      if (!args.json) {
        const mark = inVault ? 'in vault' : args.skipPaywalled && item.paywalled ? 'leave out' : 'new';
        io.stdout(`${mark.padEnd(9)} ${item.published?.slice(0, 10) ?? '          '}  ${item.title}${item.paywalled ? ' (paywalled)' : ''}  ${item.url}${inVault ? `  →  ${inVault}` : ''}\n`);
      }
    }
  } catch (error) {
    if (!(error instanceof ImportProblem)) throw error;
    io.stderr(`kindred import: ${error.message}. Listed ${items.length} posts before that.\n`);
    return 1;
  }
  const fresh = items.filter((i) => !i.inVault).length;
  if (args.json) io.stdout(JSON.stringify({ source: { kind, description: listing.description, found }, dryRun: true, items }) + '\n');
  else io.stdout(`${items.length} post${items.length === 1 ? '' : 's'}: ${fresh} new, ${items.length - fresh} already in the vault. Nothing was written (--dry-run).\n`);
  return 0;
}
