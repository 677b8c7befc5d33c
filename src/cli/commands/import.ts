import { clipMany, DEFAULT_CLIP_OPTIONS, type ClipOptions, type ClipOutcome } from '../../core/clip';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { linkedomParser } from '../linkedom-parser';
import { nodeClock } from '../node-clock';
import { NodeFetcher } from '../node-fetcher';
import { NodeVault } from '../node-vault';
import { readInputs } from '../read-inputs';
import { parseSince } from '../../core/import';
import { importFromSource } from './import-source';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';

const USAGE = `Usage: kindred import <url|file|folder|list.txt>... --vault DIR [options]

Clips web pages and saved pages into clean markdown notes, or a whole body of writing.

Inputs:
  https://…           a web page (fetched now; 30 s timeout, 10 MB cap)
  page.html, page.htm a saved page
  folder/             every saved page inside it, recursively
  list.txt            web addresses, one a line (# starts a comment)

A whole body of writing (one URL; Kindred says what it found before it starts):
  LessWrong, AI Alignment Forum, EA Forum (and GreaterWrong): a post, a sequence
  (/s/<id>), a tag (/tag/<slug>, /w/<slug>), an author (/users/<slug>)
  Substack: a publication (its archive) or a post, on substack.com or its own domain
  a feed: RSS, Atom or JSON Feed
  --dry-run                    list the posts (new or already in the vault), write nothing
  --limit N                    at most N posts (a tag: 50 unless given)
  --since DATE                 only posts published on or after DATE (2024-01-31)
  --skip-paywalled             leave out posts a reader without a subscription cannot see whole

Options:
  --vault DIR                  the vault folder (required)
  --folder NAME                folder inside the vault for the notes (default: Clippings)
  --comments                   keep the page's comments under a "## Comments" heading
  --download-images            save images next to the note instead of linking to them
  --on-duplicate skip|update|keep-both
                               a page already clipped: report it (default), refresh it
                               keeping your own front matter keys, or clip it again
  --json                       print {"items":[{"input","status","path"?,"error"?}]}

Exit status: 0 every item created, updated or skipped as a duplicate; 1 any failed; 2 usage error.`;

interface ImportArgs {
  inputs: string[];
  vault: string;
  json: boolean;
  options: ClipOptions;
  source: { dryRun: boolean; limit?: number; since?: number; skipPaywalled: boolean; given: string[] };
}

function parseArgs(argv: string[]): ImportArgs {
  const options: ClipOptions = { ...DEFAULT_CLIP_OPTIONS, tags: [...DEFAULT_CLIP_OPTIONS.tags] };
  const inputs: string[] = [];
  let vault = '';
  let json = false;
  const source: ImportArgs['source'] = { dryRun: false, skipPaywalled: false, given: [] };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = (): string => (inline !== undefined ? inline : value(i++, flag));
    switch (flag) {
      case '--vault':
        vault = take();
        break;
      case '--folder':
        options.folder = take();
        break;
      case '--comments':
        options.includeComments = true;
        break;
      case '--download-images':
        options.downloadImages = true;
        break;
      case '--json':
        json = true;
        break;
      case '--dry-run':
        source.dryRun = true;
        source.given.push(flag);
        break;
      case '--skip-paywalled':
        source.skipPaywalled = true;
        source.given.push(flag);
        break;
      case '--limit': {
        const n = take();
        if (!/^\d+$/.test(n) || Number(n) < 1) throw new UsageError(`--limit must be a whole number, 1 or more (got '${n}')`);
        source.limit = Number(n);
        source.given.push(flag);
        break;
      }
      case '--since':
        try {
          source.since = parseSince(take());
        } catch (error) {
          throw new UsageError(`--since: ${error instanceof Error ? error.message : String(error)}`);
        }
        source.given.push(flag);
        break;
      case '--on-duplicate': {
        const policy = take();
        if (policy !== 'skip' && policy !== 'update' && policy !== 'keep-both') {
          throw new UsageError(`--on-duplicate must be skip, update or keep-both, not '${policy}'`);
        }
        options.onDuplicate = policy;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        inputs.push(arg);
    }
  }
  if (!vault) throw new UsageError('--vault DIR is required');
  if (inputs.length === 0) throw new UsageError('nothing to import: give a URL, a saved page, a folder or a .txt list');
  return { inputs, vault, json, options, source };
}

function line(outcome: ClipOutcome): string {
  const detail = outcome.status === 'failed' ? outcome.error : outcome.status === 'skipped' ? outcome.error : outcome.path;
  return `${outcome.status.padEnd(7)}  ${outcome.input}${detail ? `  →  ${detail}` : ''}`;
}

function summary(outcomes: ClipOutcome[]): string {
  const count = (s: ClipOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  return `${outcomes.length} item(s): ${count('created')} created, ${count('updated')} updated, ${count('skipped')} skipped, ${count('failed')} failed`;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv);
  const vaultRoot = resolve(io.cwd, args.vault);
  const stat = await fs.stat(vaultRoot).catch(() => null);
  if (!stat?.isDirectory()) throw new UsageError(`the vault folder does not exist: ${args.vault}`);

  if (args.inputs.length === 1 && /^https?:\/\//i.test(args.inputs[0])) {
    const code = await importFromSource(
      { url: args.inputs[0], json: args.json, options: args.options, ...args.source },
      io,
      { vault: new NodeVault(vaultRoot), fetcher: new NodeFetcher(), clock: nodeClock },
    );
    if (code !== null) return code;
  }
  if (args.source.given.length) throw new UsageError(`${args.source.given.join(', ')} apply to a sequence, tag, author, publication or feed URL, given alone`);

  const items = await readInputs(args.inputs, io.cwd);
  const inputs = items.flatMap((item) => ('input' in item ? [item.input] : []));
  const deps = { vault: new NodeVault(vaultRoot), fetcher: new NodeFetcher(), parser: linkedomParser, clock: nodeClock };
  const progress = io.isTTY && !args.json
    ? (done: number, total: number, last: ClipOutcome): void => io.stderr(`\r\x1b[2K[${done}/${total}] ${last.status} ${last.input}`.slice(0, 200))
    : undefined;
  const clipped = await clipMany(inputs, deps, args.options, progress);
  if (progress && inputs.length) io.stderr('\r\x1b[2K');

  // Back in argument order: problems found while reading arguments sit where they were given.
  let next = 0;
  const outcomes: ClipOutcome[] = items.map((item) => ('input' in item ? clipped[next++] : { input: item.problem.input, status: 'failed', error: item.problem.error }));
  if (args.json) {
    io.stdout(JSON.stringify({ items: outcomes.map((o) => ({ input: o.input, status: o.status, ...(o.path ? { path: o.path } : {}), ...(o.error ? { error: o.error } : {}) })) }) + '\n');
  } else {
    for (const outcome of outcomes) io.stdout(line(outcome) + '\n');
    io.stdout(summary(outcomes) + '\n');
  }
  return outcomes.some((o) => o.status === 'failed') ? 1 : 0;
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'clip web pages, saved pages, folders of them or lists of URLs into notes',
  usage: USAGE,
  run,
};
