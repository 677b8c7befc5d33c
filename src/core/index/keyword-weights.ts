import type { Bm25Params, KeywordWeights } from './index-reader';

/**
 * The keyword side's scoring parameters, each chosen by measurement; the numbers are nDCG@10 on
 * the three evaluation collections of the README's Quality section: A, the Sequences vault with
 * `eval/queries.jsonl`; B, the raw essays with `eval/paraphrase-queries.jsonl`; C, ArguAna's
 * development half (`kindred eval --beir`).
 */

/**
 * BM25 with term counts (Lucene's form), k1 5 and b 1, a query word counted once per occurrence:
 * measured on three collections (`kindred eval --sweep-queries` and `--sweep`, nDCG@10). Lucene's
 * defaults (k1 1.2, b 0.75) scored keyword 0.591 / 0.600 / 0.412 on A / B / C; these score 0.605 / 0.652 / 0.500, and
 * related notes 0.427 (was 0.399) on A's links and 0.604 (0.540) on C. Scores
 * sit on a plateau (k1 3 to 8 with b 1 within 0.01 on each); b under 1 lost on every collection.
 * Long documents need the full length normalisation and a slow saturation: C's queries are
 * whole arguments, and presence-only BM25 (Orama's own, which normalises hard by length) still
 * scores 0.518 there, but 0.503 and 0.566 on the others.
 */
export const DEFAULT_BM25: Bm25Params = { tf: 'counts', k1: 5, b: 1, queryCounts: true };
/** Orama's own BM25 (`defaultBM25Params` in its search): presence only, k1 1.2, b 0.75; kept for `--sweep`. */
export const ORAMA_BM25: Bm25Params = { tf: 'presence', k1: 1.2, b: 0.75, queryCounts: false };

/** "More like this": Orama's field boosts, as measured for related notes (`RELATED_DEFAULTS`). */
export const MORE_LIKE_THIS: KeywordWeights = { boost: { title: 2, headings: 1.5 }, prefixWeight: 1 };

/**
 * Typed queries, first measured on A (`kindred eval --queries eval/queries.jsonl
 * --sweep-queries`, nDCG@10 of keyword mode, with the BM25 of the time): with "more like this"'s boosts 0.322, where
 * MiniSearch scores 0.506. Per-field BM25 over-rewards a short field (with Orama's formula one
 * title word is worth about five body words), so a note whose title shares one common word with
 * the query outranks notes that answer it. Title and headings at 0: 0.470; words the last term
 * only begins at 0.375 (MiniSearch's prefix weight) instead of 1: 0.511. Headings weigh 0
 * because their lines are in the body too; the title keeps 0.25 (0.488), because a note's title
 * need not be anywhere in its text and our queries avoid titles by design, so they cannot show
 * what a title is worth (title 0.5: 0.431). Measured again with today's BM25 (k1 5, b 1) on A / B / C: title and headings at 0 score 0.617 / 0.646 / 0.496, title 0.5 0.590 /
 * 0.647 / 0.500, these weights 0.605 / 0.652 / 0.500; no variant is better on all three.
 */
export const TYPED_QUERY: KeywordWeights = { boost: { title: 0.25, headings: 0 }, prefixWeight: 0.375 };
