/** One candidate minimum score and what it would do to the related lists. */
export interface MinScoreRow {
  minScore: number;
  /** Share of the linked (relevant) notes in the unfiltered top k that the threshold keeps. */
  linkedKept: number;
  /** Mean number of results per note that survive. */
  meanResults: number;
  /** Share of notes left with no result at all. */
  emptyLists: number;
}

/** One note's unfiltered related list: each result's cosine and whether it is relevant. */
export interface ScoredList {
  results: { cosine: number; relevant: boolean }[];
}

/**
 * What each candidate threshold costs (linked notes lost) and buys (noise removed). The
 * default is the highest threshold that still keeps most linked notes: see `kindred eval`.
 */
export function sweepMinScore(lists: readonly ScoredList[], thresholds: readonly number[]): MinScoreRow[] {
  const linkedTotal = lists.reduce((s, l) => s + l.results.filter((r) => r.relevant).length, 0);
  return thresholds.map((minScore) => {
    let linked = 0;
    let kept = 0;
    let empty = 0;
    for (const list of lists) {
      const survivors = list.results.filter((r) => r.cosine >= minScore);
      kept += survivors.length;
      linked += survivors.filter((r) => r.relevant).length;
      if (survivors.length === 0) empty++;
    }
    return {
      minScore,
      linkedKept: linkedTotal === 0 ? 0 : linked / linkedTotal,
      meanResults: lists.length === 0 ? 0 : kept / lists.length,
      emptyLists: lists.length === 0 ? 0 : empty / lists.length,
    };
  });
}
