/**
 * The embedding pipeline against itself as it was (issue 14, "a first index you can live with"),
 * on the same texts in the same run, and where its time goes:
 *   1. today vs before: 2 worker threads, every measured gain on (`DEFAULT_TUNING`, the default
 *      batch size) against all of them off (batch 16, the pipeline before them), on ~250-word
 *      passages of the Sequences (the figure: ≥ 1.25×) and on the chunker's own chunks;
 *   2. where the time goes, in one thread: tokenizing (the USE package's tokenizer / Kindred's
 *      linear one, on whole passages), the graph (as shipped / attention on SIMD kernels), the worker's messaging (a 1-worker pool
 *      against the same embedder in this thread), and each gain switched on in turn;
 *   3. batch size (4, 8, 16, 32) and worker count (1, 2, 3) with every gain on.
 * Methods take turns group by group, the order rotating, so load bursts on this shared machine
 * land on all of them. `npx tsx bench/embed-pipeline.bench.ts [--quick]`
 * → bench/results/embed-pipeline.json
 */
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { chunkNote } from '../src/core/index/chunk-note';
import type { Embedder } from '../src/core/ports';
import { DEFAULT_BATCH_SIZE } from '../src/embed/batch-size';
import { chooseBackend } from '../src/embed/choose-backend';
import { loadUseModel } from '../src/embed/load-use-model';
import { createNodeEmbedder } from '../src/embed/node/create-node-embedder';
import { folderModelSource, installedPackageModelDir } from '../src/embed/node/folder-model-source';
import { runUseBatch, UseEmbedder, type EmbedTuning } from '../src/embed/use-embedder';
import { verifyModelFiles } from '../src/embed/verify-model';
import { printTable } from './print-table';
import { ESSAYS_DIR, passagesOf, readEssaysOrExit, spreadSample } from './sequences-passages';

const quick = process.argv.includes('--quick');
const TEXTS = quick ? 32 : 96;
const ROUNDS = quick ? 1 : 2;
// Kindred's tokenizer is on in both: the workers load it with the model. Its gain over the
// package's (quadratic in the text) is measured apart, in part 2.
const BEFORE: EmbedTuning = { batchByWidth: false, simdAttention: false };
const BEFORE_BATCH = 16;

type Method = [name: string, run: (texts: string[]) => Promise<unknown>];

/** Seconds per method over all `texts`, cut into groups of `group`, the methods' order rotating per group. */
async function interleaved(methods: Method[], texts: string[], group: number): Promise<Record<string, number>> {
  const seconds: Record<string, number> = Object.fromEntries(methods.map(([name]) => [name, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (let g = 0, from = 0; from < texts.length; g++, from += group) {
      const slice = texts.slice(from, from + group);
      for (let m = 0; m < methods.length; m++) {
        const [name, run] = methods[(m + g + round) % methods.length];
        const started = performance.now();
        await run(slice);
        seconds[name] += (performance.now() - started) / 1000;
      }
    }
  }
  for (const name of Object.keys(seconds)) seconds[name] /= ROUNDS;
  return seconds;
}

const rate = (texts: number, seconds: number): number => Number((texts / seconds).toFixed(2));

/** The chunker's own chunks of the Sequences, as a first index embeds them. */
function sequenceChunks(): string[] {
  const out: string[] = [];
  for (const file of readdirSync(ESSAYS_DIR).filter((f) => f.endsWith('.md')).sort()) {
    const text = readFileSync(join(ESSAYS_DIR, file), 'utf8');
    for (const chunk of chunkNote(text)) out.push(chunk.embeddedText);
  }
  return out;
}

async function pools(sizes: number[], tuning: Partial<EmbedTuning>, batchSize: number): Promise<Embedder[]> {
  const started = await Promise.all(sizes.map((workers) => createNodeEmbedder({ workers, tuning, batchSize })));
  for (const pool of started) await pool.embed(['warm up every worker', 'and its kernels', 'once']);
  return started;
}

async function main(): Promise<void> {
  const loadAverageAtStart = loadavg();
  const essays = readEssaysOrExit();
  const passages = spreadSample(passagesOf(essays, 250), TEXTS);
  const chunks = spreadSample(sequenceChunks(), TEXTS);
  const results: Record<string, unknown> = {};

  // 1. Today's pipeline against the one before, 2 workers, same texts.
  const [before, now] = [...(await pools([2], BEFORE, BEFORE_BATCH)), ...(await pools([2], {}, DEFAULT_BATCH_SIZE))];
  const todayRows = [];
  for (const [corpus, texts] of [['250-word passages', passages], ['chunker chunks', chunks]] as const) {
    const s = await interleaved(
      [
        ['before', (t) => before.embed(t)],
        ['today', (t) => now.embed(t)],
      ],
      texts,
      4 * BEFORE_BATCH,
    );
    todayRows.push({ corpus, texts: texts.length, beforeChunksPerSecond: rate(texts.length, s.before), todayChunksPerSecond: rate(texts.length, s.today), ratio: Number((s.before / s.today).toFixed(3)) });
  }
  await Promise.all([before.dispose(), now.dispose()]);
  printTable(todayRows);
  results.todayVsBefore = todayRows;

  // 2. Where the time goes, in this thread.
  await chooseBackend('wasm', ['wasm']);
  const files = await verifyModelFiles(folderModelSource(installedPackageModelDir() as string));
  const shipped = await loadUseModel(files, { simdAttention: false });
  const simd = await loadUseModel(files);
  const vocabulary = JSON.parse(readFileSync(join(installedPackageModelDir() as string, 'vocab.json'), 'utf8')) as [string, number][];
  const packageTokenizer = new Tokenizer(vocabulary);
  let started = performance.now();
  for (const p of passages) packageTokenizer.encode(p);
  const tokenizePackageMs = (performance.now() - started) / passages.length;
  started = performance.now();
  const whole = passages.map((p) => simd.tokenizer.encode(p));
  const tokenizeKindredMs = (performance.now() - started) / passages.length;
  const leading = whole.map((ids) => ids.slice(0, 128));
  const batches: number[][][] = [];
  for (let i = 0; i < leading.length; i += DEFAULT_BATCH_SIZE) batches.push(leading.slice(i, i + DEFAULT_BATCH_SIZE));
  await runUseBatch(shipped, batches[0]);
  await runUseBatch(simd, batches[0]);
  const graph = { shipped: 0, simd: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    for (const [b, batch] of batches.entries()) {
      for (const which of (b + round) % 2 === 0 ? (['shipped', 'simd'] as const) : (['simd', 'shipped'] as const)) {
        const t = performance.now();
        await runUseBatch(which === 'shipped' ? shipped : simd, batch);
        graph[which] += performance.now() - t;
      }
    }
  }
  const graphShippedMs = graph.shipped / ROUNDS / passages.length;
  const graphSimdMs = graph.simd / ROUNDS / passages.length;

  const variants: [string, UseEmbedder][] = [
    ['before (nothing on)', new UseEmbedder(shipped, BEFORE_BATCH, BEFORE)],
    ['+ batches by width', new UseEmbedder(shipped, BEFORE_BATCH, { ...BEFORE, batchByWidth: true })],
    ['+ SIMD attention (today)', new UseEmbedder(simd, BEFORE_BATCH)],
  ];
  const pool1 = (await pools([1], {}, BEFORE_BATCH))[0];
  const leverSeconds = await interleaved(
    [...variants.map(([name, e]): Method => [name, (t) => e.embed(t)]), ['today, 1-worker pool (messaging)', (t) => pool1.embed(t)]],
    chunks,
    2 * BEFORE_BATCH,
  );
  await pool1.dispose();
  const leverRows = Object.entries(leverSeconds).map(([step, s]) => ({ step, chunksPerSecond: rate(chunks.length, s), msPerChunk: Number(((s * 1000) / chunks.length).toFixed(1)) }));
  const inThread = leverSeconds['+ SIMD attention (today)'];
  const breakdown = {
    tokenizePackageMs: Number(tokenizePackageMs.toFixed(2)),
    tokenizeKindredMs: Number(tokenizeKindredMs.toFixed(2)),
    tokensPerPassageWhole: Math.round(whole.reduce((s, ids) => s + ids.length, 0) / whole.length),
    graphShippedMsPerPassage: Number(graphShippedMs.toFixed(1)),
    graphSimdAttentionMsPerPassage: Number(graphSimdMs.toFixed(1)),
    messagingMsPerChunk: Number((((leverSeconds['today, 1-worker pool (messaging)'] - inThread) * 1000) / chunks.length).toFixed(2)),
  };
  printTable(leverRows);
  printTable([breakdown]);
  results.levers = leverRows;
  results.breakdown = breakdown;

  // 3. Batch size in one thread, then worker count, every gain on.
  const sizes = [4, 8, 16, 32];
  const batchSeconds = await interleaved(
    sizes.map((size): Method => {
      const e = new UseEmbedder(simd, size);
      return [`batch ${size}`, (t) => e.embed(t)];
    }),
    chunks,
    32,
  );
  const batchRows = sizes.map((size) => ({ batchSize: size, chunksPerSecond: rate(chunks.length, batchSeconds[`batch ${size}`]) }));
  printTable(batchRows);
  results.batchSizes = batchRows;
  shipped.graph.dispose();
  simd.graph.dispose();

  const counts = [1, 2, 3];
  const workerPools = await pools(counts, {}, DEFAULT_BATCH_SIZE);
  const cores: Record<string, number> = {};
  const workerSeconds = await interleaved(
    workerPools.map((pool, i): Method => [
      `${counts[i]} workers`,
      async (t) => {
        const cpu = process.cpuUsage();
        await pool.embed(t);
        const used = process.cpuUsage(cpu);
        cores[`${counts[i]} workers`] = (cores[`${counts[i]} workers`] ?? 0) + (used.user + used.system) / 1e6;
      },
    ]),
    chunks,
    4 * DEFAULT_BATCH_SIZE,
  );
  await Promise.all(workerPools.map((p) => p.dispose()));
  const workerRows = counts.map((n) => {
    const key = `${n} workers`;
    return { workers: n, chunksPerSecond: rate(chunks.length, workerSeconds[key]), coresUsed: Number((cores[key] / ROUNDS / workerSeconds[key]).toFixed(2)) };
  });
  printTable(workerRows);
  results.workers = workerRows;

  const loadAverageAtEnd = loadavg();
  printTable([{ loadAverageAtStart: loadAverageAtStart[0].toFixed(1), loadAverageAtEnd: loadAverageAtEnd[0].toFixed(1) }]);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', quick ? 'embed-pipeline-quick.json' : 'embed-pipeline.json'),
    JSON.stringify(
      {
        bench: 'embed-pipeline',
        quick,
        backend: 'wasm (SIMD, one thread per model)',
        texts: TEXTS,
        rounds: ROUNDS,
        defaultBatchSize: DEFAULT_BATCH_SIZE,
        machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, loadAverageAtStart, loadAverageAtEnd },
        ...results,
      },
      null,
      2,
    ) + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
