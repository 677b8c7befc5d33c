import type { IndexStats } from '../../core/index/kindred-index';
import type { CliCommand, CliIO } from '../command';
import { openIndex } from '../open-index';
import { locateVault, VAULT_FLAGS, vaultRequest } from '../vault-request';
import { describeHolder, INDEX_LOCK, isStale, readLock } from '../../core/vault-lock';
import { nodeProcessProbe } from '../node-process-probe';
import { formatBytes } from './format-results';
import { noPositionals, parseFlags } from './parse-flags';
import { plural } from './plural';

const USAGE = `Usage: kindred stats --vault DIR [options]

What the vault's index holds and its size on disk. Reads the index only; changes nothing.

Options:
  --vault DIR          the vault folder (required)
  --config-dir NAME    the vault's config folder (default .obsidian)
  --json               print the figures as JSON, with the index's warnings`;

/** Builds the `stats` command. It opens no model, so it needs nothing from outside. */
export function statsCommand(): CliCommand {
  return {
    name: 'stats',
    summary: "what a vault's index holds and its size on disk",
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, { ...VAULT_FLAGS, json: 'switch' });
      const request = vaultRequest(flags, io, false);
      noPositionals(flags);
      const location = await locateVault(request, false);
      const { index, store } = await openIndex(location, null, { loadKeyword: false });
      try {
        const s = index.stats();
        const folder = `${location.pluginDir}/index`;
        const writer = await readLock(store, INDEX_LOCK);
        const writing = writer && !isStale(writer, nodeProcessProbe, Date.now()) ? writer : null;
        const warnings = [...index.warnings];
        if (writing) warnings.push(`${describeHolder(writing)} is writing this vault's index: these are the figures as last saved`);
        if (flags.switches.has('json')) {
          io.stdout(JSON.stringify({ ...s, indexFolder: folder, writer: writing, warnings }) + '\n');
          return 0;
        }
        if (s.files === 0) {
          io.stdout(`No index yet in ${request.vault}: run kindred index --vault ${request.vault}\n`);
          return 0;
        }
        io.stdout(statsText(s, request.vault, folder));
        return 0;
      } finally {
        await index.close();
      }
    },
  };
}

/** What `kindred stats` prints for a person: counts, model, work under way, files. */
export function statsText(s: IndexStats, vault: string, folder: string): string {
  const lines = [
    `Index of ${vault} (${folder})`,
    `  notes:    ${s.notes} (${s.embeddedNotes} embedded)`,
    `  chunks:   ${s.chunks} (${s.embeddedChunks} with vectors)`,
    `  model:    ${s.modelId ? `${s.modelId}, ${s.dims} dimensions` : 'none (keyword only)'}`,
  ];
  if (s.previousModelId) {
    lines.push(`  under way: embedding again with ${s.modelId}; related notes answer from ${s.previousModelId} until every note is done (run kindred index to go on)`);
  }
  if (s.rechunkPending > 0) {
    lines.push(`  under way: ${plural(s.rechunkPending, 'note')} still answer from passages cut by an older chunker or chunk size (run kindred index to go on)`);
  }
  lines.push(
    `  on disk:  ${plural(s.files, 'file')}, ${formatBytes(s.bytesOnDisk)}` +
      (s.largestFile ? `; largest ${s.largestFile.name} (${formatBytes(s.largestFile.bytes)})` : ''),
  );
  for (const problem of s.problems ?? []) lines.push(`  problem:  ${problem.message} (${problem.code})`);
  return lines.join('\n') + '\n';
}
