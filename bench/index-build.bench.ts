/**
 * The real-model build of the whole Sequences corpus (337 essays) end to end, as `kindred index`
 * does it: scan, chunk, embed with USE-lite on worker threads, save; then a second run, which
 * must embed nothing. Where the build's time goes: waiting for the embedder, the rest of indexing
 * (reading, chunking, Orama), saving. And how honest the time-left estimate was: at each progress
 * event, the estimate against the time that was in fact left until indexing ended.
 * `npx tsx bench/index-build.bench.ts [--quick] [--workers N]`
 * (`--quick`: the first 20 essays) → bench/results/index-build.json
 */
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KindredIndex, type IndexProgress } from '../src/core/index/kindred-index';
import type { Embedder } from '../src/core/ports';
import { createNodeEmbedder } from '../src/embed/node/create-node-embedder';
import { NodeBlobStore } from '../src/cli/node-blob-store';
import { NodeVault } from '../src/cli/node-vault';
import { nodeClock } from '../src/cli/node-clock';
import { printTable } from './print-table';
import { ESSAYS_DIR, readEssaysOrExit } from './sequences-passages';

/** The embedder, timed: how long the build waited for vectors. */
function timedEmbedder(inner: Embedder): Embedder & { seconds: number } {
  const timed = {
    modelId: inner.modelId,
    dims: inner.dims,
    seconds: 0,
    async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
      const started = performance.now();
      try {
        return await inner.embed(texts, signal);
      } finally {
        timed.seconds += (performance.now() - started) / 1000;
      }
    },
    dispose: () => inner.dispose(),
  };
  return timed;
}

/**
 * The estimate against the truth at a quarter, half and three quarters of the notes: the ratio
 * of the seconds left it said to the seconds that were left until the last note was indexed.
 */
function estimateHonesty(events: Array<{ at: number; progress: IndexProgress }>): Record<string, number | null> {
  const indexing = events.filter((e) => e.progress.phase === 'indexing');
  const end = indexing.at(-1)?.at;
  const out: Record<string, number | null> = {};
  for (const share of [0.1, 0.25, 0.5, 0.75]) {
    const event = indexing.find((e) => e.progress.done >= share * e.progress.total && e.progress.secondsLeft !== null);
    const left = event && end !== undefined ? (end - event.at) / 1000 : 0;
    out[`at${share * 100}%`] = event && left > 0 ? Number((event.progress.secondsLeft! / left).toFixed(2)) : null;
  }
  return out;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const workersAt = process.argv.indexOf('--workers');
  const workers = workersAt !== -1 ? Number(process.argv[workersAt + 1]) : availableParallelism();
  readEssaysOrExit();
  const files = readdirSync(ESSAYS_DIR).filter((f) => f.endsWith('.md')).sort().slice(0, quick ? 20 : undefined);
  // The corpus is read-only: the vault is a copy, so the index can live inside it.
  const root = mkdtempSync(join(tmpdir(), 'kindred-build-'));
  try {
    for (const f of files) copyFileSync(join(ESSAYS_DIR, f), join(root, f));
    const modelStart = performance.now();
    const embedder = timedEmbedder(await createNodeEmbedder({ workers }));
    const modelSeconds = (performance.now() - modelStart) / 1000;
    const deps = { vault: new NodeVault(root), store: new NodeBlobStore(join(root, '.obsidian/plugins/kindred')), embedder, clock: nodeClock };
    try {
      let t = performance.now();
      const index = await KindredIndex.open(deps, { configDir: '.obsidian' });
      const events: Array<{ at: number; progress: IndexProgress }> = [];
      const stopListening = index.onProgress((progress) => events.push({ at: performance.now(), progress }));
      const first = await index.sync();
      const seconds = (performance.now() - t) / 1000;
      stopListening();
      const savingAt = events.find((e) => e.progress.phase === 'saving')?.at ?? performance.now();
      const saveSeconds = (performance.now() - savingAt) / 1000;
      const stats = index.stats();
      await index.close();
      t = performance.now();
      const again = await KindredIndex.open(deps, { configDir: '.obsidian' });
      const second = await again.sync();
      const secondSeconds = (performance.now() - t) / 1000;
      await again.close();
      const result = {
        notes: first.notes,
        chunks: first.chunks,
        embedded: first.embeddedChunks,
        workers,
        modelLoadSeconds: Number(modelSeconds.toFixed(1)),
        buildSeconds: Number(seconds.toFixed(1)),
        chunksPerSecond: Number((first.embeddedChunks / seconds).toFixed(2)),
        waitingForEmbedderSeconds: Number(embedder.seconds.toFixed(1)),
        otherIndexingSeconds: Number((seconds - embedder.seconds - saveSeconds).toFixed(1)),
        saveSeconds: Number(saveSeconds.toFixed(1)),
        secondRunSeconds: Number(secondSeconds.toFixed(2)),
        secondRunEmbedded: second.embeddedChunks,
        indexMB: Number((stats.bytesOnDisk / 1024 / 1024).toFixed(1)),
        files: stats.files,
      };
      // Estimated seconds left ÷ seconds in fact left (1 is honest, below 1 too hopeful).
      const timeLeftEstimate = estimateHonesty(events);
      printTable([result]);
      printTable([timeLeftEstimate]);
      const loadAverage = loadavg();
      mkdirSync(join(__dirname, 'results'), { recursive: true });
      writeFileSync(join(__dirname, 'results', quick ? 'index-build-quick.json' : 'index-build.json'), JSON.stringify({ bench: 'index-build', quick, loadAverage, result, timeLeftEstimate }, null, 2) + '\n');
    } finally {
      await embedder.dispose();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
