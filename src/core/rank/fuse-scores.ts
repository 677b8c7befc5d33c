/**
 * Fusing ranked lists (keyword BM25 and vector cosine) into one. Which method and weights
 * Kindred uses is decided by measurement (`kindred eval`, `bench/rank.bench.ts`); this file
 * only offers the candidates.
 */

/** One list's entry: a note path and that list's own score (larger is better). */
export interface ListHit {
  path: string;
  score: number;
  /** Far above the rest of its list (see `setAsideDominant`): left out of the list's scaling. */
  dominant?: true;
}

/**
 * How far above the rest a list's first hits must stand to be set aside: their gap to the next
 * hit, against the spread of the ten hits after it. A copy of the note (BM25 196 where the next
 * scores 60 and the tenth 45) stands about 9 spreads above; in lists without one, the first
 * gap measured under 1 spread on our collections.
 */
export const DOMINANT_GAP = 3;
/** At most this many hits are set aside (a note clipped twice, and its copy). */
export const MAX_DOMINANT = 3;

/**
 * `hits` (best first) cut to `limit`, with the first one to `MAX_DOMINANT` hits marked
 * `dominant` when they stand far above the rest (a near-copy of the note, the selection's own
 * note, a query pasted from a note). Those are not counted in `limit` and not used to scale
 * the list, so one dominant hit cannot change the scores, or the order, of the others: fetch
 * `limit + MAX_DOMINANT` hits and pass them all.
 */
export function setAsideDominant(hits: readonly ListHit[], limit: number, gap = DOMINANT_GAP): ListHit[] {
  const s = hits.map((h) => h.score);
  let block = 0;
  for (let m = 1; m <= MAX_DOMINANT && m + 1 < s.length; m++) {
    const above = s[m - 1] - s[m];
    const below = s[m] - s[Math.min(m + 10, s.length - 1)];
    if (above > gap * Math.max(below, 0.05 * Math.abs(s[m]))) {
      block = m;
      break;
    }
  }
  return [...hits.slice(0, block).map((h): ListHit => ({ ...h, dominant: true })), ...hits.slice(block, block + limit)];
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

/** The hits a list is scaled by: all but the dominant ones (all of them if every one is). */
function scaledBy(hits: readonly ListHit[]): readonly ListHit[] {
  const rest = hits.filter((h) => !h.dominant);
  return rest.length > 0 ? rest : hits;
}

/** Divides a list's scores by its best one (Orama's hybrid normalisation); dominant hits get 1. */
export function maxNormalise(hits: ListHit[]): ListHit[] {
  const best = Math.max(...scaledBy(hits).map((h) => h.score));
  return hits.map((h) => ({ path: h.path, score: best > 0 ? Math.min(1, h.score / best) : 0 }));
}

/** Rescales a list's scores to [0, 1]; a list whose scores are all equal becomes all 1; dominant hits get 1. */
export function minMaxNormalise(hits: ListHit[]): ListHit[] {
  if (hits.length === 0) return [];
  let lo = Infinity;
  let hi = -Infinity;
  for (const h of scaledBy(hits)) {
    lo = Math.min(lo, h.score);
    hi = Math.max(hi, h.score);
  }
  const span = hi - lo;
  return hits.map((h) => ({ path: h.path, score: span > 0 ? Math.min(1, (h.score - lo) / span) : 1 }));
}

/**
 * Rescales a list's scores to mean 0 and standard deviation 1; dominant hits get the best of the
 * rest. When they are all equal (a query one note alone matches) they all become 1: one standard
 * deviation above the notes absent from the list, so a lone hit still counts for its note.
 */
export function zScoreNormalise(hits: ListHit[]): ListHit[] {
  if (hits.length === 0) return [];
  const by = scaledBy(hits);
  const mean = by.reduce((s, h) => s + h.score, 0) / by.length;
  const variance = by.reduce((s, h) => s + (h.score - mean) ** 2, 0) / by.length;
  const sd = Math.sqrt(variance);
  const z = (score: number): number => (sd > 0 ? (score - mean) / sd : 1);
  const top = Math.max(...by.map((h) => z(h.score)));
  return hits.map((h) => ({ path: h.path, score: h.dominant ? top : z(h.score) }));
}

/**
 * Combines ranked lists into one, best first. Each input list may be in any order and may
 * miss notes the others have. Ties go by path.
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
      // Dominant hits share rank 0; the others are ranked among themselves.
      let rank = 0;
      for (const hit of [...list].sort(byScore)) add(hit.path, weights[li] / (k + (hit.dominant ? 0 : ++rank)));
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
  return [...fused.entries()].map(([path, score]) => ({ path, score })).sort(byScore);
}

/** Best first; equal scores by path, so an answer never depends on the order lists were built in. */
function byScore(a: ListHit, b: ListHit): number {
  return b.score - a.score || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
}
