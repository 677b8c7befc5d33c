/**
 * What compact vectors cost in quality: nDCG@10 and recall@10 of related notes and of semantic and
 * hybrid search, with float vectors and with the index as it is (int8 vectors, see
 * src/core/index/int8-vectors.ts), on every evaluation collection that has a saved index here.
 * The target is a loss of at most 0.005 nDCG@10 on each. Query vectors are embedded once (real
 * USE-lite) and used by both.
 *
 * The float side is the same index with its chunk vectors in float (`floatView`): read from the
 * vault's shards when they are still the float shards of an earlier version (the index converts
 * those to int8 as it opens them; this bench never saves, so they stay as they are), else every
 * chunk embedded again with the real model (the same vectors the index quantised; that takes
 * as long as embedding the collection did).
 *
 *   node scripts/make-sequences-vault.mjs && npx kindred index --vault /tmp/kindred-sequences-vault
 *   npx tsx bench/vector-quality.bench.ts [--sequences DIR] [--arguana DIR] [--quick]
 *
 * `--arguana DIR` is a vault `kindred eval --beir ../shared/corpora/arguana-dev` wrote and indexed
 * (its `.kindred-beir.json` maps notes to corpus ids); queries and judgements are read from
 * `../shared/corpora/arguana-dev`, each query's own argument left out of its ranking (BEIR's
 * rule). A collection whose vault has no saved index is skipped and listed as such.
 * `--quick` takes the first 50 cases of each. → bench/results/vector-quality.json
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { evaluateRankings, type EvalCase, type Ranker } from '../src/core/eval/evaluate-rankings';
import { linkGraphCases } from '../src/core/eval/link-graph-cases';
import { parseQueryLines, resolveQueryCases } from '../src/core/eval/query-set';
import { relatedRanker } from '../src/core/eval/related-rankers';
import { chunkNote } from '../src/core/index/chunk-note';
import { sealedKind } from '../src/core/index/checksum';
import type { IndexReader } from '../src/core/index/index-reader';
import { FLOAT_SHARD_KIND } from '../src/core/index/vector-shard-codec';
import { KindredIndex } from '../src/core/index/kindred-index';
import { tokenize } from '../src/core/index/tokenize';
import { searchNotes, type SearchMode } from '../src/core/rank/search-notes';
import { NodeBlobStore } from '../src/cli/node-blob-store';
import { nodeClock } from '../src/cli/node-clock';
import { NodeVault } from '../src/cli/node-vault';
import { createNodeEmbedder } from '../src/embed/node/create-node-embedder';
import type { Embedder } from '../src/core/ports';
import { floatShardVectors, floatView } from '../test/helpers/vector-views';
import { printTable } from './print-table';

const quick = process.argv.includes('--quick');
const argOf = (flag: string, fallback: string): string => {
  const at = process.argv.indexOf(flag);
  return at === -1 ? fallback : resolve(process.argv[at + 1]);
};
const SEQUENCES = argOf('--sequences', '/tmp/kindred-sequences-vault');
const ARGUANA = argOf('--arguana', '/tmp/kindred-arguana-vault');
const ARGUANA_DATA = resolve(__dirname, '..', '..', 'shared', 'corpora', 'arguana-dev');

/** A case with what the rankers need: the text to search for, the note to relate from, notes to leave out. */
interface Case extends EvalCase {
  text?: string;
  path?: string;
  exclude?: string;
}

interface Collection {
  name: string;
  /** The vault, for its shards. */
  root: string;
  index: KindredIndex;
  readText: (path: string) => Promise<string>;
  relatedCases: Case[];
  queryCases: Case[];
}

async function openSaved(root: string): Promise<{ index: KindredIndex; vault: NodeVault } | null> {
  const pluginDir = join(root, '.obsidian', 'plugins', 'kindred');
  if (!existsSync(join(pluginDir, 'index', 'manifest.bin'))) return null;
  const vault = new NodeVault(root);
  const index = await KindredIndex.open({ vault, store: new NodeBlobStore(pluginDir), embedder: null, clock: nodeClock }, { configDir: '.obsidian' });
  await index.whenKeywordReady();
  return { index, vault };
}

const take = <T>(items: T[]): T[] => (quick ? items.slice(0, 50) : items);

async function sequences(): Promise<Collection | null> {
  const opened = await openSaved(SEQUENCES);
  if (!opened) return null;
  const { index, vault } = opened;
  const lines = parseQueryLines(readFileSync(join(__dirname, '..', 'eval', 'queries.jsonl'), 'utf8'));
  const queryCases = resolveQueryCases(lines, [...index.allNotes()].map((n) => n.path));
  return { name: 'Sequences', root: SEQUENCES, index, readText: (p) => vault.read(p), relatedCases: take(linkGraphCases(index)), queryCases: take(queryCases) };
}

async function arguana(): Promise<Collection | null> {
  const opened = await openSaved(ARGUANA);
  const mapFile = join(ARGUANA, '.kindred-beir.json');
  if (!opened || !existsSync(mapFile)) return null;
  const { index, vault } = opened;
  const ids = (JSON.parse(readFileSync(mapFile, 'utf8')) as { ids: Record<string, string> }).ids;
  const pathOf = new Map(Object.entries(ids).map(([path, id]) => [id, path]));
  const relevant = new Map<string, Set<string>>();
  for (const line of readFileSync(join(ARGUANA_DATA, 'qrels.tsv'), 'utf8').split('\n').slice(1)) {
    const [query, doc, score] = line.split('\t');
    if (!query || Number(score) <= 0) continue;
    const set = relevant.get(query) ?? new Set<string>();
    // A judgement pointing at a document missing from the corpus stays a miss: a path no ranking returns.
    set.add(pathOf.get(doc) ?? `missing:${doc}`);
    relevant.set(query, set);
  }
  const queries = gunzipSync(readFileSync(join(ARGUANA_DATA, 'queries.jsonl.gz')))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { _id: string; text: string });
  const cases: Case[] = queries
    .filter((q) => relevant.has(q._id))
    .map((q) => ({ id: q._id, relevant: relevant.get(q._id)!, text: q.text, path: pathOf.get(q._id), exclude: pathOf.get(q._id) }));
  return {
    name: 'ArguAna dev',
    root: ARGUANA,
    index,
    readText: (p) => vault.read(p),
    relatedCases: take(cases.filter((c) => c.path !== undefined && index.getNote(c.path)?.vector)),
    queryCases: take(cases),
  };
}

function rankers(collection: Collection, reader: IndexReader, embedQuery: (text: string) => Promise<Float32Array>): Record<string, Ranker<Case>> {
  const context = { reader, tokenize, readText: collection.readText };
  const related = relatedRanker(context);
  const vectorOnly = relatedRanker(context, { strategy: 'vector' });
  const asLink = (c: Case) => ({ id: c.id, relevant: c.relevant, path: c.path! });
  const search = (mode: SearchMode): Ranker<Case> => async (c) =>
    (await searchNotes(reader, { text: c.text!, mode, k: 21 }, { tokenize, embedQuery, withoutPassages: true }))
      .map((r) => r.path)
      .filter((p) => p !== c.exclude)
      .slice(0, 20);
  return {
    'related (default)': (c) => related(asLink(c)),
    'related, vectors only': (c) => vectorOnly(asLink(c)),
    semantic: search('semantic'),
    hybrid: search('hybrid'),
  };
}

/**
 * Every chunk vector of the collection in float, by chunk id, and where they came from: the
 * vault's float shards, or the model run again over every chunk's text.
 */
async function floatVectors(collection: Collection, embedder: Embedder): Promise<{ source: string; vectors: Map<string, Float32Array> }> {
  const folder = join(collection.root, '.obsidian', 'plugins', 'kindred', 'index', 'vectors');
  const shards = readdirSync(folder).map((name) => readFileSync(join(folder, name)));
  if (shards.length > 0 && shards.every((bytes) => sealedKind(bytes) === FLOAT_SHARD_KIND)) {
    return { source: 'float shards', vectors: floatShardVectors(shards) };
  }
  const texts = new Map<string, string>();
  for (const note of collection.index.allNotes()) {
    const wanted = new Set(note.chunks.map((c) => c.id));
    for (const chunk of chunkNote(await collection.readText(note.path))) if (wanted.has(chunk.id)) texts.set(chunk.id, chunk.embeddedText);
  }
  process.stdout.write(`${collection.name}: no float shards; embedding ${texts.size} chunks again\n`);
  const ids = [...texts.keys()];
  const vectors = new Map<string, Float32Array>();
  for (let at = 0; at < ids.length; at += 64) {
    const batch = ids.slice(at, at + 64);
    (await embedder.embed(batch.map((id) => texts.get(id)!))).forEach((v, i) => vectors.set(batch[i], v));
  }
  return { source: 'embedded again', vectors };
}

async function measure(collection: Collection, embedder: Embedder) {
  // Every query embedded once, in one call: float and int8 rankings see the same query vectors.
  const texts = [...new Set(collection.queryCases.map((c) => c.text!))];
  const vectors = await embedder.embed(texts);
  const byText = new Map(texts.map((t, i) => [t, vectors[i]]));
  const embedQuery = (text: string) => Promise.resolve(byText.get(text) ?? Promise.reject(new Error('query not embedded')));
  const floats = await floatVectors(collection, embedder);
  const views: Record<string, IndexReader> = { float: floatView(collection.index, (id) => floats.vectors.get(id)), int8: collection.index };
  const scores: Record<string, Awaited<ReturnType<typeof evaluateRankings>>> = {};
  const tops: Record<string, Map<string, string>> = {};
  for (const [view, reader] of Object.entries(views)) {
    const all = rankers(collection, reader, embedQuery);
    // The top 10 of every case, to count the cases whose list the quantisation changed at all.
    const top = new Map<string, string>();
    const recording = Object.fromEntries(
      Object.entries(all).map(([name, rank]): [string, Ranker<Case>] => [
        name,
        async (c) => {
          const list = await rank(c);
          top.set(`${name}\u0000${c.id}`, list.slice(0, 10).join('\n'));
          return list;
        },
      ]),
    );
    const related = await evaluateRankings(collection.relatedCases, { 'related (default)': recording['related (default)'], 'related, vectors only': recording['related, vectors only'] });
    const search = await evaluateRankings(collection.queryCases, { semantic: recording.semantic, hybrid: recording.hybrid });
    scores[view] = [...related, ...search];
    tops[view] = top;
  }
  return scores.float.map((f, i) => {
    const q = scores.int8[i];
    let changed = 0;
    for (const [key, list] of tops.float) if (key.startsWith(`${f.name}\u0000`) && tops.int8.get(key) !== list) changed++;
    return {
      collection: collection.name,
      floatSource: floats.source,
      ranking: f.name,
      cases: f.cases,
      ndcg10Float: Number(f.ndcgAt10.toFixed(4)),
      ndcg10Int8: Number(q.ndcgAt10.toFixed(4)),
      ndcg10Loss: Number((f.ndcgAt10 - q.ndcgAt10).toFixed(4)),
      recall10Float: Number(f.recallAt10.toFixed(4)),
      recall10Int8: Number(q.recallAt10.toFixed(4)),
      top10Changed: `${changed} of ${f.cases}`,
    };
  });
}

async function main(): Promise<void> {
  const loadAverageAtStart = loadavg();
  const found = { Sequences: await sequences(), 'ArguAna dev': await arguana() };
  const skipped = Object.entries(found)
    .filter(([, c]) => c === null)
    .map(([name]) => `${name}: no saved index at ${name === 'Sequences' ? SEQUENCES : ARGUANA}`);
  for (const line of skipped) process.stdout.write(`skipped ${line}\n`);
  const collections = Object.values(found).filter((c): c is Collection => c !== null);
  if (collections.length === 0) {
    if (process.env.CI === 'true') throw new Error('no evaluation collection has a saved index');
    return;
  }
  const embedder = await createNodeEmbedder({ workers: 1 });
  const rows = [];
  try {
    for (const collection of collections) rows.push(...(await measure(collection, embedder)));
  } finally {
    await embedder.dispose();
    for (const c of collections) await c.index.close();
  }
  printTable(rows);
  const worst = Math.max(...rows.map((r) => r.ndcg10Loss));
  printTable([{ largestLoss: worst.toFixed(4), target: '≤ 0.005', met: worst <= 0.005, loadAverageAtStart: loadAverageAtStart[0].toFixed(1) }]);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', quick ? 'vector-quality-quick.json' : 'vector-quality.json'),
    JSON.stringify({ bench: 'vector-quality', quick, scheme: 'the index as it is: int8, one float scale per vector (max |x| / 127), no float re-score; float queries', loadAverageAtStart, skipped, rows, largestLoss: worst }, null, 2) + '\n',
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
