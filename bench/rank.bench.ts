/**
 * Ranking latency at vault scale: `npx tsx bench/rank.bench.ts [--quick]` → bench/results/rank.json.
 *
 * A 10,000-note vault (1,000 with --quick) made of Sequences prose paragraphs, each note three
 * headed sections, indexed by the real KindredIndex (Orama keyword side + chunk vectors) over
 * an in-memory vault. Note and chunk vectors are FakeEmbedder vectors (512-d, like USE): the
 * ranking cost does not depend on what the vectors mean. Query embedding uses the real USE-lite
 * model on wasm in a worker thread, as the plugin does, so the query figures include it.
 * MiniSearch keyword search over the same notes and queries runs in the same process as the
 * baseline for the keyword side.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { KindredIndex } from '../src/core/index/kindred-index';
import { tokenize } from '../src/core/index/tokenize';
import { dequantiseRows } from '../src/core/index/int8-vectors';
import { cosineAgainstRows } from '../src/core/rank/cosine';
import { moreLikeThis } from '../src/core/rank/more-like-this';
import { queryVector } from '../src/core/rank/query-vector';
import { rankRelated, RELATED_DEFAULTS, sourceFromIndexedNote } from '../src/core/rank/rank-related';
import { searchNotes, type SearchMode } from '../src/core/rank/search-notes';
import { createNodeEmbedder } from '../src/embed/node/create-node-embedder';
import { nodeClock } from '../src/cli/node-clock';
import { FakeEmbedder } from '../test/helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../test/helpers/memory-vault';
import { printTable } from './print-table';
import { proseParagraphs, readEssaysOrExit } from './sequences-passages';
import { makeNotes } from './synthetic-notes';

const quick = process.argv.includes('--quick');
const NOTES = quick ? 1_000 : 10_000;
const RELATED_CALLS = quick ? 30 : 100;
const QUERY_CALLS = quick ? 36 : 108;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(name: string, times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    name,
    calls: times.length,
    p50_ms: Number(percentile(sorted, 50).toFixed(2)),
    p95_ms: Number(percentile(sorted, 95).toFixed(2)),
  };
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const paragraphs = proseParagraphs(readEssaysOrExit());
  const notes = makeNotes(paragraphs, NOTES);
  const paths = Object.keys(notes);
  const queries = readFileSync(join(__dirname, '..', 'eval', 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text);

  const vault = new MemoryVault(notes);
  const fake = new FakeEmbedder(512);
  let started = performance.now();
  const index = await KindredIndex.open({ vault, store: new MemoryBlobStore(), embedder: fake, clock: nodeClock });
  await index.sync();
  await index.whenKeywordReady();
  const indexSeconds = (performance.now() - started) / 1000;
  const chunks = [...index.allNotes()].reduce((s, n) => s + n.chunks.length, 0);
  process.stdout.write(`${paths.length} notes, ${chunks} chunks indexed in ${indexSeconds.toFixed(1)} s\n`);

  const rows = [];
  // The scan under every related-notes call, over the index's int8 note matrix: our four-sum
  // loop against the plain one-sum loop, and against the four-sum loop over the same rows in
  // Float32 (the matrix before compact vectors), interleaved over the same queries.
  const matrix = index.noteMatrix();
  const { codes, scales } = matrix.vectors;
  const plainScan = (query: Float32Array): Float32Array => {
    const dims = query.length;
    const out = new Float32Array(matrix.paths.length);
    for (let r = 0; r < out.length; r++) {
      let sum = 0;
      for (let i = 0; i < dims; i++) sum += codes[r * dims + i] * query[i];
      out[r] = sum * scales[r];
    }
    return out;
  };
  const floats = dequantiseRows(matrix.vectors);
  // The float scan as it was (a copy kept here as the baseline, so cosineAgainstRows only ever sees int8 rows).
  const floatScan = (query: Float32Array): Float32Array => {
    const dims = query.length;
    const out = new Float32Array(matrix.paths.length);
    const whole = dims - (dims % 4);
    for (let r = 0, base = 0; r < out.length; r++, base += dims) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let i = 0;
      for (; i < whole; i += 4) {
        s0 += floats[base + i] * query[i];
        s1 += floats[base + i + 1] * query[i + 1];
        s2 += floats[base + i + 2] * query[i + 2];
        s3 += floats[base + i + 3] * query[i + 3];
      }
      for (; i < dims; i++) s0 += floats[base + i] * query[i];
      out[r] = s0 + s1 + s2 + s3;
    }
    return out;
  };
  const scanTimes: number[] = [];
  const plainTimes: number[] = [];
  const floatTimes: number[] = [];
  for (let i = 0; i < RELATED_CALLS + 10; i++) {
    const query = index.getNote(paths[(i * 104729) % paths.length])!.vector!;
    const ours = await timed(() => Promise.resolve(cosineAgainstRows(matrix.vectors, query)));
    const plain = await timed(() => Promise.resolve(plainScan(query)));
    const float = await timed(() => Promise.resolve(floatScan(query)));
    if (i >= 10) {
      scanTimes.push(ours);
      plainTimes.push(plain);
      floatTimes.push(float);
    }
  }
  rows.push(summarise('note-matrix scan, int8 rows, four running sums (cosineAgainstRows)', scanTimes));
  rows.push(summarise('note-matrix scan, Float32 rows, four running sums (before compact vectors)', floatTimes));
  rows.push(summarise('note-matrix scan, int8 rows, plain loop (baseline)', plainTimes));
  // Related with passage pairs, for notes spread over the vault: the default (fused, 200-term
  // "more like this"), a cheaper keyword side, and vectors alone, to show what the keyword side costs.
  const readText = (p: string) => vault.read(p);
  const variants: [string, Parameters<typeof rankRelated>[2]][] = [
    [`related, default (fused, ${RELATED_DEFAULTS.keywordTerms} terms), 20 with passage pairs`, { tokenize }],
    ['related, fused with 25 terms, 20 with passage pairs', { tokenize, keywordTerms: 25 }],
    ['related, vector only, 20 with passage pairs', { tokenize, strategy: 'vector' }],
  ];
  for (const [name, options] of variants) {
    const times: number[] = [];
    for (let i = 0; i < RELATED_CALLS + 10; i++) {
      const path = paths[(i * 104729) % paths.length];
      const t = await timed(async () => {
        const source = await sourceFromIndexedNote(index, path, readText);
        if (!source) throw new Error(`${path} is not embedded`);
        await rankRelated(index, source, { ...options, minScore: -1 });
      });
      if (i >= 10) times.push(t); // the first calls warm up the JIT
    }
    rows.push(summarise(name, times));
  }

  // The related pane's path: the list by vectors handed over first (onFirst), then the full
  // answer from the same vector pass.
  const firstTimes: number[] = [];
  const fullTimes: number[] = [];
  for (let i = 0; i < RELATED_CALLS + 10; i++) {
    const path = paths[(i * 104729) % paths.length];
    const start = performance.now();
    let first = NaN;
    const source = await sourceFromIndexedNote(index, path, readText);
    if (!source) throw new Error(`${path} is not embedded`);
    await rankRelated(index, source, { tokenize, minScore: -1, onFirst: () => void (first = performance.now() - start) });
    if (i >= 10) {
      firstTimes.push(first);
      fullTimes.push(performance.now() - start);
    }
  }
  rows.push(summarise('related pane: first list (vectors, with passages)', firstTimes));
  rows.push(summarise('related pane: full answer after the first list', fullTimes));

  // The keyword side of related alone: distinctive terms picked, then BM25 from the postings.
  const mltTimes: number[] = [];
  for (let i = 0; i < RELATED_CALLS + 10; i++) {
    const path = paths[(i * 104729) % paths.length];
    const text = notes[path];
    const t = await timed(() => moreLikeThis(index, text, { tokenize, terms: RELATED_DEFAULTS.keywordTerms, limit: 20, exclude: path }));
    if (i >= 10) mltTimes.push(t);
  }
  rows.push(summarise(`more like this alone (${RELATED_DEFAULTS.keywordTerms} terms, BM25 from the postings)`, mltTimes));

  const model = await createNodeEmbedder({ workers: 1, backend: 'wasm' });
  const embedQuery = (text: string) => queryVector((texts) => model.embed(texts), text);
  await embedQuery('warm up the model');
  const embedTimes: number[] = [];
  for (let i = 0; i < QUERY_CALLS; i++) embedTimes.push(await timed(() => embedQuery(`${queries[i % queries.length]} ${i}`)));
  rows.push(summarise('query embedding alone (USE-lite, wasm, worker)', embedTimes));

  for (const mode of ['keyword', 'semantic', 'hybrid'] as SearchMode[]) {
    const times: number[] = [];
    for (let i = 0; i < QUERY_CALLS; i++) {
      // A fresh text each call, so no cache anywhere can answer it.
      const text = `${queries[i % queries.length]} ${i}`;
      times.push(await timed(() => searchNotes(index, { text, mode, k: 10 }, { tokenize, embedQuery })));
    }
    rows.push(summarise(`query ${mode}${mode === 'keyword' ? '' : ' (incl. embedding)'}, 10 notes with passages`, times));
  }

  started = performance.now();
  const mini = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], tokenize: (t) => tokenize(t), processTerm: (t) => t });
  mini.addAll(paths.map((p) => ({ id: p, text: notes[p] })));
  const miniSeconds = (performance.now() - started) / 1000;
  const miniTimes: number[] = [];
  for (let i = 0; i < QUERY_CALLS; i++) {
    const text = `${queries[i % queries.length]} ${i}`;
    miniTimes.push(await timed(() => Promise.resolve(mini.search(text).slice(0, 10))));
  }
  rows.push(summarise('MiniSearch keyword (BM25, ids only)', miniTimes));
  const keywordOnly: number[] = [];
  for (let i = 0; i < QUERY_CALLS; i++) {
    const text = `${queries[i % queries.length]} ${i}`;
    keywordOnly.push(await timed(() => index.keywordSearch({ text, limit: 10 })));
  }
  rows.push(summarise('Kindred keywordSearch (Orama BM25, ids only)', keywordOnly));

  await model.dispose();
  await index.close();
  printTable(rows);
  const result = {
    notes: paths.length,
    chunks,
    indexSeconds: Number(indexSeconds.toFixed(1)),
    miniSearchIndexSeconds: Number(miniSeconds.toFixed(1)),
    vectors: 'FakeEmbedder 512-d for notes; real USE-lite (wasm, 1 worker) for queries',
    rows,
  };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', quick ? 'rank-quick.json' : 'rank.json'), JSON.stringify(result, null, 2) + '\n');
}

void main();
