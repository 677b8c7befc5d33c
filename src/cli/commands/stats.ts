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
      for (const warning of opened.index.warnings) io.stderr(`warning: ${warning}\n`);
      if (flags.switches.has('json')) {
        io.stdout(JSON.stringify({ ...s, indexFolder: opened.pluginDir + '/index' }) + '\n');
        return 0;
      }
      if (s.files === 0) {
        io.stdout(`No index yet in ${vault}: run kindred index --vault ${vault}\n`);
        return 0;
      }
      io.stdout(
        [
          `Index of ${vault} (${opened.pluginDir}/index)`,
          `  notes:    ${s.notes} (${s.embeddedNotes} embedded)`,
          `  chunks:   ${s.chunks} (${s.embeddedChunks} with vectors)`,
          `  model:    ${s.modelId ? `${s.modelId}, ${s.dims} dimensions` : 'none (keyword only)'}`,
          `  on disk:  ${s.files} files, ${formatBytes(s.bytesOnDisk)}` +
            (s.largestFile ? `; largest ${s.largestFile.name} (${formatBytes(s.largestFile.bytes)})` : ''),
        ].join('\n') + '\n',
      );
      return 0;
    } finally {
      await opened.index.close();
    }
  },
};
