import type { Bm25Params, KeywordWeights } from './index-reader';

/** The keyword side's weights: how BM25 counts, and how typed queries and "more like this" weigh a note's fields. */

/** Lucene's BM25 with its default k1 and b; see `TYPED_QUERY` for how they were chosen. */
export const DEFAULT_BM25: Bm25Params = { tf: 'counts', k1: 1.2, b: 0.75, queryCounts: false };
/** "More like this": Orama's field boosts, as measured for related notes (`RELATED_DEFAULTS`). */
export const MORE_LIKE_THIS: KeywordWeights = { boost: { title: 2, headings: 1.5 }, prefixWeight: 1 };

/**
 * Typed queries, measured on our query set (`kindred eval --queries eval/queries.jsonl
 * --sweep-queries`, nDCG@10 of keyword mode): with "more like this"'s boosts 0.322, where
 * MiniSearch scores 0.506. Per-field BM25 over-rewards a short field (with Orama's formula one
 * title word is worth about five body words), so a note whose title shares one common word with
 * the query outranks notes that answer it. Title and headings at 0: 0.470; words the last term
 * only begins at 0.375 (MiniSearch's prefix weight) instead of 1: 0.511. Headings weigh 0
 * because their lines are in the body too; the title keeps 0.25 (0.488), because a note's title
 * need not be anywhere in its text and our queries avoid titles by design, so they cannot show
 * what a title is worth (title 0.5: 0.431).
 */
export const TYPED_QUERY: KeywordWeights = { boost: { title: 0.25, headings: 0 }, prefixWeight: 0.375 };
