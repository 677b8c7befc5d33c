import { mean, ndcgAtK, recallAtK } from './ranking-metrics';

/** One evaluation case: something to rank for, and what should come back. */
export interface EvalCase {
  id: string;
  relevant: ReadonlySet<string>;
  /** Graded judgements (a grade per relevant item); every relevant item counts 1 without. */
  grades?: ReadonlyMap<string, number>;
}

/** Mean scores of one ranker over every case. */
export interface RankerScores {
  name: string;
  cases: number;
  recallAt10: number;
  recallAt20: number;
  ndcgAt10: number;
}

/** A ranker under test: the ranked ids (paths) for one case, best first. */
export type Ranker<C extends EvalCase> = (evalCase: C) => Promise<string[]>;

/**
 * Runs every ranker over every case and averages recall@10, recall@20 and nDCG@10.
 * Rankers run one after another so their timings do not disturb each other.
 */
export async function evaluateRankings<C extends EvalCase>(
  cases: readonly C[],
  rankers: Record<string, Ranker<C>>,
): Promise<RankerScores[]> {
  const out: RankerScores[] = [];
  for (const [name, rank] of Object.entries(rankers)) {
    const r10: number[] = [];
    const r20: number[] = [];
    const n10: number[] = [];
    for (const c of cases) {
      const ranked = await rank(c);
      r10.push(recallAtK(ranked, c.relevant, 10));
      r20.push(recallAtK(ranked, c.relevant, 20));
      n10.push(ndcgAtK(ranked, c.relevant, 10, c.grades));
    }
    out.push({ name, cases: cases.length, recallAt10: mean(r10), recallAt20: mean(r20), ndcgAt10: mean(n10) });
  }
  return out;
}
