import { COLOUR_COUNT } from './colour-groups';
import type { MapScene, SceneNode } from './map-scene';
import type { NeighbourhoodMap } from './map-types';

/**
 * The map as standalone SVG text, and as a self-contained HTML page (the SVG, its legend and
 * the "Before this" / "After this" lists): what `kindred map --out` and `--html` write. It
 * draws the same scene as the plugin, with the same class names; the colours, which Obsidian's
 * theme gives the plugin, are set here for a light and a dark page (`prefers-color-scheme`).
 * No script, nothing fetched: the files open anywhere, offline.
 */

/** A marker the writer puts in every file, so `kindred map` knows a file it may overwrite. */
export const MAP_FILE_MARKER = 'kindred-map-file';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

// Obsidian's default theme colours (light, dark), so a map looks as it does in the app.
const LIGHT = ['#e93147', '#086ddd', '#08b94e', '#ec7500', '#7852ee', '#00bfbc', '#d53984', '#e0ac00'];
const DARK = ['#fb464c', '#027aff', '#44cf6e', '#e9973f', '#a882ff', '#53dfdd', '#fa99cd', '#e0de71'];

function themeVariables(colours: string[], base: Record<string, string>): string {
  const vars = { ...base };
  colours.slice(0, COLOUR_COUNT).forEach((c, i) => (vars[`--kindred-colour-${i}`] = c));
  return Object.entries(vars)
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
}

const STYLE = `
.kindred-map-svg { ${themeVariables(LIGHT, { '--bg': '#ffffff', '--text': '#222222', '--muted': '#5c5c5c', '--faint': '#999999', '--accent': '#8a5cf5', '--border': '#e0e0e0' })} font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "DejaVu Sans", sans-serif; background: var(--bg); }
@media (prefers-color-scheme: dark) { .kindred-map-svg { ${themeVariables(DARK, { '--bg': '#1e1e1e', '--text': '#dadada', '--muted': '#b3b3b3', '--faint': '#666666', '--accent': '#a68af9', '--border': '#363636' })} } }
.kindred-map-background { fill: var(--bg); }
.kindred-map-edge { stroke: var(--faint); stroke-linecap: round; opacity: 0.7; }
.kindred-map-edge.is-unlinked { stroke-dasharray: 4 4; }
.kindred-map-node circle { fill: var(--faint); stroke: var(--bg); stroke-width: 1.5; }
.kindred-map-node.is-centre circle { stroke: var(--text); stroke-width: 3; }
${Array.from({ length: COLOUR_COUNT }, (_, i) => `.kindred-colour-${i} circle { fill: var(--kindred-colour-${i}); }`).join('\n')}
.kindred-map-label { fill: var(--text); font-size: 10px; paint-order: stroke; stroke: var(--bg); stroke-width: 3px; }
.kindred-map-node.is-centre .kindred-map-label { font-weight: 600; font-size: 12px; }
.kindred-map-node.is-quiet .kindred-map-label { display: none; }
.kindred-map-node:hover .kindred-map-label { display: inline; }
.kindred-map-axis line { stroke: var(--border); }
.kindred-map-axis text { fill: var(--muted); font-size: 10px; }
`;

const n = (x: number): string => String(Math.round(x * 100) / 100);

function nodeText(node: SceneNode): string {
  const classes = ['kindred-map-node', node.colour === null ? 'kindred-colour-none' : `kindred-colour-${node.colour}`];
  if (node.centre) classes.push('is-centre');
  if (!node.labelled) classes.push('is-quiet');
  return (
    `<g class="${classes.join(' ')}" data-path="${escapeXml(node.path)}">` +
    `<title>${escapeXml(node.title)}</title>` +
    `<circle cx="${n(node.x)}" cy="${n(node.y)}" r="${n(node.r)}"/>` +
    `<text class="kindred-map-label" x="${n(node.x + node.r + 4)}" y="${n(node.y + 4)}">${escapeXml(node.label)}</text></g>`
  );
}

/** The map as an SVG document (`width` is the drawing's width in pixels; the height follows). */
export function mapSvgText(map: NeighbourhoodMap, scene: MapScene, width = 960): string {
  const v = scene.viewBox;
  const height = Math.round((width * v.height) / Math.max(1, v.width));
  const centre = map.nodes[0]?.title ?? map.centre;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="kindred-map-svg ${MAP_FILE_MARKER}" viewBox="${n(v.x)} ${n(v.y)} ${n(v.width)} ${n(v.height)}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(`Map of the notes related to ${centre}`)}">`,
    `<title>${escapeXml(`Map of the notes related to ${centre}`)}</title>`,
    `<style>${STYLE}</style>`,
    `<rect class="kindred-map-background" x="${n(v.x)}" y="${n(v.y)}" width="${n(v.width)}" height="${n(v.height)}"/>`,
  ];
  if (scene.axis) {
    const a = scene.axis;
    parts.push(`<g class="kindred-map-axis"><line x1="${n(a.x1)}" y1="${n(a.y)}" x2="${n(a.x2)}" y2="${n(a.y)}"/>`);
    for (const t of a.ticks) {
      parts.push(`<line x1="${n(t.x)}" y1="${n(a.y - 4)}" x2="${n(t.x)}" y2="${n(a.y + 4)}"/><text x="${n(t.x)}" y="${n(a.y + 16)}" text-anchor="middle">${escapeXml(t.label)}</text>`);
    }
    if (a.undatedY !== null) parts.push(`<text x="${n(a.x1)}" y="${n(a.undatedY - 30)}">No date</text>`);
    parts.push('</g>');
  }
  parts.push('<g class="kindred-map-edges">');
  const titles = new Map(map.nodes.map((node) => [node.path, node.title]));
  for (const e of scene.edges) {
    const label = `${titles.get(e.source) ?? e.source} – ${titles.get(e.target) ?? e.target}: similarity ${e.similarity.toFixed(2)}${e.linked ? ', linked' : ', not linked'}`;
    parts.push(
      `<line class="kindred-map-edge ${e.linked ? 'is-linked' : 'is-unlinked'}" x1="${n(e.x1)}" y1="${n(e.y1)}" x2="${n(e.x2)}" y2="${n(e.y2)}" stroke-width="${e.width.toFixed(2)}"><title>${escapeXml(label)}</title></line>`,
    );
  }
  parts.push('</g><g class="kindred-map-nodes">', ...scene.nodes.map(nodeText), '</g></svg>');
  return parts.join('\n') + '\n';
}

const PAGE_STYLE = `
body { margin: 0; padding: 24px; font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "DejaVu Sans", sans-serif; color: #222; background: #fff; }
@media (prefers-color-scheme: dark) { body { color: #dadada; background: #1e1e1e; } .muted { color: #b3b3b3; } }
h1 { font-size: 20px; margin: 0 0 4px; }
.muted { color: #5c5c5c; font-size: 13px; }
.kindred-map-svg { max-width: 100%; height: auto; border-radius: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 13px; margin: 12px 0; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px; background: #999; }
${LIGHT.map((c, i) => `.swatch.c${i} { background: ${c}; }`).join(' ')}
.lists { display: flex; flex-wrap: wrap; gap: 24px; font-size: 14px; }
.lists section { flex: 1; min-width: 240px; }
.lists h2 { font-size: 15px; margin: 8px 0; }
.lists li { margin: 2px 0; }
`;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** A self-contained page: the map, its legend, and (with `time`) the notes before and after the centre's date. */
export function mapHtmlText(map: NeighbourhoodMap, scene: MapScene, options: { time?: boolean } = {}): string {
  const centre = map.nodes[0];
  const byPath = new Map(map.nodes.map((node) => [node.path, node]));
  const legend = scene.legend
    .map((e) => `<span><span class="swatch${e.colour === null ? '' : ` c${e.colour}`}"></span>${escapeXml(e.label)} (${e.count})</span>`)
    .join('');
  const list = (title: string, paths: string[]): string =>
    `<section><h2>${title}</h2>${paths.length === 0 ? '<p class="muted">None on this map.</p>' : `<ol>${paths
      .map((p) => {
        const node = byPath.get(p)!;
        return `<li>${escapeXml(node.title)}${node.date !== null ? ` <span class="muted">${isoDay(node.date)}</span>` : ''}</li>`;
      })
      .join('')}</ol>`}</section>`;
  const kind = map.keywordOnly
    ? 'Drawn from shared keywords only (no embedding model).'
    : `Lines join notes whose note vectors have a cosine of ${map.threshold} or more: solid where one links to the other, dashed where neither does.`;
  const time = !options.time
    ? ''
    : map.time.centreDate === null
      ? '<p class="muted">This note has no date, so nothing is before or after it.</p>'
      : `<div class="lists">${list('Before this', map.time.before)}${list('After this', map.time.after)}</div>`;
  return [
    '<!doctype html>',
    `<html lang="en" class="${MAP_FILE_MARKER}"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeXml(`Map of related notes: ${centre?.title ?? map.centre}`)}</title>`,
    `<style>${PAGE_STYLE}</style></head><body>`,
    `<h1>${escapeXml(centre?.title ?? map.centre)}</h1>`,
    `<p class="muted">${escapeXml(map.centre)} and its ${map.nodes.length - 1} most related notes. ${escapeXml(kind)}</p>`,
    mapSvgText(map, scene),
    `<div class="legend">${legend}</div>`,
    time,
    '</body></html>',
    '',
  ].join('\n');
}
