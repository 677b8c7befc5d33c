import type { IndexReader } from '../index/index-reader';
import type { Tokenize } from '../rank/distinctive-terms';
import { searchNotes, type SearchContext, type SearchMode } from '../rank/search-notes';
import type { Ranker } from './evaluate-rankings';
import type { QueryCase } from './query-set';

/** What the search rankers under evaluation share. */
export interface SearchRankerContext {
  reader: IndexReader;
  tokenize: Tokenize;
  embedQuery: (text: string) => Promise<Float32Array>;
  /** How deep each ranking goes (recall@20 needs 20). */
  depth?: number;
}

/** A search variant under comparison: hybrid unless it says otherwise. */
export type SearchVariant = Partial<SearchContext> & { mode?: SearchMode };

/**
 * A search ranker for evaluation: `searchNotes` with one configuration and no passages (only the
 * order counts); a case's `exclude` (the query's own note) is left out of the ranking.
 */
export function searchRanker(context: SearchRankerContext, variant: SearchVariant = {}): Ranker<QueryCase> {
  const { mode = 'hybrid', ...overrides } = variant;
  const depth = context.depth ?? 20;
  return async (c) => {
    const results = await searchNotes(
      context.reader,
      { text: c.text, mode, k: depth + (c.exclude ? 1 : 0) },
      { tokenize: context.tokenize, embedQuery: context.embedQuery, withoutPassages: true, ...overrides },
    );
    return results
      .map((r) => r.path)
      .filter((p) => p !== c.exclude)
      .slice(0, depth);
  };
}

/** `embed` with every vector kept: an evaluation embeds each query once, whatever the rows. */
export function rememberingEmbedder(embed: (text: string) => Promise<Float32Array>): (text: string) => Promise<Float32Array> {
  const known = new Map<string, Promise<Float32Array>>();
  return (text) => {
    let vector = known.get(text);
    if (!vector) known.set(text, (vector = embed(text)));
    return vector;
  };
}
