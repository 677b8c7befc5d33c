import type { IndexReader } from '../index/index-reader';
import type { Tokenize } from '../rank/distinctive-terms';
import { displayedText } from '../rank/displayed-text';

/**
 * A note as weighted terms: what keyword-only maps compare notes by, and what cluster labels
 * are drawn from. Weights are tf × idf against the whole index, as "more like this" weighs
 * its terms (`distinctiveTerms`): damped term frequency `1 + ln tf`, idf `ln(1 + N / (df + 1))`.
 */
export interface TermProfile {
  weights: Map<string, number>;
  /** The L2 norm of the weights. */
  norm: number;
}

export type TermStats = Pick<IndexReader, 'documentFrequency' | 'noteCount'>;

/** The terms of the text a reader sees (front matter values, link text, no URLs). */
export function termProfile(markdown: string, tokenize: Tokenize, stats: TermStats): TermProfile {
  const counts = new Map<string, number>();
  for (const term of tokenize(displayedText(markdown))) {
    // Very short tokens and tokens with digits are more often footnote marks ("eliezer18"),
    // list numbers and years than topics.
    if (term.length < 3 || /\d/.test(term)) continue;
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  const n = Math.max(1, stats.noteCount());
  const weights = new Map<string, number>();
  let squared = 0;
  for (const [term, count] of counts) {
    const weight = (1 + Math.log(count)) * Math.log(1 + n / (stats.documentFrequency(term) + 1));
    weights.set(term, weight);
    squared += weight * weight;
  }
  return { weights, norm: Math.sqrt(squared) };
}

/** Cosine of two term profiles (0 when either is empty). */
export function profileCosine(a: TermProfile, b: TermProfile): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [term, weight] of small.weights) {
    const other = large.weights.get(term);
    if (other !== undefined) dot += weight * other;
  }
  return dot / (a.norm * b.norm);
}
