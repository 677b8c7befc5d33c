import type { Embedder } from '../../core/ports';
import type { IndexProgress, IndexStats, SyncSummary } from '../../core/index/kindred-index';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { openVaultIndex } from '../open-vault-index';
import { parseFlags } from './parse-flags';

const USAGE = `Usage: kindred index --vault DIR [options]

Builds or refreshes the index of a vault: notes are chunked, embedded with the local USE-lite
model and indexed by keyword. Only what changed since the last run is read again, and only new
passages are embedded. The index lives in DIR/<config dir>/plugins/kindred/index, where the
Obsidian plugin finds it.

Options:
  --vault DIR          the vault folder (required)
  --model-dir DIR      a folder with the USE-lite model files (default: the installed npm package)
  --backend wasm|cpu   the TensorFlow.js backend (default wasm)
  --workers N          embedding threads (default: the number of cores)
  --config-dir NAME    the vault's config folder (default .obsidian)
  --keyword-only       skip the model: index by keyword only
  --json               print the summary as JSON`;

/** Loads the real embedder; swapped in tests so they need not load the model. */
export type LoadEmbedder = (options: { modelDir?: string; backend?: 'wasm' | 'cpu'; workers?: number }) => Promise<Embedder>;

const loadNodeEmbedder: LoadEmbedder = async (options) =>
  (await import('../../embed/node/create-node-embedder')).createNodeEmbedder(options);

/** Builds the `index` command; `loadEmbedder` is swapped in tests. */
export function indexCommand(loadEmbedder: LoadEmbedder = loadNodeEmbedder): CliCommand {
  return {
    name: 'index',
    summary: 'build or refresh the index of a vault (only what changed is embedded)',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        vault: 'string',
        'model-dir': 'string',
        backend: 'string',
        workers: 'string',
        'config-dir': 'string',
        'keyword-only': 'switch',
        json: 'switch',
      });
      const vault = flags.values.get('vault');
      if (!vault) throw new UsageError('--vault DIR is required');
      if (flags.positionals.length > 0) throw new UsageError(`unexpected argument '${flags.positionals[0]}'`);
      const backend = flags.values.get('backend');
      if (backend !== undefined && backend !== 'wasm' && backend !== 'cpu') {
        throw new UsageError(`--backend must be wasm or cpu (got '${backend}')`);
      }
      const workersRaw = flags.values.get('workers');
      const workers = workersRaw === undefined ? undefined : Number(workersRaw);
      if (workers !== undefined && (!/^\d+$/.test(workersRaw!) || workers > 64)) {
        throw new UsageError(`--workers must be a whole number from 0 to 64 (got '${workersRaw}')`);
      }
      const keywordOnly = flags.switches.has('keyword-only');
      if (keywordOnly && (flags.values.has('model-dir') || backend || workersRaw)) {
        throw new UsageError('--keyword-only leaves the model out; drop --model-dir, --backend and --workers');
      }

      // The vault is checked before the model loads, so a typo fails at once.
      const opened = await openVaultIndex({ vault, cwd: io.cwd, configDir: flags.values.get('config-dir'), embedder: null });
      let embedder: Embedder | null = null;
      let stopProgress = (): void => undefined;
      try {
        if (!keywordOnly) {
          if (!flags.switches.has('json')) io.stderr('Loading the embedding model…\n');
          embedder = await loadEmbedder({ modelDir: flags.values.get('model-dir'), backend, workers });
          opened.index.setEmbedder(embedder);
        }
        if (io.isTTY) {
          const unsubscribe = opened.index.onProgress((p) => io.stderr(progressLine(p)));
          stopProgress = () => void unsubscribe();
        }
        const summary = await opened.index.sync();
        stopProgress();
        if (io.isTTY) io.stderr('\r\x1b[K');
        const stats = opened.index.stats();
        for (const problem of opened.index.problems) io.stderr(`${problem.severity}: ${problem.message}\n`);
        io.stdout(flags.switches.has('json') ? JSON.stringify({ ...summary, stats }) + '\n' : summaryText(vault, summary, stats));
        return 0;
      } finally {
        stopProgress();
        await opened.index.close();
        await embedder?.dispose();
      }
    },
  };
}

function progressLine(p: IndexProgress): string {
  if (p.phase !== 'indexing' && p.phase !== 'paused') return `\r\x1b[K${p.phase}…`;
  const width = 30;
  const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : 0;
  const rate = p.chunksPerSecond > 0 ? ` · ${p.chunksPerSecond.toFixed(1)} chunks/s` : '';
  const left = p.secondsLeft !== null ? ` · ~${Math.ceil(p.secondsLeft)} s left` : '';
  return `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} notes${rate}${left}`;
}

function summaryText(vault: string, s: SyncSummary, stats: IndexStats): string {
  const lines = [
    `Indexed ${vault}: ${s.notes} notes, ${s.chunks} chunks.`,
    `  this run: ${s.indexedNotes} notes read, ${s.removedNotes} removed, ${s.embeddedChunks} chunks embedded now, ${s.reusedChunks} reused from cache, ${s.seconds.toFixed(1)} s`,
    `  on disk: ${stats.files} files, ${formatBytes(stats.bytesOnDisk)}`,
  ];
  if (s.keywordOnly) lines.push('  keyword only: no embedding model was used, so related notes and semantic search are not available yet.');
  if (s.aborted) lines.push('  stopped early; what was done is saved.');
  return lines.join('\n') + '\n';
}

/** Bytes as a short human figure. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const index = indexCommand();
