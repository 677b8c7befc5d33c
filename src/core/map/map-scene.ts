import { colourGroups, type ColourBy, type LegendEntry } from './colour-groups';
import type { MapLayout } from './map-layout';
import type { NeighbourhoodMap } from './map-types';

/**
 * What a drawing of the map shows, in layout units: the plugin's SVG (Obsidian's DOM helpers)
 * and the terminal's SVG text both draw this, so both show the same picture.
 */
export interface SceneNode {
  path: string;
  title: string;
  /** The title as drawn beside the node (shortened). */
  label: string;
  /** Drawn at all times; the others show on hover and focus. */
  labelled: boolean;
  x: number;
  y: number;
  r: number;
  colour: number | null;
  centre: boolean;
  rank: number;
}

export interface SceneEdge {
  source: string;
  target: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Stroke width: wider for more similar pairs. */
  width: number;
  similarity: number;
  /** An existing link (solid); otherwise a link the vault may be missing (dashed). */
  linked: boolean;
}

export interface SceneAxis {
  /** Where the axis line runs, and its ticks along x. */
  y: number;
  x1: number;
  x2: number;
  ticks: { x: number; label: string }[];
  /** The band of notes without a date, if any. */
  undatedY: number | null;
}

export interface MapScene {
  viewBox: { x: number; y: number; width: number; height: number };
  nodes: SceneNode[];
  edges: SceneEdge[];
  legend: LegendEntry[];
  axis: SceneAxis | null;
}

export interface SceneOptions {
  colourBy?: ColourBy;
  /** How many of the best-ranked neighbours keep their label shown (default 12). */
  labels?: number;
  /** Longest label, in characters (default 28; the centre's 20 more). */
  labelLength?: number;
}

const PADDING = 24;
/** Room for a label to the right of the rightmost node, in layout units. */
const LABEL_ROOM = 150;

export function shortLabel(title: string, max: number): string {
  return title.length <= max ? title : `${title.slice(0, max - 1).trimEnd()}…`;
}

export function mapScene(map: NeighbourhoodMap, layout: MapLayout, options: SceneOptions = {}): MapScene {
  const { colourOf, legend } = colourGroups(map, options.colourBy ?? 'cluster');
  const labels = options.labels ?? 12;
  const placed = new Map(layout.nodes.map((n) => [n.path, n]));
  const nodes: SceneNode[] = map.nodes.map((node) => {
    const at = placed.get(node.path)!;
    return {
      path: node.path,
      title: node.title,
      label: shortLabel(node.title, (options.labelLength ?? 28) + (node.rank === 0 ? 20 : 0)),
      labelled: node.rank <= labels || map.nodes.length <= 16,
      x: at.x,
      y: at.y,
      r: at.r,
      colour: colourOf.get(node.path) ?? null,
      centre: node.rank === 0,
      rank: node.rank,
    };
  });
  const span = Math.max(1e-9, 1 - map.threshold);
  const edges: SceneEdge[] = map.edges.map((edge) => {
    const a = placed.get(edge.source)!;
    const b = placed.get(edge.target)!;
    const closeness = Math.max(0, Math.min(1, (edge.similarity - map.threshold) / span));
    return {
      source: edge.source,
      target: edge.target,
      x1: a.x,
      y1: a.y,
      x2: b.x,
      y2: b.y,
      width: 0.75 + 3.25 * closeness,
      similarity: edge.similarity,
      linked: edge.linked,
    };
  });

  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    minX = Math.min(minX, n.x - n.r);
    minY = Math.min(minY, n.y - n.r);
    maxX = Math.max(maxX, n.x + n.r + (n.labelled ? LABEL_ROOM : 0));
    maxY = Math.max(maxY, n.y + n.r + 14);
  }
  let axis: SceneAxis | null = null;
  if (layout.timeScale && layout.timeScale.b > 0) {
    const y = maxY + 16;
    axis = { y, x1: minX, x2: maxX - LABEL_ROOM, ticks: timeTicks(layout.timeScale, minX, maxX - LABEL_ROOM), undatedY: layout.undatedY };
    maxY = y + 22;
  }
  if (!Number.isFinite(minX)) [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  return {
    viewBox: { x: minX - PADDING, y: minY - PADDING, width: maxX - minX + 2 * PADDING, height: maxY - minY + 2 * PADDING },
    nodes,
    edges,
    legend,
    axis,
  };
}

/** Ticks for the time axis: years, or months when the dates span less than two years (UTC). */
function timeTicks(scale: { a: number; b: number }, x1: number, x2: number): { x: number; label: string }[] {
  const from = (x1 - scale.a) / scale.b;
  const to = (x2 - scale.a) / scale.b;
  const first = new Date(from);
  const years = (to - from) / (365.25 * 86400000);
  const ticks: { x: number; label: string }[] = [];
  if (years >= 2) {
    const step = Math.max(1, Math.ceil(years / 8));
    for (let y = first.getUTCFullYear() + 1; ; y += step) {
      const t = Date.UTC(y, 0, 1);
      if (t > to) break;
      ticks.push({ x: scale.a + scale.b * t, label: String(y) });
    }
  } else {
    const months = Math.max(1, Math.ceil((years * 12) / 8));
    for (let m = first.getUTCMonth() + 1, y = first.getUTCFullYear(); ; m += months) {
      const t = Date.UTC(y, m, 1);
      if (t > to) break;
      const d = new Date(t);
      ticks.push({ x: scale.a + scale.b * t, label: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` });
    }
  }
  return ticks;
}
