import type { MapLayout } from './map-layout';
import type { NeighbourhoodMap } from './map-types';

/**
 * The map as `kindred map --json` prints it: `nodes` (path, title, date, cluster, x, y, and
 * the rest a script may want), `edges` (source, target, similarity, linked), the clusters with
 * their words, and the notes before and after the centre's date. Positions are the layout's
 * own numbers, unrounded: the plugin draws the same ones.
 */
export function mapJson(map: NeighbourhoodMap, layout: MapLayout) {
  const placed = new Map(layout.nodes.map((n) => [n.path, n]));
  return {
    centre: map.centre,
    keywordOnly: map.keywordOnly,
    threshold: map.threshold,
    minScore: map.minScore,
    nodes: map.nodes.map((node) => {
      const at = placed.get(node.path)!;
      return {
        path: node.path,
        title: node.title,
        date: node.date === null ? null : new Date(node.date).toISOString(),
        dateFrom: node.dateFrom,
        cluster: node.cluster,
        rank: node.rank,
        score: node.score,
        linkedFromCentre: node.linkedFromCentre,
        x: at.x,
        y: at.y,
        r: at.r,
      };
    }),
    edges: map.edges.map((e) => ({ source: e.source, target: e.target, similarity: e.similarity, linked: e.linked })),
    clusters: map.clusters.map((c) => ({ members: c.members, words: c.words })),
    before: map.time.before,
    after: map.time.after,
  };
}
