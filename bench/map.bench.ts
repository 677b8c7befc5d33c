/**
 * Map of related notes at vault scale: `npx tsx bench/map.bench.ts [--quick]` → bench/results/map.json.
 *
 * The 10,000-note synthetic vault of the rank bench (1,000 with --quick) in the real KindredIndex
 * over an in-memory vault, with FakeEmbedder vectors (512-d, like USE): the cost of a map does not
 * depend on what the vectors mean. For notes spread over the vault it times
 *  - the map's data: rankRelated's neighbours (the pane's own call, with passage pairs), then
 *    buildMap (every pair's note-vector cosine, edges, clusters and their words, the time split),
 *    for 25 and 60 neighbours;
 *  - the layout (d3-force, 300 ticks) of those maps, all at once as `kindred map` runs it.
 * The edge threshold is set so that a tenth of the pairs are joined, as the real model's 0.75
 * joins on the Sequences (27.7 of the 300 pairs among 25 neighbours), so clustering sees as
 * many edges as on real notes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { KindredIndex } from '../src/core/index/kindred-index';
import { tokenize } from '../src/core/index/tokenize';
import { buildMap, type MapDeps } from '../src/core/map/build-map';
import { layoutMap } from '../src/core/map/map-layout';
import { rankRelated, sourceFromIndexedNote } from '../src/core/rank/rank-related';
import { nodeClock } from '../src/cli/node-clock';
import { FakeEmbedder } from '../test/helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../test/helpers/memory-vault';
import { printTable } from './print-table';
import { proseParagraphs, readEssaysOrExit } from './sequences-passages';
import { makeNotes } from './synthetic-notes';

const quick = process.argv.includes('--quick');
const NOTES = quick ? 1_000 : 10_000;
const CALLS = quick ? 30 : 100;
const WARM_UP = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(name: string, times: number[], target = '') {
  const sorted = [...times].sort((a, b) => a - b);
  return { name, calls: times.length, p50_ms: Number(percentile(sorted, 50).toFixed(2)), p95_ms: Number(percentile(sorted, 95).toFixed(2)), max_ms: Number(sorted.at(-1)!.toFixed(2)), target };
}

async function main(): Promise<void> {
  const load = loadavg()[0];
  const notes = makeNotes(proseParagraphs(readEssaysOrExit()), NOTES);
  const paths = Object.keys(notes);
  const vault = new MemoryVault(notes);
  let started = performance.now();
  const index = await KindredIndex.open({ vault, store: new MemoryBlobStore(), embedder: new FakeEmbedder(512), clock: nodeClock });
  await index.sync();
  await index.whenKeywordReady();
  process.stdout.write(`${paths.length} notes indexed in ${((performance.now() - started) / 1000).toFixed(1)} s (load average ${load.toFixed(2)})\n`);
  const readText = (p: string) => vault.read(p);
  const deps: MapDeps = { reader: index, tokenize, readText, facts: (p) => (notes[p] === undefined ? null : { bytes: notes[p].length, created: null, backlinks: 0 }) };
  const pick = (i: number) => paths[(i * 104729) % paths.length];

  // A threshold that joins a tenth of the pairs, found on maps outside the timed ones.
  const sims: number[] = [];
  for (let i = 0; i < 10; i++) {
    const path = paths[(i * 7919 + 13) % paths.length];
    const source = (await sourceFromIndexedNote(index, path, readText))!;
    const answer = await rankRelated(index, source, { k: 25, minScore: -1, tokenize });
    const map = await buildMap(deps, path, answer, { threshold: -2 });
    for (const e of map.edges) if (e.source !== path && e.target !== path) sims.push(e.similarity);
  }
  sims.sort((a, b) => b - a);
  const threshold = Number(sims[Math.floor(sims.length / 10)].toFixed(3));

  const rows = [];
  const edgesPerMap: Record<number, number> = {};
  const clustersPerMap: Record<number, number> = {};
  for (const k of [25, 60]) {
    const neighbourTimes: number[] = [];
    const restTimes: number[] = [];
    const dataTimes: number[] = [];
    const layoutTimes: number[] = [];
    let edges = 0;
    let clusters = 0;
    for (let i = 0; i < CALLS + WARM_UP; i++) {
      const path = pick(i);
      started = performance.now();
      const source = await sourceFromIndexedNote(index, path, readText);
      if (!source) throw new Error(`${path} is not embedded`);
      const answer = await rankRelated(index, source, { k, minScore: -1, tokenize });
      const neighboursAt = performance.now();
      const map = await buildMap(deps, path, answer, { threshold });
      const dataAt = performance.now();
      layoutMap(map);
      const layoutAt = performance.now();
      if (i < WARM_UP) continue; // the first calls warm up the JIT
      neighbourTimes.push(neighboursAt - started);
      restTimes.push(dataAt - neighboursAt);
      dataTimes.push(dataAt - started);
      layoutTimes.push(layoutAt - dataAt);
      edges += map.edges.length;
      clusters += map.clusters.length;
    }
    edgesPerMap[k] = Number((edges / CALLS).toFixed(1));
    clustersPerMap[k] = Number((clusters / CALLS).toFixed(1));
    rows.push(
      summarise(`map data, ${k} neighbours: rankRelated + pairs, edges, clusters, words`, dataTimes, k === 25 ? '≤ 60 ms p95' : ''),
      summarise(`  of which rankRelated (${k}, with passage pairs)`, neighbourTimes),
      summarise(`  of which buildMap (${(k + 1) * k / 2} pairs)`, restTimes),
      summarise(`map layout, ${k + 1} nodes (300 ticks, at once)`, layoutTimes, k === 25 ? '≤ 150 ms' : ''),
    );
  }
  await index.close();
  printTable(rows);
  process.stdout.write(`threshold ${threshold}; edges per map ${JSON.stringify(edgesPerMap)}; clusters per map ${JSON.stringify(clustersPerMap)}\n`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', quick ? 'map-quick.json' : 'map.json'),
    JSON.stringify({ notes: paths.length, loadAverage: load, vectors: 'FakeEmbedder 512-d', threshold, edgesPerMap, clustersPerMap, rows }, null, 2) + '\n',
  );
}

void main();
