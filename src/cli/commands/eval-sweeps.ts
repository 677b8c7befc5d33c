import type { RelatedVariant } from '../../core/eval/related-rankers';
import type { SearchVariant } from '../../core/eval/search-rankers';
import { MORE_LIKE_THIS } from '../../core/index/note-store';
import type { Fusion } from '../../core/rank/fuse-scores';

const mm = (weights: number[]): Fusion => ({ method: 'minmax', weights });

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
};

/** The variants `--sweep` and `--sweep-queries` compare for queries: keyword field weights, then hybrid fusions (keyword list / semantic list). */
export const QUERY_SWEEP: Record<string, SearchVariant> = {
  // Keyword field weights (title / headings / words the last term only begins); the default is TYPED_QUERY.
  'keyword, the weights of "more like this" (2 / 1.5 / 1)': { mode: 'keyword', keywordWeights: MORE_LIKE_THIS },
  'keyword, 0 / 0 / 1': { mode: 'keyword', keywordWeights: { boost: { title: 0, headings: 0 }, prefixWeight: 1 } },
  'keyword, 0 / 0 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0, headings: 0 }, prefixWeight: 0.375 } },
  'keyword, 0.5 / 0 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0.5, headings: 0 }, prefixWeight: 0.375 } },
  'keyword, 0.25 / 0.25 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0.25, headings: 0.25 }, prefixWeight: 0.375 } },
  'hybrid, keyword with the weights of "more like this"': { keywordWeights: MORE_LIKE_THIS },
  'semantic mode, note vector': { mode: 'semantic', semanticScore: 'note' },
  'semantic mode, best chunk': { mode: 'semantic', semanticScore: 'chunk' },
  'orama defaults (max 0.5/0.5, similarity 0.8)': { fusion: { method: 'max', weights: [0.5, 0.5] }, minSimilarity: 0.8 },
  'max 0.5/0.5, no similarity floor': { fusion: { method: 'max', weights: [0.5, 0.5] }, minSimilarity: -1 },
  'rrf k=60': { fusion: { method: 'rrf', k: 60 } },
  'rrf k=60, best chunk': { fusion: { method: 'rrf', k: 60 }, semanticScore: 'chunk' },
  'minmax 0.5/0.5, best chunk': { fusion: { method: 'minmax', weights: [0.5, 0.5] }, semanticScore: 'chunk' },
  ...Object.fromEntries(
    [0.2, 0.3, 0.4, 0.5, 0.6, 0.7].flatMap((w): [string, SearchVariant][] => [
      [`minmax ${w}/${Math.round((1 - w) * 10) / 10}`, { fusion: { method: 'minmax', weights: [w, 1 - w] } }],
      [`zscore ${w}/${Math.round((1 - w) * 10) / 10}`, { fusion: { method: 'zscore', weights: [w, 1 - w] } }],
    ]),
  ),
};
