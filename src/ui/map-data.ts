import { TFile, type App } from 'obsidian';
import { buildMap } from '../core/map/build-map';
import { layoutMapInSlices, type MapLayout, type NodeSizeBy } from '../core/map/map-layout';
import type { NeighbourhoodMap, NoteFacts } from '../core/map/map-types';
import type { Tokenize } from '../core/rank/distinctive-terms';
import type { Clock } from '../core/ports';
import type { KindredEngine } from '../obsidian/kindred-engine';
import { splitFrontMatter } from '../core/front-matter';

/** What a map of a note can be while it is asked for. */
export type MapLoad =
  | { kind: 'waiting' }
  | { kind: 'not-indexed' }
  | { kind: 'empty-note' }
  /** No neighbour above the minimum score: the map would be the note alone. */
  | { kind: 'no-neighbours'; map: NeighbourhoodMap }
  | { kind: 'map'; map: NeighbourhoodMap; layout: MapLayout };

export interface MapDataDeps {
  app: App;
  engine: KindredEngine;
  tokenize: Tokenize;
  clock: Required<Pick<Clock, 'now' | 'yield'>>;
  readText(path: string): Promise<string>;
}

export interface MapRequest {
  k: number;
  minScore: number;
  threshold: number;
  time: boolean;
  sizeBy: NodeSizeBy;
}

/**
 * The map of the note at `path`, as the view and the code block show it: the engine's related
 * notes (the pane's own call, with `k` results), the core's map of them, and its layout in
 * slices of a few milliseconds, so the UI thread is never held long. `null` when `signal`
 * stopped it (a newer request took its place).
 */
export async function loadMap(deps: MapDataDeps, path: string, request: MapRequest, signal: AbortSignal): Promise<MapLoad | null> {
  const { engine } = deps;
  const index = engine.index;
  if (!index) return { kind: 'waiting' };
  const text = await deps.readText(path);
  if (splitFrontMatter(text).body.trim() === '') return { kind: 'empty-note' };
  const state = await engine.related(path, request.k, request.minScore);
  if (signal.aborted) return null;
  if (state.kind !== 'answer') return state;
  if (state.answer.results.length === 0 && engine.indexing) return { kind: 'waiting' };
  const map = await buildMap(
    { reader: index, tokenize: deps.tokenize, readText: (p) => deps.readText(p), facts: obsidianFacts(deps.app), yield: () => deps.clock.yield() },
    path,
    state.answer,
    { threshold: state.keywordOnly ? undefined : request.threshold },
  );
  if (signal.aborted) return null;
  if (map.nodes.length === 1) return { kind: 'no-neighbours', map };
  const layout = await layoutMapInSlices(map, { time: request.time, sizeBy: request.sizeBy }, deps.clock, 8, signal);
  return layout ? { kind: 'map', map, layout } : null;
}

/** File size and creation time from Obsidian's file stats; backlinks from its link cache (counted once per map). */
export function obsidianFacts(app: App): (path: string) => NoteFacts | null {
  let backlinks: Map<string, number> | null = null;
  return (path) => {
    const file = app.vault.getAbstractFileByPath(path);
    if (!(file instanceof TFile)) return null;
    if (!backlinks) {
      backlinks = new Map();
      for (const [source, targets] of Object.entries(app.metadataCache.resolvedLinks)) {
        for (const target of Object.keys(targets)) if (target !== source) backlinks.set(target, (backlinks.get(target) ?? 0) + 1);
      }
    }
    return { bytes: file.stat.size, created: file.stat.ctime || null, backlinks: backlinks.get(path) ?? 0 };
  };
}
