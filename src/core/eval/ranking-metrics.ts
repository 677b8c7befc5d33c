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
 * (gain 1 / log2(rank + 1)), divided by the best possible for this many relevant items.
 */
export function ndcgAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((item, i) => {
    if (relevant.has(item)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return dcg / ideal;
}

/** The arithmetic mean; 0 for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}
