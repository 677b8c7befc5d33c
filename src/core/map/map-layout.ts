import { forceCollide, forceLink, forceManyBody, forceSimulation, forceX, forceY, type Simulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3-force';
import type { MapNode, NeighbourhoodMap } from './map-types';
import { hashText, seededRandom } from './seeded-random';

/** What a node's size stands for. */
export type NodeSizeBy = 'length' | 'backlinks';

export interface LayoutOptions {
  /** Dated notes by time along x: earlier work left, later work right. */
  time?: boolean;
  sizeBy?: NodeSizeBy;
}

export interface PlacedNode {
  path: string;
  x: number;
  y: number;
  /** Radius, in layout units. */
  r: number;
}

export interface MapLayout {
  nodes: PlacedNode[];
  /** With `time`: where each date sits along x (for the axis), as `x = a + b × date`. */
  timeScale: { a: number; b: number } | null;
  /** y of the band of notes without a date in a time layout. */
  undatedY: number | null;
}

interface SimNode extends SimulationNodeDatum {
  path: string;
  r: number;
}
type SimLink = SimulationLinkDatum<SimNode> & { distance: number; strength: number };

// Layout constants, in layout units (the drawing scales them to fit).
const MIN_RADIUS = 5;
const MAX_RADIUS = 16;
const CENTRE_RADIUS = 20;
const SPOKE_NEAR = 100;
const SPOKE_FAR = 300;
const TIME_WIDTH = 900;
const UNDATED_Y = 340;
/**
 * The simulation's own cooling, fixed here rather than derived (d3 computes its default
 * decay with `Math.pow`, whose last bit may differ between JavaScript engines): 300 ticks.
 */
const ALPHA_MIN = 0.001;
const ALPHA_DECAY = 0.0228;
export const LAYOUT_TICKS = Math.ceil(Math.log(ALPHA_MIN) / Math.log(1 - ALPHA_DECAY));

/** The radius of each node: the square root of its length or backlinks, scaled among the shown notes. */
export function nodeRadii(nodes: readonly MapNode[], sizeBy: NodeSizeBy = 'length'): number[] {
  const measure = (n: MapNode) => Math.sqrt(Math.max(0, sizeBy === 'length' ? n.bytes : n.backlinks));
  const largest = Math.max(0, ...nodes.map(measure));
  return nodes.map((n, i) =>
    i === 0 ? CENTRE_RADIUS : MIN_RADIUS + (largest > 0 ? (MAX_RADIUS - MIN_RADIUS) * (measure(n) / largest) : 0),
  );
}

/**
 * A force layout of the map from d3-force, seeded by the centre's path: the same note with
 * the same neighbours gives the same picture, in Obsidian and in a terminal. Only arithmetic
 * and square roots run in the simulation (start positions come from a seeded generator, not
 * d3's spiral of sines and cosines), so the positions agree to the last bit across engines.
 *
 * The centre sits at the origin; a spring pulls each neighbour to a distance set by its rank;
 * each edge is a spring whose rest length shrinks as the similarity grows; notes repel each
 * other and never overlap. With `time`, dated notes are pulled to their date along x.
 *
 * `step(ticks)` runs a slice of the simulation, so a UI thread can lay out a few ticks per
 * task; `layoutMap` runs it to the end at once.
 */
export class MapLayoutRun {
  readonly totalTicks = LAYOUT_TICKS;
  private ticks = 0;
  private readonly sim: Simulation<SimNode, SimLink>;
  private readonly simNodes: SimNode[];
  private readonly timeScale: { a: number; b: number } | null = null;
  private readonly undatedY: number | null = null;

  constructor(map: NeighbourhoodMap, options: LayoutOptions = {}) {
    const radii = nodeRadii(map.nodes, options.sizeBy);
    const seed = hashText(map.centre);
    const spread = 40 * Math.sqrt(map.nodes.length);
    this.simNodes = map.nodes.map((node, i) => {
      // Each note's start depends on its own path and the centre, never on the others' order.
      const random = seededRandom(hashText(node.path, seed));
      const sim: SimNode = { path: node.path, r: radii[i], x: (random() - 0.5) * 2 * spread, y: (random() - 0.5) * 2 * spread, vx: 0, vy: 0 };
      if (i === 0) {
        sim.x = 0;
        sim.y = 0;
        sim.fx = 0;
        sim.fy = 0;
      }
      return sim;
    });
    const index = new Map(this.simNodes.map((n, i) => [n.path, i]));
    const last = Math.max(1, map.nodes.length - 1);
    const links: SimLink[] = map.nodes.slice(1).map((node) => ({
      source: 0,
      target: index.get(node.path)!,
      distance: SPOKE_NEAR + (SPOKE_FAR - SPOKE_NEAR) * ((node.rank - 1) / last),
      strength: 0.3,
    }));
    for (const edge of map.edges) {
      const a = index.get(edge.source)!;
      const b = index.get(edge.target)!;
      if (a === 0 || b === 0) continue; // the spoke already joins the centre
      const closeness = map.threshold >= 1 ? 1 : Math.max(0, Math.min(1, (edge.similarity - map.threshold) / (1 - map.threshold)));
      links.push({ source: a, target: b, distance: 150 - 70 * closeness, strength: 0.1 + 0.3 * closeness });
    }

    this.sim = forceSimulation<SimNode, SimLink>()
      .stop()
      .randomSource(seededRandom(seed ^ 0x9e3779b9))
      .alphaMin(ALPHA_MIN)
      .alphaDecay(ALPHA_DECAY)
      .velocityDecay(0.4)
      .nodes(this.simNodes)
      .force('links', forceLink<SimNode, SimLink>(links).distance((l) => l.distance).strength((l) => l.strength))
      .force('charge', forceManyBody<SimNode>().strength(-300).distanceMax(600))
      .force('collide', forceCollide<SimNode>((n) => n.r + 12).iterations(2));

    if (options.time) {
      const dates = map.nodes.map((n) => n.date).filter((d): d is number => d !== null);
      if (dates.length > 0) {
        const min = Math.min(...dates);
        const max = Math.max(...dates);
        const b = max > min ? TIME_WIDTH / (max - min) : 0;
        this.timeScale = { a: max > min ? -TIME_WIDTH / 2 - b * min : 0, b };
      }
      const scale = this.timeScale;
      const xOf = (n: MapNode): number => (scale && n.date !== null ? scale.a + scale.b * n.date : 0);
      const dated = (i: number) => map.nodes[i].date !== null;
      this.undatedY = map.nodes.some((n) => n.date === null) ? UNDATED_Y : null;
      const centre = this.simNodes[0];
      centre.x = centre.fx = xOf(map.nodes[0]);
      if (!dated(0)) centre.y = centre.fy = UNDATED_Y;
      this.sim
        .force('time', forceX<SimNode>((_, i) => xOf(map.nodes[i])).strength((_, i) => (dated(i) ? 0.9 : 0.02)))
        .force('band', forceY<SimNode>((_, i) => (dated(i) ? 0 : UNDATED_Y)).strength((_, i) => (dated(i) ? 0.05 : 0.6)));
    }
  }

  get done(): boolean {
    return this.ticks >= this.totalTicks;
  }

  /** Runs up to `ticks` more ticks; true when the layout is finished. */
  step(ticks: number): boolean {
    const n = Math.min(ticks, this.totalTicks - this.ticks);
    if (n > 0) this.sim.tick(n);
    this.ticks += n;
    return this.done;
  }

  result(): MapLayout {
    return {
      nodes: this.simNodes.map((n) => ({ path: n.path, x: n.x ?? 0, y: n.y ?? 0, r: n.r })),
      timeScale: this.timeScale,
      undatedY: this.undatedY,
    };
  }
}

/** The whole layout at once (a terminal, a test). */
export function layoutMap(map: NeighbourhoodMap, options: LayoutOptions = {}): MapLayout {
  const run = new MapLayoutRun(map, options);
  run.step(run.totalTicks);
  return run.result();
}

/**
 * The layout in slices of at most `budgetMs` each, handing the thread back in between, so no
 * task on a UI thread runs long. The ticks are the same as `layoutMap`'s, so is the result.
 * `signal` stops it (a newer map replaced this one).
 */
export async function layoutMapInSlices(
  map: NeighbourhoodMap,
  options: LayoutOptions,
  clock: { now(): number; yield(): Promise<void> },
  budgetMs = 8,
  signal?: AbortSignal,
): Promise<MapLayout | null> {
  const run = new MapLayoutRun(map, options);
  while (!run.done) {
    const start = clock.now();
    while (!run.done && clock.now() - start < budgetMs) run.step(5);
    if (signal?.aborted) return null;
    if (!run.done) await clock.yield();
  }
  return run.result();
}
