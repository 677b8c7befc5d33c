import type { Embedder } from '../../core/ports';
import type { IndexProgress, IndexStats, SyncSummary } from '../../core/index/kindred-index';
import { describeTimeLeft } from '../../core/index/time-left';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { openIndex, type OpenedIndex } from '../open-index';
import type { LoadEmbedder } from '../ranking-session';
import { INIT_FLAG, locateVault, MODEL_DIR_FLAG, VAULT_FLAGS, vaultRequest } from '../vault-request';
import { INDEX_LOCK, describeHolder, type HeldLock } from '../../core/vault-lock';
import { takeWriterLock, WAIT_FLAG, waitSeconds } from '../writer-lock';
import { formatBytes } from './format-results';
import { noPositionals, parseFlags } from './parse-flags';
import { plural } from './plural';

const USAGE = `Usage: kindred index --vault DIR [options]

Builds or refreshes the index of a vault: notes are chunked, embedded with the local USE-lite
model and indexed by keyword. Only what changed since the last run is read again, and only new
passages are embedded. The index lives in DIR/<config dir>/plugins/kindred/index, where the
Obsidian plugin finds it.

Options:
  --vault DIR          the vault folder (required)
  --config-dir NAME    the vault's config folder (default .obsidian)
  --init               make DIR a vault (create its config folder) if it is not one
  --model-dir DIR      a folder with the USE-lite model files (default: the installed npm package)
  --backend wasm|cpu   the TensorFlow.js backend (default wasm)
  --workers N          embedding threads (default: the number of cores)
  --keyword-only       skip the model: index by keyword only
  --wait S             wait up to S seconds for another writer of this vault (default 60; 0 refuses at once)
  --json               print the summary as JSON, its warnings included

One writer at a time: while another kindred or Obsidian writes this vault's index, this waits
for it (saying so), then refuses with exit 1.`;

/** Builds the `index` command over a model loader (the real model, or a test's embedder). */
export function indexCommand(loadEmbedder: LoadEmbedder): CliCommand {
  return {
    name: 'index',
    summary: 'build or refresh the index of a vault (only what changed is embedded)',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        ...VAULT_FLAGS,
        ...INIT_FLAG,
        ...MODEL_DIR_FLAG,
        ...WAIT_FLAG,
        backend: 'string',
        workers: 'string',
        'keyword-only': 'switch',
        json: 'switch',
      });
      const keywordOnly = flags.switches.has('keyword-only');
      const request = vaultRequest(flags, io, !keywordOnly);
      noPositionals(flags);
      const backend = flags.values.get('backend');
      if (backend !== undefined && backend !== 'wasm' && backend !== 'cpu') {
        throw new UsageError(`--backend must be wasm or cpu (got '${backend}')`);
      }
      const workersRaw = flags.values.get('workers');
      const workers = workersRaw === undefined ? undefined : Number(workersRaw);
      if (workers !== undefined && (!/^\d+$/.test(workersRaw!) || workers > 64)) {
        throw new UsageError(`--workers must be a whole number from 0 to 64 (got '${workersRaw}')`);
      }
      if (keywordOnly && (request.modelDir || backend || workersRaw)) {
        throw new UsageError('--keyword-only leaves the model out; drop --model-dir, --backend and --workers');
      }
      const json = flags.switches.has('json');
      const wait = waitSeconds(flags);

      // The vault is checked before the model loads, so a typo fails at once; the model loads
      // before the lock is taken, so a model that cannot load leaves the vault as it was.
      const location = await locateVault(request);
      let embedder: Embedder | null = null;
      let lock: HeldLock | null = null;
      let opened: OpenedIndex | null = null;
      let stopProgress = (): void => undefined;
      try {
        if (!keywordOnly) {
          if (!json) io.stderr('Loading the embedding model…\n');
          embedder = await loadEmbedder({ modelDir: request.modelDir, backend, workers });
        }
        const stop = new AbortController();
        const lost: string[] = [];
        lock = await takeWriterLock(location, {
          name: INDEX_LOCK,
          holder: 'kindred index',
          waitSeconds: wait,
          onLost: (by) => {
            lost.push(`${by ? describeHolder(by) : 'another writer'} took this vault's index over, taking this run for dead; it stopped`);
            stop.abort();
          },
        }, io.stderr);
        opened = await openIndex(location, embedder);
        if (io.isTTY) {
          const unsubscribe = opened.index.onProgress((p) => io.stderr(progressLine(p)));
          stopProgress = () => void unsubscribe();
        }
        const summary = await opened.index.sync(stop.signal);
        stopProgress();
        if (io.isTTY) io.stderr('\r\x1b[K');
        const stats = opened.index.stats();
        // Every problem, those found opening the index included, not only the sync's own.
        const problems = opened.index.problems;
        const warnings = [...problems.map((p) => p.message), ...lost];
        if (json) {
          io.stdout(JSON.stringify({ ...summary, warnings, problems, stats }) + '\n');
        } else {
          for (const problem of problems) io.stderr(`${problem.severity}: ${problem.message}\n`);
          for (const warning of lost) io.stderr(`warning: ${warning}\n`);
          io.stdout(summaryText(request.vault, summary, stats));
        }
        // The lock was lost, or the index could not be saved (a full disk, a read-only folder): said above.
        return lost.length > 0 || !summary.saved ? 1 : 0;
      } finally {
        stopProgress();
        await opened?.index.close();
        await embedder?.dispose();
        await lock?.release();
      }
    },
  };
}

function progressLine(p: IndexProgress): string {
  if (p.phase !== 'indexing' && p.phase !== 'paused') return `\r\x1b[K${p.phase}…`;
  const width = 30;
  const filled = p.total > 0 ? Math.round((p.done / p.total) * width) : 0;
  const rate = p.chunksPerSecond > 0 ? ` · ${p.chunksPerSecond.toFixed(1)} chunks/s` : '';
  const left = p.secondsLeft !== null ? ` · ${describeTimeLeft(p.secondsLeft)} left` : '';
  return `\r\x1b[K[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${p.done}/${p.total} notes${rate}${left}`;
}

function summaryText(vault: string, s: SyncSummary, stats: IndexStats): string {
  const lines = [
    `Indexed ${vault}: ${plural(s.notes, 'note')}, ${plural(s.chunks, 'chunk')}.`,
    `  this run: ${plural(s.indexedNotes, 'note')} read, ${s.removedNotes} removed, ${plural(s.embeddedChunks, 'chunk')} embedded now, ${s.reusedChunks} reused from cache, ${s.seconds.toFixed(1)} s`,
    `  on disk: ${plural(stats.files, 'file')}, ${formatBytes(stats.bytesOnDisk)}`,
  ];
  if (s.keywordOnly) lines.push('  keyword only: no embedding model was used, so related notes and semantic search are not available yet.');
  if (s.aborted) lines.push('  stopped early; what was done is saved.');
  return lines.join('\n') + '\n';
}
