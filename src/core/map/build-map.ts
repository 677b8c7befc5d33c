import type { IndexReader } from '../index/index-reader';
import type { Tokenize } from '../rank/distinctive-terms';
import { rankRelated, type RelatedAnswer, type RelatedSource } from '../rank/rank-related';
import { clusterNodes } from './cluster-nodes';
import { clusterWords } from './cluster-labels';
import { mapEdges } from './map-edges';
import type { MapCluster, MapNode, NeighbourhoodMap, NoteFacts } from './map-types';
import { keywordSimilarities, similarityAt, vectorSimilarities, type SimilarityMatrix } from './pairwise-similarity';
import { termProfile, type TermProfile } from './term-profile';
import { noteDate, splitByTime } from './time-split';

/**
 * Defaults for the map. The edge thresholds are raw cosines (note vectors) and keyword-profile
 * cosines; see `MAP_THRESHOLDS` for how they were chosen.
 */
export const MAP_DEFAULTS = {
  /** Neighbours shown (the view's slider goes from 10 to 60). */
  k: 25,
  minK: 10,
  maxK: 60,
};

/**
 * Where pairs are joined, by what the similarity is measured on: the raw cosine of the note
 * vectors, or (no model) the cosine of the keyword profiles. Chosen on the Sequences vault with
 * the real model (`npx tsx scripts/map-edge-sweep.ts --vault DIR`: the 289 essays that link to
 * others, 25 neighbours each) as the grid value whose maps average nearest one edge per
 * neighbour, a picture a person can still read:
 * - vector 0.75: 27.7 edges among the 25 neighbours (median 21); 17.0% of them are existing
 *   links, 2.6 times the rate among all neighbour pairs (6.6%); 0.7 draws 62 (lift 2.1), 0.8
 *   draws 8.7 and leaves 18 maps with no edge;
 * - keyword 0.125: 17.8 edges (median 13), 38.6% existing links, 6.8 times the rate (5.6%);
 *   0.1 draws 45 (lift 3.9). The keyword side reads link text, which names the linked note:
 *   part of its lift is that, not meaning.
 */
export const MAP_THRESHOLDS = {
  vector: 0.75,
  keyword: 0.125,
};

/** What building a map reads besides the index. */
export interface MapDeps {
  reader: IndexReader;
  tokenize: Tokenize;
  /** A note's full text. */
  readText(path: string): Promise<string>;
  /** What the host knows of the file; `null` when it does not know the note. */
  facts(path: string): NoteFacts | null;
  /** Hands the thread back between steps (Obsidian's UI thread); absent in a terminal. */
  yield?(): Promise<void>;
}

export interface MapOptions {
  /** Pairs at or above this similarity are joined (default by kind: `MAP_THRESHOLDS`). */
  threshold?: number;
}

/**
 * The map of `centre` and the related notes of `answer` (rankRelated's answer for it, in its
 * order: the map shows exactly those notes). Similarities are the cosines of the note vectors,
 * or, with no vectors (no model yet), of the notes' keyword profiles.
 */
export async function buildMap(
  deps: MapDeps,
  centre: string,
  answer: RelatedAnswer,
  options: MapOptions = {},
): Promise<NeighbourhoodMap> {
  const { reader } = deps;
  const results = answer.results;
  const paths = [centre, ...results.map((r) => r.path)];
  const entries = paths.map((p) => reader.getNote(p));
  const centreVector = entries[0]?.vector ?? null;
  const keywordOnly = results.length > 0 ? results.every((r) => r.cosine === null) : centreVector === null;

  const profiles: TermProfile[] = [];
  for (let i = 0; i < paths.length; i++) {
    profiles.push(termProfile(await deps.readText(paths[i]), deps.tokenize, reader));
    if (i % 4 === 3) await deps.yield?.();
  }
  let similarities: SimilarityMatrix;
  if (keywordOnly) similarities = keywordSimilarities(profiles);
  else {
    // A centre embedded on the fly is not in the index: rankRelated's cosine stands in for it.
    const known = (i: number, j: number) => (i === 0 && !centreVector ? results[j - 1].cosine : null);
    similarities = vectorSimilarities(entries.map((e) => e?.vector ?? null), known);
  }
  await deps.yield?.();
  const threshold = options.threshold ?? (keywordOnly ? MAP_THRESHOLDS.keyword : MAP_THRESHOLDS.vector);
  const links = (path: string): readonly string[] => reader.getNote(path)?.links ?? [];
  const edges = mapEdges(paths, similarities, threshold, links);
  await deps.yield?.();

  // Groups among the neighbours: the centre is close to all of them and would join every group.
  const groups = clusterNodes(paths.slice(1), (a, b) => similarityAt(similarities, a + 1, b + 1), threshold);
  const rankOf = new Map(paths.map((p, i) => [p, i]));
  const byRank = (a: string, b: string) => rankOf.get(a)! - rankOf.get(b)!;
  const clusters: MapCluster[] = groups
    .map((members) => [...members].sort(byRank))
    .sort((a, b) => byRank(a[0], b[0]))
    .map((members) => {
      const inside = new Set(members);
      return {
        members,
        words: clusterWords(
          members.map((p) => profiles[rankOf.get(p)!]),
          paths.filter((p) => !inside.has(p)).map((p) => profiles[rankOf.get(p)!]),
        ),
      };
    });
  const clusterOf = new Map<string, number>();
  clusters.forEach((c, i) => c.members.forEach((p) => clusterOf.set(p, i)));

  const centreLinks = new Set(links(centre));
  const nodes: MapNode[] = paths.map((path, rank) => {
    const entry = entries[rank];
    const result = rank === 0 ? undefined : results[rank - 1];
    const facts = deps.facts(path);
    const frontMatter = entry?.frontMatter ?? {};
    const { date, from } = noteDate(frontMatter, facts?.created ?? null);
    const slash = path.lastIndexOf('/');
    const node: MapNode = {
      path,
      title: entry?.title ?? result?.title ?? path.slice(slash + 1).replace(/\.md$/i, ''),
      rank,
      score: result ? result.score : null,
      folder: entry?.folder ?? (slash < 0 ? '' : path.slice(0, slash)),
      tags: entry?.tags ?? [],
      site: siteOf(frontMatter.site),
      date,
      dateFrom: from,
      bytes: facts?.bytes ?? 0,
      backlinks: facts?.backlinks ?? 0,
      cluster: clusterOf.get(path) ?? null,
      linkedFromCentre: rank > 0 && centreLinks.has(path),
    };
    if (result) {
      node.passage = result.passage;
      if (result.otherPassage) node.otherPassage = result.otherPassage;
    }
    return node;
  });

  return {
    centre,
    nodes,
    edges,
    clusters,
    threshold,
    keywordOnly,
    minScore: answer.minScore,
    belowMinScore: answer.belowMinScore,
    time: splitByTime(nodes),
  };
}

function siteOf(value: unknown): string | null {
  if (typeof value === 'string' && value.trim()) return value.trim();
  if (Array.isArray(value) && typeof value[0] === 'string' && value[0].trim()) return value[0].trim();
  return null;
}

/** How the neighbours are found: rankRelated's own options (the related pane passes the same). */
export interface NeighbourOptions {
  k: number;
  minScore: number;
}

/**
 * The map of an indexed (or embedded on the fly) note: rankRelated's answer for `source` with
 * `k` results, then `buildMap`. `kindred map` draws this; the plugin gets the same answer from
 * its engine (the same rankRelated call) and builds the same map from it.
 */
export async function mapOfSource(
  deps: MapDeps,
  source: RelatedSource & { path: string },
  neighbours: NeighbourOptions,
  options: MapOptions = {},
): Promise<NeighbourhoodMap> {
  const answer = await rankRelated(deps.reader, source, {
    k: neighbours.k,
    minScore: neighbours.minScore,
    tokenize: deps.tokenize,
    strategy: source.vector === null ? 'keyword' : 'fused',
  });
  return buildMap(deps, source.path, answer, options);
}
