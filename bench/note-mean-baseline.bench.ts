/**
 * Plain baselines for search on a folder of markdown notes, built without any of Kindred's
 * ranking, so `kindred eval` has something honest to beat:
 *   - MiniSearch BM25 over each whole file (its default BM25+, our tokenizer);
 *   - a plain USE-lite note vector: the normalised mean of consecutive 250-word windows of the
 *     file, link-definition lines removed, the query embedded as it is; cosine ranking;
 *   - `0.3 · bm25 / max + 0.7 · cosine` of the two.
 * Defaults: the Sequences essays as raw files (`../shared/corpora/sequences/content/essays`) and
 * `eval/paraphrase-queries.jsonl`. Window vectors are kept in `.tmp/` between runs.
 * `npx tsx bench/note-mean-baseline.bench.ts [--notes DIR] [--queries FILE]` → bench/results/note-mean-baseline.json.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import MiniSearch from 'minisearch';
import { evaluateRankings, type Ranker } from '../src/core/eval/evaluate-rankings';
import { parseQueryLines, resolveQueryCases, type QueryCase } from '../src/core/eval/query-set';
import { tokenize } from '../src/core/index/tokenize';
import { createNodeEmbedder } from '../src/embed/node/create-node-embedder';
import { ESSAYS_DIR } from './sequences-passages';
import { printTable } from './print-table';

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? resolve(process.argv[at + 1]) : fallback;
};
const notesDir = arg('--notes', ESSAYS_DIR);
const queryFile = arg('--queries', resolve(__dirname, '..', 'eval', 'paraphrase-queries.jsonl'));
const WINDOW = 250;

function windowsOf(text: string): string[] {
  const words = text
    .split('\n')
    .filter((line) => !/^ {0,3}\[[^\]]+\]:\s*\S/.test(line))
    .join('\n')
    .split(/\s+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let start = 0; start < words.length; start += WINDOW) out.push(words.slice(start, start + WINDOW).join(' '));
  return out.length > 0 ? out : [''];
}

/** Vectors by the SHA-256 of their text, in one file: a rerun embeds only what it has not seen. */
function vectorCache(file: string): { get(text: string): Float32Array | undefined; set(text: string, v: Float32Array): void; save(): void } {
  const known = new Map<string, Float32Array>();
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number[]>;
    for (const [key, v] of Object.entries(saved)) known.set(key, Float32Array.from(v));
  }
  const key = (text: string) => createHash('sha256').update(text).digest('hex');
  return {
    get: (text) => known.get(key(text)),
    set: (text, v) => void known.set(key(text), v),
    save: () => writeFileSync(file, JSON.stringify(Object.fromEntries([...known].map(([k, v]) => [k, [...v]])))),
  };
}

function normalised(v: Float32Array): Float32Array {
  const norm = Math.hypot(...v);
  return norm > 0 ? v.map((x) => x / norm) : v;
}

async function main(): Promise<void> {
  if (!existsSync(notesDir)) {
    process.stdout.write(`No notes at ${notesDir}; skipping this benchmark.\n`);
    return;
  }
  const loadAtStart = loadavg();
  const files = readdirSync(notesDir).filter((f) => f.endsWith('.md')).sort();
  const texts = new Map(files.map((f) => [f, readFileSync(join(notesDir, f), 'utf8')]));
  const cases: QueryCase[] = resolveQueryCases(parseQueryLines(readFileSync(queryFile, 'utf8')), files);

  mkdirSync(resolve(__dirname, '..', '.tmp'), { recursive: true });
  const cache = vectorCache(resolve(__dirname, '..', '.tmp', 'note-mean-baseline-vectors.json'));
  const embedder = await createNodeEmbedder({});
  const windows = new Map(files.map((f) => [f, windowsOf(texts.get(f)!)]));
  const missing = [...new Set([...[...windows.values()].flat(), ...cases.map((c) => c.text)])].filter((t) => !cache.get(t));
  process.stdout.write(`embedding ${missing.length} windows and queries (${files.length} notes)…\n`);
  for (let i = 0; i < missing.length; i += 64) {
    const batch = missing.slice(i, i + 64);
    (await embedder.embed(batch)).forEach((v, j) => cache.set(batch[j], v));
    cache.save();
  }
  await embedder.dispose();
  const noteVectors = new Map(
    files.map((f) => {
      const sum = new Float32Array(512);
      for (const w of windows.get(f)!) cache.get(w)!.forEach((x, i) => (sum[i] += x));
      return [f, normalised(sum)];
    }),
  );
  const cosines = (query: string): Map<string, number> => {
    const q = cache.get(query)!;
    return new Map(files.map((f) => [f, noteVectors.get(f)!.reduce((s, x, i) => s + x * q[i], 0)]));
  };
  const search = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], tokenize, processTerm: (t) => t });
  search.addAll(files.map((f) => ({ id: f, text: texts.get(f)! })));
  const bm25 = (query: string): Map<string, number> => new Map(search.search(query, { combineWith: 'OR' }).map((h) => [String(h.id), h.score]));
  const top = (scores: Map<string, number>): string[] => [...scores].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20).map(([f]) => f);

  const rankers: Record<string, Ranker<QueryCase>> = {
    'MiniSearch BM25, whole file': (c) => Promise.resolve(top(bm25(c.text))),
    'USE-lite note vector (mean of 250-word windows)': (c) => Promise.resolve(top(cosines(c.text))),
    '0.3 · bm25 / max + 0.7 · cosine': (c) => {
      const b = bm25(c.text);
      const max = Math.max(0, ...[...b.values()]);
      const mixed = new Map([...cosines(c.text)].map(([f, cos]) => [f, 0.3 * ((b.get(f) ?? 0) / (max || 1)) + 0.7 * cos]));
      return Promise.resolve(top(mixed));
    },
  };
  const rows = await evaluateRankings(cases, rankers);
  const long = cases.filter((c) => tokenize(c.text).length > 20);
  const longRows = await evaluateRankings(long, rankers);
  printTable(rows.map((r) => ({ baseline: r.name, queries: r.cases, recallAt10: r.recallAt10.toFixed(3), nDCGAt10: r.ndcgAt10.toFixed(3) })));
  printTable(longRows.map((r) => ({ 'long queries only': r.name, queries: r.cases, nDCGAt10: r.ndcgAt10.toFixed(3) })));
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    join(__dirname, 'results', 'note-mean-baseline.json'),
    JSON.stringify({ bench: 'note-mean-baseline', notes: notesDir, queries: queryFile, loadAverageAtStart: loadAtStart, rows, longQueries: longRows }, null, 2) + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
