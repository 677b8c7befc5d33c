import { DEFAULT_CLIP_OPTIONS, safeFolder } from '../../core/clip';
import {
  feedTarget,
  FeedChecker,
  fetchFeed,
  findFeed,
  followFeed,
  ImportProblem,
  importPolicy,
  unfollowFeed,
  defaultSources,
  type ImportSource,
  type PolitePolicy,
} from '../../core/import';
import { sourceContext } from '../../core/import/sources';
import type { Clock, Fetcher } from '../../core/ports';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { linkedomParser } from '../linkedom-parser';
import { NodeVault } from '../node-vault';
import { locateVault, VAULT_FLAGS, vaultRequest } from '../vault-request';
import { takeWriterLock, WAIT_FLAG, waitSeconds } from '../writer-lock';
import { CLIP_LOCK } from '../../core/vault-lock';
import { PluginDataFile } from '../plugin-data-file';
import { parseFlags } from './parse-flags';

const USAGE = `Usage: kindred follow <add|list|remove|check> --vault DIR [options]

Feeds to follow, shared with the plugin (the list lives in <vault>/<config dir>/plugins/kindred/data.json).

  kindred follow add <feed url> [--folder F]   follow a feed (RSS, Atom, JSON Feed; a Substack or LessWrong feed too)
  kindred follow list [--json]                 the followed feeds, their folders, when each was last checked
  kindred follow remove <feed url>             stop following a feed (its notes stay)
  kindred follow check [--json]                clip every new post of every feed that is not paused

Options:
  --vault DIR         the vault folder (required)
  --config-dir NAME   the vault's configuration folder (default: .obsidian)
  --folder F          where the feed's posts go (default: the plugin's feed folder, Feeds)
  --json              print what list and check found as JSON
  --wait SECONDS      check: how long to wait while another kindred or Obsidian clips into the vault (default 60)

Exit status: 0 done; 1 a feed or a post failed; 2 usage error.`;

export interface FollowDeps {
  fetcher: Fetcher;
  clock: Clock;
  sources?: ImportSource[];
  policy?: PolitePolicy;
}

/** Builds `kindred follow` over the network and the sources it may use (tests give the loopback server). */
export function followCommand(deps: FollowDeps): CliCommand {
  return { name: 'follow', summary: 'follow feeds: add, list, remove, check for new posts', usage: USAGE, run: (argv, io) => run(argv, io, deps) };
}

async function run(argv: string[], io: CliIO, deps: FollowDeps): Promise<number> {
  const flags = parseFlags(argv, { ...VAULT_FLAGS, ...WAIT_FLAG, folder: 'string', json: 'switch' });
  const [action, url, ...extra] = flags.positionals;
  if (!action) throw new UsageError('say what to do: add, list, remove or check');
  if (extra.length) throw new UsageError(`one feed at a time (got ${[url, ...extra].join(' ')})`);
  const location = await locateVault(vaultRequest(flags, io, false));
  const vaultRoot = location.root;
  const data = new PluginDataFile(vaultRoot, location.configDir);
  const json = flags.switches.has('json');
  const needUrl = (): string => {
    if (!url || !/^https?:\/\//i.test(url)) throw new UsageError(`${action} needs a feed address (https://…)`);
    return url;
  };

  switch (action) {
    case 'add': {
      const feedUrl = needUrl();
      const saved = await data.read();
      const folder = safeFolder(flags.values.get('folder') ?? (typeof saved.feedFolder === 'string' ? saved.feedFolder : 'Feeds')) || 'Feeds';
      // Read once, so a typo or a page that is not a feed is said now rather than at the first check.
      const sources = deps.sources ?? defaultSources();
      const context = sourceContext(deps.fetcher, deps.clock, {}, sources, deps.policy ?? importPolicy());
      let title: string;
      try {
        title = (await fetchFeed(feedTarget(feedUrl).url, context)).title;
      } catch (error) {
        if (error instanceof ImportProblem) {
          io.stderr(`kindred follow: ${error.message}; not followed\n`);
          return 1;
        }
        throw error;
      }
      await data.update((feeds) => {
        const feed = followFeed(feeds, feedUrl, folder);
        feed.title = title;
      });
      io.stdout(`Following '${title || feedUrl}' into ${folder}/. New posts are clipped by \`kindred follow check\` or in Obsidian.\n`);
      return 0;
    }
    case 'list': {
      const feeds = await data.load();
      if (json) io.stdout(JSON.stringify({ feeds: feeds.map(({ seen, ...f }) => ({ ...f, seen: seen.length })) }) + '\n');
      else if (feeds.length === 0) io.stdout('No feeds followed. Add one with `kindred follow add <url> --vault DIR`.\n');
      else
        for (const f of feeds) {
          const when = f.lastChecked ? new Date(f.lastChecked).toISOString().slice(0, 16).replace('T', ' ') : 'never';
          io.stdout(`${f.title || '(not checked yet)'}  ${f.url}\n  folder ${f.folder}/${f.paused ? ', paused' : ''}, last checked ${when}${f.lastError ? `: ${f.lastError}` : ''}\n`);
        }
      return 0;
    }
    case 'remove': {
      const feedUrl = needUrl();
      let removed = false;
      await data.update((feeds) => void (removed = unfollowFeed(feeds, feedUrl)));
      if (!removed) {
        io.stderr(`kindred follow: not following ${feedUrl}\n`);
        return 1;
      }
      io.stdout(`No longer following ${feedUrl}; its notes stay in the vault.\n`);
      return 0;
    }
    case 'check': {
      if (url) {
        const feeds = await data.load();
        if (!findFeed(feeds, url)) throw new UsageError(`check takes no address; ${url} is not followed anyway`);
      }
      const checker = new FeedChecker(
        { vault: new NodeVault(vaultRoot), fetcher: deps.fetcher, parser: linkedomParser, clock: deps.clock, clip: { ...DEFAULT_CLIP_OPTIONS, tags: [...DEFAULT_CLIP_OPTIONS.tags] }, sources: deps.sources, policy: deps.policy },
        data,
      );
      // One clipper at a time, as for kindred import.
      const lock = await takeWriterLock(location, { name: CLIP_LOCK, holder: 'kindred follow check', waitSeconds: waitSeconds(flags) }, io.stderr);
      let check;
      try {
        check = await checker.check((feed, i, total) => io.isTTY && !json && io.stderr(`\r\x1b[2K[${i + 1}/${total}] ${feed.title || feed.url}`));
      } finally {
        await lock.release();
      }
      if (io.isTTY && !json) io.stderr('\r\x1b[2K');
      if (check.busy) return 1; // a single process has no other check running; kept for the type
      if (json) io.stdout(JSON.stringify({ feeds: check.results }) + '\n');
      else if (check.results.length === 0) io.stdout('No feeds to check (none followed, or all paused).\n');
      else
        for (const r of check.results) {
          const created = r.outcomes.filter((o) => o.status === 'created').length;
          io.stdout(`${r.title || r.url}: ${r.error ? `failed: ${r.error}` : `${r.outcomes.length} new, ${created} clipped`}\n`);
          for (const o of r.outcomes) io.stdout(`  ${o.status.padEnd(7)}  ${o.input}  →  ${o.status === 'created' ? o.path : o.error}\n`);
        }
      return check.results.some((r) => r.error || r.outcomes.some((o) => o.status === 'failed')) ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown action '${action}': add, list, remove or check`);
  }
}
