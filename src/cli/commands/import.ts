import { clipMany, DEFAULT_CLIP_OPTIONS, type ClipInput, type ClipOptions, type ClipOutcome } from '../../core/clip';
import type { Fetcher } from '../../core/ports';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { linkedomParser } from '../linkedom-parser';
import { nodeClock } from '../node-clock';
import { NodeVault } from '../node-vault';
import { readInputs, type InputItem } from '../read-inputs';
import { INIT_FLAG, locateVault, VAULT_FLAGS, vaultRequest, type VaultRequest } from '../vault-request';
import { parseFlags } from './parse-flags';
import { parseSince } from '../../core/import';
import { importFromSource } from './import-source';
import { plural } from './plural';
import { safeFolder } from '../../core/clip/safe-file-name';
import { CLIP_LOCK } from '../../core/vault-lock';
import { takeWriterLock, WAIT_FLAG, waitSeconds } from '../writer-lock';

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

Options:
  --vault DIR                  the vault folder (required)
  --config-dir NAME            the vault's config folder (default .obsidian)
  --init                       make DIR a vault (create its config folder) if it is not one
  --folder NAME                folder inside the vault for the notes (default: Clippings)
  --comments                   keep the page's comments under a "## Comments" heading
  --download-images            save images next to the note instead of linking to them
  --on-duplicate skip|update|keep-both
                               a page already clipped: report it (default), refresh it
                               keeping your own front matter keys, or clip it again
  --wait S                     wait up to S seconds for another import into this vault
                               (default 60; 0 refuses at once)
  --dry-run                    (one URL of a body of writing) list its posts, new or already
                               in the vault, and write nothing
  --limit N                    at most N posts (a tag: 50 unless given)
  --since DATE                 only posts published on or after DATE (2024-01-31)
  --skip-paywalled             leave out posts a reader without a subscription cannot see whole
  --json                       print {"items":[{"input","status","path"?,"error"?}]}

Exit status: 0 every item created, updated or skipped as a duplicate; 1 any failed; 2 usage error.`;

interface ImportArgs {
  inputs: string[];
  request: VaultRequest;
  waitSeconds: number;
  json: boolean;
  options: ClipOptions;
  /** For a source URL (a sequence, tag, author, publication or feed); `given` names the flags used. */
  source: { dryRun: boolean; limit?: number; since?: number; skipPaywalled: boolean; given: string[] };
}

function parseArgs(argv: string[], io: CliIO): ImportArgs {
  const flags = parseFlags(argv, {
    ...VAULT_FLAGS,
    ...INIT_FLAG,
    ...WAIT_FLAG,
    folder: 'string',
    comments: 'switch',
    'download-images': 'switch',
    'on-duplicate': 'string',
    json: 'switch',
    'dry-run': 'switch',
    limit: 'count',
    since: 'string',
    'skip-paywalled': 'switch',
  });
  const request = vaultRequest(flags, io, false);
  const options: ClipOptions = {
    ...DEFAULT_CLIP_OPTIONS,
    tags: [...DEFAULT_CLIP_OPTIONS.tags],
    folder: flags.values.get('folder') ?? DEFAULT_CLIP_OPTIONS.folder,
    includeComments: flags.switches.has('comments') || DEFAULT_CLIP_OPTIONS.includeComments,
    downloadImages: flags.switches.has('download-images') || DEFAULT_CLIP_OPTIONS.downloadImages,
  };
  const policy = flags.values.get('on-duplicate');
  if (policy !== undefined) {
    if (policy !== 'skip' && policy !== 'update' && policy !== 'keep-both') {
      throw new UsageError(`--on-duplicate must be skip, update or keep-both, not '${policy}'`);
    }
    options.onDuplicate = policy;
  }
  if (flags.positionals.length === 0) throw new UsageError('nothing to import: give a URL, a saved page, a folder or a .txt list');
  const since = flags.values.get('since');
  const source: ImportArgs['source'] = {
    dryRun: flags.switches.has('dry-run'),
    skipPaywalled: flags.switches.has('skip-paywalled'),
    limit: flags.counts.get('limit'),
    since: since === undefined ? undefined : sinceFlag(since),
    given: ['dry-run', 'limit', 'since', 'skip-paywalled'].filter((f) => flags.switches.has(f) || flags.counts.has(f) || flags.values.has(f)).map((f) => `--${f}`),
  };
  return { inputs: flags.positionals, request, waitSeconds: waitSeconds(flags), json: flags.switches.has('json'), options, source };
}

function sinceFlag(text: string): number {
  try {
    return parseSince(text);
  } catch (error) {
    throw new UsageError(`--since: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function line(outcome: ClipOutcome): string {
  const detail = outcome.status === 'failed' ? outcome.error : outcome.status === 'skipped' ? outcome.error : outcome.path;
  return `${outcome.status.padEnd(7)}  ${outcome.input}${detail ? `  →  ${detail}` : ''}`;
}

function summary(outcomes: ClipOutcome[]): string {
  const count = (s: ClipOutcome['status']): number => outcomes.filter((o) => o.status === s).length;
  return `${plural(outcomes.length, 'item')}: ${count('created')} created, ${count('updated')} updated, ${count('skipped')} skipped, ${count('failed')} failed`;
}

async function run(argv: string[], io: CliIO, fetcher: Fetcher): Promise<number> {
  const args = parseArgs(argv, io);
  const location = await locateVault(args.request);
  const items = await readInputs(args.inputs, io.cwd);
  const inputs = items.flatMap((item) => ('input' in item ? [item.input] : []));
  // One clipper at a time: a second import of the same page waits, then finds it already clipped.
  const lock = await takeWriterLock(location, { name: CLIP_LOCK, holder: 'kindred import', waitSeconds: args.waitSeconds }, io.stderr);
  try {
    // One URL may be a whole body of writing (a sequence, a tag, an author, a publication, a feed).
    if (args.inputs.length === 1 && /^https?:\/\//i.test(args.inputs[0])) {
      const code = await importFromSource({ url: args.inputs[0], json: args.json, options: args.options, ...args.source }, io, { vault: new NodeVault(location.root), fetcher, clock: nodeClock });
      if (code !== null) return code;
    }
    if (args.source.given.length) throw new UsageError(`${args.source.given.join(', ')} apply to a sequence, tag, author, publication or feed URL, given alone`);
    return await clipInto(location.root, items, inputs, args, io, fetcher);
  } finally {
    await lock.release();
  }
}

async function clipInto(root: string, items: InputItem[], inputs: ClipInput[], args: ImportArgs, io: CliIO, fetcher: Fetcher): Promise<number> {
  const vault = new NodeVault(root);
  // What a clip killed while writing left among the notes (only Kindred's own temporaries).
  const folder = safeFolder(args.options.folder);
  for (const where of [folder, folder ? `${folder}/attachments` : 'attachments']) await vault.sweepTemporaries(where);
  const deps = { vault, fetcher, parser: linkedomParser, clock: nodeClock };
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

/** Builds the `import` command over the network it may use (only for the URLs it is given). */
export function importCommand(fetcher: Fetcher): CliCommand {
  return {
    name: 'import',
    summary: 'clip web pages, saved pages, folders of them or lists of URLs into notes',
    usage: USAGE,
    run: (argv, io) => run(argv, io, fetcher),
  };
}
