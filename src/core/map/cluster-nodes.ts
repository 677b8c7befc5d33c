/**
 * Groups of the shown neighbours: average-linkage agglomerative clustering on their pairwise
 * similarities. Two groups merge while their average pair similarity is at least `threshold`
 * (the edge threshold: a group is a set of notes that, on average, the map would join).
 * Groups of one are left ungrouped.
 *
 * The answer depends only on the paths and similarities, never on the order the notes come
 * in: the notes are taken in path order, and equal similarities are broken by path.
 */
export function clusterNodes(
  paths: readonly string[],
  similarity: (a: number, b: number) => number,
  threshold: number,
): string[][] {
  const order = paths.map((_, i) => i).sort((a, b) => (paths[a] < paths[b] ? -1 : paths[a] > paths[b] ? 1 : 0));
  const n = order.length;
  // Sum of pair similarities between groups, and each group's members (as sorted positions).
  const sums: number[][] = order.map((a) => order.map((b) => (a === b ? 0 : valueOf(similarity(a, b)))));
  const groups: (number[] | null)[] = order.map((_, i) => [i]);
  for (;;) {
    let best: { a: number; b: number; average: number } | null = null;
    for (let a = 0; a < n; a++) {
      const ga = groups[a];
      if (!ga) continue;
      for (let b = a + 1; b < n; b++) {
        const gb = groups[b];
        if (!gb) continue;
        const average = sums[a][b] / (ga.length * gb.length);
        // Ties go to the pair met first in path order (a group is named by its first path).
        if (average >= threshold && (!best || average > best.average)) best = { a, b, average };
      }
    }
    if (!best) break;
    const { a, b } = best;
    groups[a] = [...groups[a]!, ...groups[b]!].sort((x, y) => x - y);
    groups[b] = null;
    for (let c = 0; c < n; c++) {
      if (c === a || !groups[c]) continue;
      sums[a][c] += sums[b][c];
      sums[c][a] = sums[a][c];
    }
  }
  return groups
    .filter((g): g is number[] => g !== null && g.length > 1)
    .map((g) => g.map((i) => paths[order[i]]));
}

/** A missing similarity (a note without a vector) keeps its note apart. */
function valueOf(s: number): number {
  return Number.isNaN(s) ? -1e9 : s;
}
