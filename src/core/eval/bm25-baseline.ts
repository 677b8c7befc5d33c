import type { Ranker } from './evaluate-rankings';
import type { LinkCase } from './link-graph-cases';

/** The part of MiniSearch's API the baseline uses (so core does not import it). */
export interface MiniSearchLike {
  addAll(documents: { id: string; text: string }[]): void;
  search(query: string, options?: { combineWith?: 'OR' | 'AND' }): { id: unknown; score: number }[];
}

/**
 * The plain BM25 baseline for "related": the whole note as one OR query against a MiniSearch
 * index of every note. What a keyword engine does with no notion of distinctive terms.
 */
export function bm25RelatedRanker(
  search: MiniSearchLike,
  readText: (path: string) => Promise<string>,
  depth = 20,
): Ranker<LinkCase> {
  return async (c) => {
    const text = await readText(c.path);
    return search
      .search(text, { combineWith: 'OR' })
      .map((hit) => String(hit.id))
      .filter((id) => id !== c.path)
      .slice(0, depth);
  };
}
