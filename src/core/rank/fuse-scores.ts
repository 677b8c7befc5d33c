/**
 * Fusing ranked lists (keyword BM25 and vector cosine) into one. Which method and weights
 * Kindred uses is decided by measurement (`kindred eval`, `bench/rank.bench.ts`); this file
 * only offers the candidates.
 */

/** One list's entry: a note path and that list's own score (larger is better). */
export interface ListHit {
  path: string;
  score: number;
}

/**
 * How to combine lists.
 * - `rrf`: reciprocal rank fusion, Σ wᵢ / (k + rankᵢ); ignores the scores themselves.
 * - `minmax` / `zscore`: each list's scores rescaled (to [0,1], or to mean 0 / sd 1), then a
 *   weighted sum; a note missing from a list gets that list's floor (0, or the list's minimum
 *   z-score) so absence counts against it without being infinitely bad.
 * - `max`: each list divided by its best score, then a weighted sum: what Orama's hybrid
 *   search does (with 0.5/0.5 by default). Kept to measure Orama's defaults against the rest.
 * - `raw`: a weighted sum of the scores as they are (only sensible when all are cosines).
 */
export type Fusion =
  | { method: 'rrf'; k?: number; weights?: number[] }
  | { method: 'minmax' | 'zscore' | 'max' | 'raw'; weights: number[] };

/** Divides a list's scores by its best one (Orama's hybrid normalisation). */
export function maxNormalise(hits: ListHit[]): ListHit[] {
  const best = Math.max(...hits.map((h) => h.score));
  return hits.map((h) => ({ path: h.path, score: best > 0 ? h.score / best : 0 }));
}

/** Rescales a list's scores to [0, 1]; a list whose scores are all equal becomes all 1. */
export function minMaxNormalise(hits: ListHit[]): ListHit[] {
  if (hits.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of hits) {
    lo = Math.min(lo, h.score);
    hi = Math.max(hi, h.score);
  }
  const span = hi - lo;
  return hits.map((h) => ({ path: h.path, score: span > 0 ? (h.score - lo) / span : 1 }));
}

/** Rescales a list's scores to mean 0 and standard deviation 1 (all 0 when they are equal). */
export function zScoreNormalise(hits: ListHit[]): ListHit[] {
  if (hits.length === 0) return [];
  const mean = hits.reduce((s, h) => s + h.score, 0) / hits.length;
  const variance = hits.reduce((s, h) => s + (h.score - mean) ** 2, 0) / hits.length;
  const sd = Math.sqrt(variance);
  return hits.map((h) => ({ path: h.path, score: sd > 0 ? (h.score - mean) / sd : 0 }));
}

/**
 * Combines ranked lists into one, best first. Each input list may be in any order and may
 * miss notes the others have. Ties keep the order in which notes were first seen.
 */
export function fuseScores(lists: ListHit[][], fusion: Fusion): ListHit[] {
  const weights = fusion.weights ?? lists.map(() => 1);
  if (weights.length !== lists.length) {
    throw new Error(`fuseScores: ${lists.length} lists but ${weights.length} weights`);
  }
  const fused = new Map<string, number>();
  const add = (path: string, value: number) => fused.set(path, (fused.get(path) ?? 0) + value);

  if (fusion.method === 'rrf') {
    const k = fusion.k ?? 60;
    lists.forEach((list, li) => {
      [...list]
        .sort((a, b) => b.score - a.score)
        .forEach((hit, rank) => add(hit.path, weights[li] / (k + rank + 1)));
    });
  } else {
    const normalised = lists.map((list) =>
      fusion.method === 'minmax'
        ? minMaxNormalise(list)
        : fusion.method === 'zscore'
          ? zScoreNormalise(list)
          : fusion.method === 'max'
            ? maxNormalise(list)
            : list,
    );
    const all = new Set<string>();
    for (const list of normalised) for (const h of list) all.add(h.path);
    normalised.forEach((list, li) => {
      const byPath = new Map(list.map((h) => [h.path, h.score]));
      const floor = list.length === 0 ? 0 : Math.min(0, ...list.map((h) => h.score));
      for (const path of all) add(path, weights[li] * (byPath.get(path) ?? floor));
    });
  }
  return [...fused.entries()]
    .map(([path, score]) => ({ path, score }))
    .sort((a, b) => b.score - a.score);
}
