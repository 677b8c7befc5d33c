import type { RelatedVariant } from '../../core/eval/related-rankers';
import type { SearchVariant } from '../../core/eval/search-rankers';
import type { Bm25Params } from '../../core/index/index-reader';
import { DEFAULT_BM25, MORE_LIKE_THIS, ORAMA_BM25, TYPED_QUERY } from '../../core/index/keyword-weights';
import type { Fusion } from '../../core/rank/fuse-scores';

const mm = (weights: number[]): Fusion => ({ method: 'minmax', weights });
const PRESENCE = ORAMA_BM25;
const bm25 = (k1: number, b: number): Bm25Params => ({ ...DEFAULT_BM25, k1, b });

/**
 * The related-notes variants `--sweep` compares (fusion weights: vector / keyword / title
 * mention). Each row is one candidate signal or fusion measured on the same cases; the
 * default (`RELATED_DEFAULTS`) is the "full" row. "no link text" rows are the control that
 * removes the open note's wiki links before ranking.
 */
export const RELATED_SWEEP: Record<string, RelatedVariant> = {
  'vector only, raw note cosine': { strategy: 'vector', vectorSignal: 'cosine' },
  'vector only, centred note cosine': { strategy: 'vector', vectorSignal: 'centered' },
  'vector only, best chunk pair': { strategy: 'vector', vectorSignal: 'best-pair' },
  'vector only, mean of top-3 chunk pairs': { strategy: 'vector', vectorSignal: 'top3-pairs' },
  'keyword only, 100 terms': { strategy: 'keyword', keywordTerms: 100 },
  'keyword only, 400 terms': { strategy: 'keyword', keywordTerms: 400 },
  'keyword only, terms in at most half the notes': { strategy: 'keyword', keywordMaxDocShare: 0.5 },
  'keyword only, terms in at most a fifth of the notes': { strategy: 'keyword', keywordMaxDocShare: 0.2 },
  'full, terms in at most half the notes': { keywordMaxDocShare: 0.5 },
  'full, terms in at most a fifth of the notes': { keywordMaxDocShare: 0.2 },
  ...Object.fromEntries(
    (['cosine', 'centered', 'best-pair', 'top3-pairs'] as const).flatMap((signal) =>
      [0.2, 0.3, 0.5].map((w): [string, RelatedVariant] => [
        `minmax ${w}/1/0, ${signal}`,
        { fusion: mm([w, 1, 0]), vectorSignal: signal },
      ]),
    ),
  ),
  'minmax 1/3/0, raw cosine (the old weights)': { fusion: mm([1, 3, 0]), vectorSignal: 'cosine' },
  'zscore 0.3/1/0, centered': { fusion: { method: 'zscore', weights: [0.3, 1, 0] } },
  'rrf k=10 1/3/0, centered': { fusion: { method: 'rrf', k: 10, weights: [1, 3, 0] } },
  'rrf k=60 1/1/0, centered': { fusion: { method: 'rrf', k: 60, weights: [1, 1, 0] } },
  ...Object.fromEntries(
    [0.2, 0.4, 0.75, 1].map((w): [string, RelatedVariant] => [`minmax 0/1/${w} (keyword + title)`, { fusion: mm([0, 1, w]) }]),
  ),
  ...Object.fromEntries(
    [0.2, 0.3, 0.75].flatMap((v) =>
      [0.3, 0.4, 0.75].map((t): [string, RelatedVariant] => [`minmax ${v}/1/${t}, centered`, { fusion: mm([v, 1, t]) }]),
    ),
  ),
  ...Object.fromEntries(
    (['cosine', 'best-pair', 'top3-pairs'] as const).map((signal): [string, RelatedVariant] => [
      `minmax 0.5/1/0.4, ${signal}`,
      { fusion: mm([0.5, 1, 0.4]), vectorSignal: signal },
    ]),
  ),
  'zscore 0.5/1/0.4, centered': { fusion: { method: 'zscore', weights: [0.5, 1, 0.4] } },
  'rrf k=10 1/3/2, centered': { fusion: { method: 'rrf', k: 10, weights: [1, 3, 2] } },
  'rrf k=30 1/3/2, centered': { fusion: { method: 'rrf', k: 30, weights: [1, 3, 2] } },
  'no link text: keyword only': { strategy: 'keyword', withoutLinkText: true },
  'no link text: minmax 0.5/1/0, centered': { fusion: mm([0.5, 1, 0]), withoutLinkText: true },
  'no link text: minmax 0/1/0.4 (keyword + title)': { fusion: mm([0, 1, 0.4]), withoutLinkText: true },
  'no link text: full (default)': { withoutLinkText: true },
  'keyword only, presence only (each term once per field)': { strategy: 'keyword', keywordWeights: { ...MORE_LIKE_THIS, bm25: PRESENCE } },
  'full, presence only': { keywordWeights: { ...MORE_LIKE_THIS, bm25: PRESENCE } },
  ...Object.fromEntries(
    [[1.2, 0.75], [3, 1], [8, 1], [5, 0.9]].map(([k1, b]): [string, RelatedVariant] => [`keyword only, BM25 k1 ${k1} b ${b}`, { strategy: 'keyword', keywordWeights: { ...MORE_LIKE_THIS, bm25: bm25(k1, b) } }]),
  ),
  'full, every hit scales its side (no dominant hits set aside)': { dominantGap: null },
  'full, dominant gap 2': { dominantGap: 2 },
  'full, dominant gap 5': { dominantGap: 5 },
  'rrf k=60 1/2/1, centered': { fusion: { method: 'rrf', k: 60, weights: [1, 2, 1] } },
};

/** The variants `--sweep` and `--sweep-queries` compare for queries: keyword field weights, then hybrid fusions (keyword list / semantic list). */
export const QUERY_SWEEP: Record<string, SearchVariant> = {
  // Keyword field weights (title / headings / words the last term only begins); the default is TYPED_QUERY.
  'keyword, the weights of "more like this" (2 / 1.5 / 1)': { mode: 'keyword', keywordWeights: MORE_LIKE_THIS },
  'keyword, 0 / 0 / 1': { mode: 'keyword', keywordWeights: { boost: { title: 0, headings: 0 }, prefixWeight: 1 } },
  'keyword, 0 / 0 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0, headings: 0 }, prefixWeight: 0.375 } },
  'keyword, 0.5 / 0 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0.5, headings: 0 }, prefixWeight: 0.375 } },
  'keyword, 0.25 / 0.25 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0.25, headings: 0.25 }, prefixWeight: 0.375 } },
  // BM25 itself: presence only (each term once per field, as before term counts), then k1 and b.
  'keyword, presence only (each term once per field)': { mode: 'keyword', keywordWeights: { ...TYPED_QUERY, bm25: PRESENCE } },
  ...Object.fromEntries(
    [1.2, 3, 5, 8].flatMap((k1) =>
      [0.75, 0.9, 1].map((b): [string, SearchVariant] => [`keyword, BM25 k1 ${k1} b ${b}`, { mode: 'keyword', keywordWeights: { ...TYPED_QUERY, bm25: bm25(k1, b) } }]),
    ),
  ),
  'keyword, a query word counted once however often the query repeats it': { mode: 'keyword', keywordWeights: { ...TYPED_QUERY, bm25: { ...DEFAULT_BM25, queryCounts: false } } },
  'hybrid, keyword with the weights of "more like this"': { keywordWeights: MORE_LIKE_THIS },
  'hybrid, keyword presence only': { keywordWeights: { ...TYPED_QUERY, bm25: PRESENCE } },
  'semantic mode, note vector': { mode: 'semantic', semanticScore: 'note' },
  'semantic mode, best chunk': { mode: 'semantic', semanticScore: 'chunk' },
  'semantic mode, note vector and its two best chunks': { mode: 'semantic', semanticScore: 'note+chunks' },
  'semantic mode, chunks weighted by length': { mode: 'semantic', semanticScore: 'length-weighted' },
  'orama defaults (max 0.5/0.5, similarity 0.8)': { fusion: { method: 'max', weights: [0.5, 0.5] }, minSimilarity: 0.8, dominantGap: null },
  'max 0.5/0.5, no similarity floor': { fusion: { method: 'max', weights: [0.5, 0.5] }, minSimilarity: -1 },
  'zscore 0.5/0.5 (default), every hit scales its side (no dominant hits set aside)': { dominantGap: null },
  'zscore 0.5/0.5 (default), dominant gap 2': { dominantGap: 2 },
  'zscore 0.5/0.5 (default), dominant gap 5': { dominantGap: 5 },
  'minmax 0.5/0.5, note vector and its two best chunks': { fusion: mm([0.5, 0.5]), semanticScore: 'note+chunks' },
  'minmax 0.5/0.5, best chunk': { fusion: mm([0.5, 0.5]), semanticScore: 'chunk' },
  ...Object.fromEntries(
    [
      [1, 1],
      [2, 1],
      [1, 2],
    ].flatMap(([k, s]): [string, SearchVariant][] => [
      [`rrf k=60 ${k}/${s}`, { fusion: { method: 'rrf', k: 60, weights: [k, s] } }],
      [`rrf k=20 ${k}/${s}`, { fusion: { method: 'rrf', k: 20, weights: [k, s] } }],
    ]),
  ),
  'rrf k=60 1/1, no dominant hits set aside': { fusion: { method: 'rrf', k: 60 }, dominantGap: null },
  'rrf k=60 1/1, note vector and its two best chunks': { fusion: { method: 'rrf', k: 60 }, semanticScore: 'note+chunks' },
  ...Object.fromEntries(
    [0.2, 0.3, 0.4, 0.5, 0.6, 0.7].flatMap((w): [string, SearchVariant][] => [
      [`minmax ${w}/${Math.round((1 - w) * 10) / 10}`, { fusion: mm([w, 1 - w]) }],
      [`zscore ${w}/${Math.round((1 - w) * 10) / 10}`, { fusion: { method: 'zscore', weights: [w, 1 - w] } }],
    ]),
  ),
  // Weights that follow the query: [keyword, semantic] at 3 distinct terms or fewer → at 40 or more.
  ...Object.fromEntries(
    [
      [0.4, 0.7],
      [0.3, 0.7],
      [0.4, 0.8],
    ].map(([short, long]): [string, SearchVariant] => [
      `minmax, keyword weight ${short} for short queries → ${long} for long`,
      { fusion: mm([short, 1 - short]), lengthWeights: { short: [short, 1 - short], long: [long, 1 - long], shortTerms: 3, longTerms: 40 } },
    ]),
  ),
  'rrf k=60, keyword weight 1 for short queries → 2 for long': {
    fusion: { method: 'rrf', k: 60, weights: [1, 1] },
    lengthWeights: { short: [1, 1], long: [2, 1], shortTerms: 3, longTerms: 40 },
  },
};

/** The rows of a sweep whose names contain one of `only`'s comma-separated parts (all of them without it). */
export function sweepRows<V>(rows: Record<string, V>, only: string | undefined): Record<string, V> {
  const parts = only?.split(',').map((p) => p.trim()).filter((p) => p !== '') ?? [];
  if (parts.length === 0) return rows;
  return Object.fromEntries(Object.entries(rows).filter(([name]) => parts.some((p) => name.includes(p))));
}
