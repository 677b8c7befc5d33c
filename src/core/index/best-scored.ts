/**
 * The best `limit` notes of a keyword search, best first, equal scores by path, from one score
 * array per bucket indexed by Orama's internal id (id 0 unused; `internalIds[b][id - 1]` is the
 * note). A small sorted buffer: a "more like this" query scores most of the vault, so sorting
 * every score would cost more than keeping the few that matter. `keep` is asked only of notes
 * that would enter the buffer (a note since removed, a filter).
 */
export function bestScored(
  scores: readonly Float64Array[],
  internalIds: ReadonlyArray<ReadonlyArray<string | undefined>>,
  limit: number,
  keep: (path: string, bucket: number) => boolean,
): Array<{ path: string; score: number }> {
  const best: Array<{ path: string; score: number }> = [];
  if (limit <= 0) return best;
  scores.forEach((bucketScores, b) => {
    for (let id = 1; id < bucketScores.length; id++) {
      const score = bucketScores[id];
      if (score === 0) continue;
      const path = internalIds[b][id - 1];
      if (path === undefined) continue;
      if (best.length === limit && !ranksBefore(score, path, best[limit - 1])) continue;
      if (!keep(path, b)) continue;
      let at = best.length;
      while (at > 0 && ranksBefore(score, path, best[at - 1])) at--;
      best.splice(at, 0, { path, score });
      if (best.length > limit) best.pop();
    }
  });
  return best;
}

/** Best first; equal scores by path. */
function ranksBefore(score: number, path: string, other: { path: string; score: number }): boolean {
  return score > other.score || (score === other.score && path < other.path);
}
