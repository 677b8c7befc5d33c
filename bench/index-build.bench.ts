/**
 * The real-model build of the whole Sequences corpus (337 essays) end to end, as `kindred index`
 * does it: scan, chunk, embed with USE-lite on worker threads, save; then a second run, which
 * must embed nothing. `npx tsx bench/index-build.bench.ts [--quick] [--workers N]`
 * (`--quick`: the first 20 essays) → bench/results/index-build.json
 */
import { availableParallelism, tmpdir } from 'node:os';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KindredIndex } from '../src/core/index/kindred-index';
import { createNodeEmbedder } from '../src/embed/node/create-node-embedder';
import { NodeBlobStore } from '../src/cli/node-blob-store';
import { NodeVault } from '../src/cli/node-vault';
import { nodeClock } from '../src/cli/node-clock';
import { printTable } from './print-table';
import { ESSAYS_DIR, readEssaysOrExit } from './sequences-passages';

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
    const embedder = await createNodeEmbedder({ workers });
    const modelSeconds = (performance.now() - modelStart) / 1000;
    const deps = { vault: new NodeVault(root), store: new NodeBlobStore(join(root, '.obsidian/plugins/kindred')), embedder, clock: nodeClock };
    try {
      let t = performance.now();
      const index = await KindredIndex.open(deps, { configDir: '.obsidian' });
      const first = await index.sync();
      const seconds = (performance.now() - t) / 1000;
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
        secondRunSeconds: Number(secondSeconds.toFixed(2)),
        secondRunEmbedded: second.embeddedChunks,
        indexMB: Number((stats.bytesOnDisk / 1024 / 1024).toFixed(1)),
        files: stats.files,
      };
      printTable([result]);
      mkdirSync(join(__dirname, 'results'), { recursive: true });
      writeFileSync(join(__dirname, 'results', 'index-build.json'), JSON.stringify({ bench: 'index-build', quick, result }, null, 2) + '\n');
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
