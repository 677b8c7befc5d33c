/**
 * Ranking quality against a set of relevant items (binary relevance). Pure functions so the
 * same numbers come out of `kindred eval`, the benchmark and the tests.
 */

/** Share of the relevant items found in the first `k` of `ranked` (0 when nothing is relevant). */
export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let found = 0;
  for (const item of ranked.slice(0, k)) if (relevant.has(item)) found++;
  return found / relevant.size;
}

/**
 * Normalised discounted cumulative gain at `k`: hits near the top count more
 * (gain / log2(rank + 1)), divided by the best possible for these judgements. Gains are 1 for
 * every relevant item unless `grades` says otherwise (graded judgements, as BEIR scores them).
 */
export function ndcgAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number, grades?: ReadonlyMap<string, number>): number {
  if (relevant.size === 0) return 0;
  const gain = (item: string): number => (relevant.has(item) ? (grades?.get(item) ?? 1) : 0);
  let dcg = 0;
  ranked.slice(0, k).forEach((item, i) => {
    dcg += gain(item) / Math.log2(i + 2);
  });
  const best = [...relevant].map(gain).sort((a, b) => b - a);
  let ideal = 0;
  for (let i = 0; i < Math.min(k, best.length); i++) ideal += best[i] / Math.log2(i + 2);
  return dcg / ideal;
}

/** The arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}
