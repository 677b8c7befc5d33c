import type { LegendEntry } from '../core/map/colour-groups';
import type { MapNode, NeighbourhoodMap } from '../core/map/map-types';
import { renderMarked } from './render-marked';

/** The panels beside a drawn map: what the pointed note is, the legend, and the time lists. */

/** Notes per list under a time map. */
const TIME_LIST_LENGTH = 10;

const dateLabel = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The note under the pointer or with the focus: where it is from, and why it is related. */
export function renderNodeInfo(el: HTMLElement, node: MapNode | null): void {
  el.empty();
  if (!node) {
    el.createDiv({
      cls: 'kindred-map-hint',
      text: 'Hover a note to see why it is related. Click opens it, double-click puts it at the centre; drag it into a note to link it.',
    });
    return;
  }
  el.createDiv({ cls: 'kindred-map-info-title', text: node.title });
  const facts = [node.folder || 'Vault root'];
  if (node.date !== null) facts.push(dateLabel(node.date));
  if (node.score !== null) facts.push(`score ${node.score.toFixed(2)}`);
  if (node.linkedFromCentre) facts.push('linked from the centre');
  el.createDiv({ cls: 'kindred-map-info-facts', text: facts.join(' · ') });
  if (node.rank === 0) {
    el.createDiv({ cls: 'kindred-map-hint', text: 'The note at the centre of the map.' });
    return;
  }
  if (node.passage?.text) {
    const theirs = el.createDiv({ cls: 'kindred-passage kindred-passage-theirs' });
    if (node.passage.heading) theirs.createDiv({ cls: 'kindred-passage-heading', text: node.passage.heading });
    renderMarked(theirs.createDiv({ cls: 'kindred-passage-text' }), node.passage.text);
  }
  if (node.otherPassage?.text) {
    const mine = el.createDiv({ cls: 'kindred-passage kindred-passage-mine' });
    mine.createDiv({ cls: 'kindred-passage-label', text: node.otherPassage.heading ? `In the centre note, ${node.otherPassage.heading}` : 'In the centre note' });
    renderMarked(mine.createDiv({ cls: 'kindred-passage-text' }), node.otherPassage.text);
  }
}

/** What the colours and the two kinds of line mean. */
export function renderLegend(el: HTMLElement, legend: LegendEntry[]): void {
  el.empty();
  const groups = el.createDiv({ cls: 'kindred-map-legend-groups' });
  for (const entry of legend) {
    const item = groups.createDiv({ cls: 'kindred-map-legend-item' });
    item.createSpan({ cls: `kindred-map-swatch ${entry.colour === null ? 'kindred-colour-none' : `kindred-colour-${entry.colour}`}` });
    item.createSpan({ text: `${entry.label} (${entry.count})` });
  }
  const lines = el.createDiv({ cls: 'kindred-map-legend-lines' });
  lines.createSpan({ cls: 'kindred-map-line-key is-linked' });
  lines.createSpan({ text: 'linked' });
  lines.createSpan({ cls: 'kindred-map-line-key is-unlinked' });
  lines.createSpan({ text: 'similar, not linked: links you may be missing' });
}

/**
 * "Before this" and "After this" under a time map, each the most related notes on that side of
 * the centre's date; `wire` makes each item open its note and drag and preview as a link.
 */
export function renderTimeLists(el: HTMLElement, map: NeighbourhoodMap, wire: (path: string, item: HTMLElement) => void): void {
  el.empty();
  const { time } = map;
  if (time.centreDate === null) {
    el.createDiv({ cls: 'kindred-map-hint', text: 'This note has no date (no published date in its properties, no creation time), so nothing is before or after it.' });
    return;
  }
  const byPath = new Map(map.nodes.map((n) => [n.path, n]));
  for (const [title, paths, cls] of [['Before this', time.before, 'is-before'], ['After this', time.after, 'is-after']] as const) {
    const column = el.createDiv({ cls: `kindred-map-time-list ${cls}` });
    column.createDiv({ cls: 'kindred-map-time-heading', text: title });
    if (paths.length === 0) column.createDiv({ cls: 'kindred-map-hint', text: 'None on this map.' });
    for (const path of paths.slice(0, TIME_LIST_LENGTH)) {
      const node = byPath.get(path)!;
      const item = column.createDiv({ cls: 'kindred-map-time-item' });
      item.dataset.path = path;
      item.createEl('a', { text: node.title, href: '#' });
      if (node.date !== null) item.createSpan({ cls: 'kindred-map-time-date', text: dateLabel(node.date) });
      wire(path, item);
    }
  }
  if (time.centreDateFrom === 'created' || map.nodes.some((n) => n.dateFrom === 'created')) {
    el.createDiv({ cls: 'kindred-map-hint', text: 'Notes without a published date are placed by when their file was created.' });
  }
}
