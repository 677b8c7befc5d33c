/** A scored item in a ranking. */
export interface Scored<T> {
  item: T;
  score: number;
}

/**
 * The `k` highest-scoring entries of `scores`, best first, skipping indexes `skip` rejects.
 * A small sorted buffer rather than a full sort: k is 20 and the vault may hold 10,000 notes.
 */
export function topKIndexes(
  scores: ArrayLike<number>,
  k: number,
  skip: (index: number) => boolean = () => false,
): Scored<number>[] {
  const best: Scored<number>[] = [];
  if (k <= 0) return best;
  for (let i = 0; i < scores.length; i++) {
    const score = scores[i];
    if (Number.isNaN(score)) continue;
    if (best.length === k && score <= best[best.length - 1].score) continue;
    if (skip(i)) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].score < score) at--;
    best.splice(at, 0, { item: i, score });
    if (best.length > k) best.pop();
  }
  return best;
}
