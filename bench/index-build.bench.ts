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
 * Time-left estimates against the truth at 10, 25, 50 and 75% of the notes: the seconds left an
 * estimate said ÷ the seconds that were in fact left until the last note was indexed (1 is
 * honest, below 1 too hopeful). Two estimates of the same build: the one the sync reports
 * (`secondsLeft` of its progress events: `TimeLeft`, bytes of the notes paced from the end of the
 * first batch) and the one before it (notes left ÷ notes per second since the sync began).
 */
function estimateHonesty(events: Array<{ at: number; progress: IndexProgress }>, syncStartedAt: number): Record<string, Record<string, number | null>> {
  const indexing = events.filter((e) => e.progress.phase === 'indexing');
  const end = indexing.at(-1)?.at;
  const byNotesSinceStart = ({ at, progress }: { at: number; progress: IndexProgress }): number | null => {
    const rate = progress.done / ((at - syncStartedAt) / 1000);
    return rate > 0 ? (progress.total - progress.done) / rate : null;
  };
  const out: Record<string, Record<string, number | null>> = { reported: {}, notesSinceStart: {} };
  for (const share of [0.1, 0.25, 0.5, 0.75]) {
    const at = indexing.findIndex((e) => e.progress.done >= share * e.progress.total && e.progress.secondsLeft !== null);
    const truth = at >= 0 && end !== undefined ? (end - indexing[at].at) / 1000 : 0;
    const ratio = (estimate: number | null | undefined): number | null => (estimate !== null && estimate !== undefined && truth > 0 ? Number((estimate / truth).toFixed(2)) : null);
    out.reported[`at${share * 100}%`] = ratio(at >= 0 ? indexing[at].progress.secondsLeft : null);
    out.notesSinceStart[`at${share * 100}%`] = ratio(at >= 0 ? byNotesSinceStart(indexing[at]) : null);
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
    const vault = new NodeVault(root);
    const deps = { vault, store: new NodeBlobStore(join(root, '.obsidian/plugins/kindred')), embedder, clock: nodeClock };
    try {
      let t = performance.now();
      const index = await KindredIndex.open(deps, { configDir: '.obsidian' });
      const events: Array<{ at: number; progress: IndexProgress }> = [];
      const stopListening = index.onProgress((progress) => events.push({ at: performance.now(), progress }));
      const syncStartedAt = performance.now();
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
      const timeLeftEstimate = estimateHonesty(events, syncStartedAt);
      printTable([result]);
      printTable(Object.entries(timeLeftEstimate).map(([estimate, at]) => ({ estimate, ...at })));
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
