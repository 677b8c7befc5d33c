import type { IndexReader } from '../index/index-reader';
import type { Tokenize } from '../rank/distinctive-terms';
import type { Fusion } from '../rank/fuse-scores';
import { rankRelated, type RelatedStrategy, sourceFromIndexedNote } from '../rank/rank-related';
import type { Ranker } from './evaluate-rankings';
import type { LinkCase } from './link-graph-cases';

/** What the related-notes rankers under evaluation share. */
export interface RelatedRankerContext {
  reader: IndexReader;
  tokenize: Tokenize;
  readText: (path: string) => Promise<string>;
  /** How deep each ranking goes (recall@20 needs 20). */
  depth?: number;
}

/**
 * A related-notes ranker for evaluation: `rankRelated` with one strategy and fusion, no
 * minimum score (recall must see the whole list) and no passages (only the order counts).
 */
export function relatedRanker(
  context: RelatedRankerContext,
  strategy: RelatedStrategy,
  fusion?: Fusion,
  keywordTerms?: number,
): Ranker<LinkCase> {
  return async (c) => {
    const source = await sourceFromIndexedNote(context.reader, c.path, context.readText);
    if (!source) return [];
    const { results } = await rankRelated(context.reader, source, {
      k: context.depth ?? 20,
      minScore: -Infinity,
      strategy,
      fusion,
      keywordTerms,
      tokenize: context.tokenize,
      withoutPassages: true,
    });
    return results.map((r) => r.path);
  };
}
