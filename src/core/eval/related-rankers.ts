import type { IndexReader, KeywordWeights } from '../index/index-reader';
import type { Tokenize } from '../rank/distinctive-terms';
import type { Fusion } from '../rank/fuse-scores';
import { rankRelated, type RelatedStrategy, sourceFromIndexedNote, type VectorSignal } from '../rank/rank-related';
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

/** One related-notes configuration under comparison; unset fields take `RELATED_DEFAULTS`. */
export interface RelatedVariant {
  strategy?: RelatedStrategy;
  fusion?: Fusion;
  keywordTerms?: number;
  keywordMaxDocShare?: number;
  vectorSignal?: VectorSignal;
  keywordWeights?: KeywordWeights;
  dominantGap?: number | null;
  /**
   * A control: the open note's wiki links (target and shown text) are removed from the text
   * the ranking reads, so no signal can find a linked note through the words of its link.
   */
  withoutLinkText?: boolean;
}

const WIKI_LINK = /!?\[\[[^\]\n]*\]\]/g;

/** `text` with every wiki link removed, shown text included (the `withoutLinkText` control). */
export function withoutWikiLinks(text: string): string {
  return text.replace(WIKI_LINK, ' ');
}

/**
 * A related-notes ranker for evaluation: `rankRelated` with one configuration, no minimum
 * score (recall must see the whole list) and no passages (only the order counts).
 */
export function relatedRanker(context: RelatedRankerContext, variant: RelatedVariant = {}): Ranker<LinkCase> {
  return async (c) => {
    const source = await sourceFromIndexedNote(context.reader, c.path, context.readText);
    if (!source) return [];
    if (variant.withoutLinkText) source.text = withoutWikiLinks(source.text);
    const { results } = await rankRelated(context.reader, source, {
      k: context.depth ?? 20,
      minScore: -Infinity,
      strategy: variant.strategy ?? 'fused',
      fusion: variant.fusion,
      keywordTerms: variant.keywordTerms,
      keywordMaxDocShare: variant.keywordMaxDocShare,
      vectorSignal: variant.vectorSignal,
      keywordWeights: variant.keywordWeights,
      dominantGap: variant.dominantGap,
      tokenize: context.tokenize,
      withoutPassages: true,
    });
    return results.map((r) => r.path);
  };
}
