import type { MapEdge } from './map-types';
import { similarityAt, type SimilarityMatrix } from './pairwise-similarity';

/**
 * The pairs of shown notes whose similarity is at least `threshold`, each marked `linked` when
 * either note links to the other (a solid line; the rest are the links the vault may be
 * missing). `paths[i]` is row `i` of `similarities`; `links(path)` is what that note links to.
 * A pair with no similarity (`NaN`: a note without a vector) is never joined.
 */
export function mapEdges(
  paths: readonly string[],
  similarities: SimilarityMatrix,
  threshold: number,
  links: (path: string) => readonly string[],
): MapEdge[] {
  const linkSets = paths.map((p) => new Set(links(p)));
  const edges: MapEdge[] = [];
  for (let i = 0; i < paths.length; i++) {
    for (let j = i + 1; j < paths.length; j++) {
      const similarity = similarityAt(similarities, i, j);
      if (!(similarity >= threshold)) continue;
      const [a, b] = paths[i] < paths[j] ? [i, j] : [j, i];
      edges.push({
        source: paths[a],
        target: paths[b],
        similarity,
        linked: linkSets[i].has(paths[j]) || linkSets[j].has(paths[i]),
      });
    }
  }
  edges.sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : x.target > y.target ? 1 : 0));
  return edges;
}
