/**
 * Embedding throughput on the same chunks (~250-word passages of the Sequences), the same
 * backend (wasm, one thread per model) and the same batch size:
 *   1. Kindred's UseEmbedder against the USE package's own `model.embed` on the graph as shipped
 *      (target ratio ≥ 0.9; the gains of bench/embed-pipeline.bench.ts are in it);
 *   2. Kindred embedding + one Orama insertMultiple against @orama/plugin-embeddings' own path
 *      (its `beforeInsert`, one document at a time), with the same model files served from
 *      127.0.0.1 (its `load()` asks TF Hub; fetch is redirected to the loopback server);
 *   3. the worker pool with 2 workers against 1 (target ≥ 1.7× on this 2-core machine).
 * The methods take turns slice by slice (the machine is shared, so load bursts hit all of them);
 * times are the mean over `rounds` passes over all chunks.
 * `npx tsx bench/embed.bench.ts [--quick]` → bench/results/embed.json.
 */
import '@tensorflow/tfjs-backend-wasm';
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { Tokenizer, UniversalSentenceEncoder } from '@tensorflow-models/universal-sentence-encoder';
import { create, insert, insertMultiple, search } from '@orama/orama';
import { pluginEmbeddings } from '@orama/plugin-embeddings';
import { chooseBackend } from '../src/embed/choose-backend';
import { loadUseModel } from '../src/embed/load-use-model';
import { UseEmbedder } from '../src/embed/use-embedder';
import { verifyModelFiles } from '../src/embed/verify-model';
import { folderModelSource, installedPackageModelDir } from '../src/embed/node/folder-model-source';
import { createNodeEmbedder } from '../src/embed/node/create-node-embedder';
import { passagesOf, readEssaysOrExit, spreadSample, wordCount } from './sequences-passages';
import { printTable } from './print-table';

const quick = process.argv.includes('--quick');
const CHUNKS = quick ? 32 : 96;
const ROUNDS = quick ? 1 : 3;
const BATCH = 16;
const modelDir = installedPackageModelDir() as string;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

/** Serves the model files on 127.0.0.1 and points tfjs's fetch at it for TF Hub / GCS URLs. */
async function serveModelOnLoopback(): Promise<{ server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const name = basename((req.url ?? '').split('?')[0]);
    requests.push(name);
    readFile(join(modelDir, name)).then(
      (bytes) => res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(bytes),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  // tfjs's Node platform fetches through env().global.fetch; only TF Hub and GCS URLs are rewritten.
  const tfGlobal = tf.env().global as { fetch: typeof fetch };
  const realFetch = tfGlobal.fetch;
  tfGlobal.fetch = (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (/^https:\/\/(tfhub\.dev|www\.kaggle\.com|storage\.googleapis\.com)\//.test(url)) {
      return realFetch(`http://127.0.0.1:${port}/${basename(new URL(url).pathname)}`, init);
    }
    throw new Error(`The benchmark refuses to fetch ${url}`);
  };
  return { server, requests };
}

async function main(): Promise<void> {
  const loadAverageAtStart = loadavg();
  const chunks = spreadSample(passagesOf(readEssaysOrExit(), 250), CHUNKS);
  const words = chunks.reduce((sum, c) => sum + wordCount(c), 0);
  await chooseBackend('wasm', ['wasm']);
  const files = await verifyModelFiles(folderModelSource(modelDir));
  const model = await loadUseModel(files);
  const shipped = await loadUseModel(files, { simdAttention: false });
  const kindred = new UseEmbedder(model, BATCH);
  const raw = new UniversalSentenceEncoder();
  // The package's path as it ships: the graph as shipped and its own tokenizer.
  const vocabulary = JSON.parse(await readFile(join(modelDir, 'vocab.json'), 'utf8')) as [string, number][];
  Object.assign(raw, { model: shipped.graph, tokenizer: new Tokenizer(vocabulary) });

  const slices: string[][] = [];
  for (let i = 0; i < chunks.length; i += BATCH) slices.push(chunks.slice(i, i + BATCH));
  const schema = { text: 'string', embeddings: 'vector[512]' } as const;

  // Warm-up: the first inference compiles kernels.
  await kindred.embed(chunks.slice(0, 2));

  const { server, requests } = await serveModelOnLoopback();
  const plugin = await pluginEmbeddings({
    embeddings: { defaultProperty: 'embeddings', onInsert: { generate: true, properties: ['text'], verbose: false } },
  });
  // Orama 3.1.18 only awaits hooks that are native async functions; the plugin's transpiled
  // beforeInsert is not one, so a plain `insert` stores the document before its vector exists
  // (checked below: no document gets a vector). The benchmark awaits the hook itself, then
  // inserts: the plugin's one-document-at-a-time path as it would run if Orama waited for it.
  const beforeInsert = plugin.beforeInsert as (db: unknown, id: string, doc: Record<string, unknown>) => Promise<void>;
  const brokenDb = create({ schema, plugins: [plugin] });
  await insert(brokenDb, { text: chunks[0] });
  const pluginHookAwaitedByOrama = (await search(brokenDb, { term: '', properties: ['text'] })).hits.some(
    (hit) => Array.isArray((hit.document as { embeddings?: unknown }).embeddings),
  );
  await beforeInsert(brokenDb, 'warm-up', { text: chunks[0] }); // the plugin's own model instance warms up too

  // Each method embeds the same slice in turn (order rotating), so a burst of load from other
  // processes lands on all of them rather than on whichever ran at that moment.
  const total: Record<string, number> = {};
  const add = (name: string, seconds: number): void => {
    total[name] = (total[name] ?? 0) + seconds;
  };
  for (let round = 0; round < ROUNDS; round++) {
    const pluginDb = create({ schema });
    const kindredDb = create({ schema });
    const methods: [string, (slice: string[]) => Promise<unknown>][] = [
      [
        'raw model.embed',
        async (slice) => {
          const tensor = await raw.embed(slice);
          await tensor.data();
          tensor.dispose();
        },
      ],
      ['Kindred UseEmbedder', (slice) => kindred.embed(slice)],
      [
        'plugin-embeddings beforeInsert + insert',
        async (slice) => {
          for (const text of slice) {
            const doc: Record<string, unknown> = { text };
            await beforeInsert(pluginDb, '', doc);
            await insert(pluginDb, doc as never);
          }
        },
      ],
      [
        'Kindred embed + Orama insertMultiple',
        async (slice) => {
          const vectors = await kindred.embed(slice);
          await insertMultiple(
            kindredDb,
            slice.map((text, i) => ({ text, embeddings: Array.from(vectors[i]) })),
          );
        },
      ],
    ];
    for (const [s, slice] of slices.entries()) {
      for (let m = 0; m < methods.length; m++) {
        const [name, run] = methods[(m + s + round) % methods.length];
        add(name, await timed(() => run(slice)));
      }
    }
  }
  server.close();

  const pools = [await createNodeEmbedder({ workers: 1, batchSize: BATCH }), await createNodeEmbedder({ workers: 2, batchSize: BATCH })];
  for (const pool of pools) await pool.embed(chunks.slice(0, 4)); // warm every worker
  const poolName = ['pool, 1 worker', 'pool, 2 workers'];
  const coresUsed = [0, 0];
  const pairs: string[][] = [];
  for (let i = 0; i < chunks.length; i += 2 * BATCH) pairs.push(chunks.slice(i, i + 2 * BATCH));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [s, group] of pairs.entries()) {
      for (const p of (s + round) % 2 === 0 ? [0, 1] : [1, 0]) {
        // process.cpuUsage counts every thread of the process, workers included: CPU seconds per
        // wall second is how many cores the pool actually got from a machine others share.
        const cpuBefore = process.cpuUsage();
        const seconds = await timed(() => pools[p].embed(group));
        const cpu = process.cpuUsage(cpuBefore);
        add(poolName[p], seconds);
        coresUsed[p] += (cpu.user + cpu.system) / 1e6;
      }
    }
  }
  await Promise.all(pools.map((pool) => pool.dispose()));
  const poolCoresUsed = Object.fromEntries(poolName.map((name, p) => [name, Number((coresUsed[p] / total[name]).toFixed(2))]));
  const best = Object.fromEntries(Object.entries(total).map(([name, seconds]) => [name, seconds / ROUNDS]));

  const rate = (name: string): number => chunks.length / best[name];
  const rows = Object.keys(best).map((method) => ({
    method,
    seconds: Number(best[method].toFixed(2)),
    chunksPerSecond: Number(rate(method).toFixed(2)),
  }));
  const ratios = {
    kindredVsRawModelEmbed: Number((rate('Kindred UseEmbedder') / rate('raw model.embed')).toFixed(3)),
    kindredIntoOramaVsPluginEmbeddings: Number(
      (rate('Kindred embed + Orama insertMultiple') / rate('plugin-embeddings beforeInsert + insert')).toFixed(3),
    ),
    twoWorkersVsOne: Number((rate('pool, 2 workers') / rate('pool, 1 worker')).toFixed(3)),
  };
  printTable(rows);
  printTable(Object.entries(ratios).map(([ratio, value]) => ({ ratio, value })));
  printTable(Object.entries(poolCoresUsed).map(([pool, cores]) => ({ pool, coresUsed: cores })));
  printTable([{ loadAverageAtStart: loadAverageAtStart[0].toFixed(1), loadAverageAtEnd: loadavg()[0].toFixed(1) }]);
  const result = {
    bench: 'embed',
    quick,
    backend: 'wasm (SIMD, one thread per model)',
    batchSize: BATCH,
    chunks: chunks.length,
    wordsPerChunk: words / chunks.length,
    rounds: ROUNDS,
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, loadAverageAtStart, loadAverageAtEnd: loadavg() },
    poolCoresUsed,
    pluginModelRequests: requests,
    pluginHookAwaitedByOrama,
    rows,
    ratios,
  };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'embed.json'), JSON.stringify(result, null, 2) + '\n');
  model.graph.dispose();
  shipped.graph.dispose();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
