import type { IndexStats } from '../../core/index/kindred-index';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { openVaultIndex } from '../open-vault-index';
import { formatBytes } from './index';
import { parseFlags } from './parse-flags';

const USAGE = `Usage: kindred stats --vault DIR [options]

What the vault's index holds and its size on disk. Reads the index only; changes nothing.

Options:
  --vault DIR          the vault folder (required)
  --config-dir NAME    the vault's config folder (default .obsidian)
  --json               print the figures as JSON`;

export const stats: CliCommand = {
  name: 'stats',
  summary: "what a vault's index holds and its size on disk",
  usage: USAGE,
  async run(argv: string[], io: CliIO): Promise<number> {
    const flags = parseFlags(argv, { vault: 'string', 'config-dir': 'string', json: 'switch' });
    const vault = flags.values.get('vault');
    if (!vault) throw new UsageError('--vault DIR is required');
    if (flags.positionals.length > 0) throw new UsageError(`unexpected argument '${flags.positionals[0]}'`);
    const opened = await openVaultIndex({ vault, cwd: io.cwd, configDir: flags.values.get('config-dir'), embedder: null, options: { loadKeyword: false } });
    try {
      const s = opened.index.stats();
      if (flags.switches.has('json')) {
        io.stdout(JSON.stringify({ ...s, indexFolder: opened.pluginDir + '/index' }) + '\n');
        return 0;
      }
      if (s.files === 0) {
        io.stdout(`No index yet in ${vault}: run kindred index --vault ${vault}\n`);
        return 0;
      }
      io.stdout(statsText(s, vault, `${opened.pluginDir}/index`));
      return 0;
    } finally {
      await opened.index.close();
    }
  },
};

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
    lines.push(`  under way: ${s.rechunkPending} notes still answer from passages cut by an older chunker or chunk size (run kindred index to go on)`);
  }
  lines.push(
    `  on disk:  ${s.files} files, ${formatBytes(s.bytesOnDisk)}` +
      (s.largestFile ? `; largest ${s.largestFile.name} (${formatBytes(s.largestFile.bytes)})` : ''),
  );
  for (const problem of s.problems ?? []) lines.push(`  problem:  ${problem.message} (${problem.code})`);
  return lines.join('\n') + '\n';
}
