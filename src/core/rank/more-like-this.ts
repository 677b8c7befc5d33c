import type { IndexReader, KeywordHit, KeywordWeights } from '../index/index-reader';
import { distinctiveTerms, type Tokenize } from './distinctive-terms';

/** Options for {@link moreLikeThis}. */
export interface MoreLikeThisOptions {
  tokenize: Tokenize;
  /** How many distinctive terms make the query (measured: see `kindred eval`). */
  terms?: number;
  /** Terms in more than this share of the notes are left out (default 1: none). */
  maxDocShare?: number;
  limit: number;
  /** A path to leave out of the results (the note itself). */
  exclude?: string;
  /** The index's "more like this" field weights unless given. */
  weights?: KeywordWeights;
}

/**
 * Keyword evidence for "related": BM25 over the text's most distinctive terms, from the postings.
 * Returns the hits best first, without `exclude`.
 */
export async function moreLikeThis(
  reader: IndexReader,
  text: string,
  options: MoreLikeThisOptions,
): Promise<KeywordHit[]> {
  const terms = distinctiveTerms(text, reader, options.tokenize, options.terms ?? 25, options.maxDocShare);
  if (terms.length === 0) return [];
  // The terms go to the postings as they are: a query string of 200 words would make every
  // bucket parse it and score every note holding any of them, or any word they begin.
  const hits = await reader.termSearch(
    terms.map((t) => t.term),
    options.limit + (options.exclude ? 1 : 0),
    options.weights,
  );
  return hits.filter((h) => h.path !== options.exclude).slice(0, options.limit);
}
