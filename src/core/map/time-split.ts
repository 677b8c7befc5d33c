import type { MapNode, TimeSplit } from './map-types';

/**
 * A note's date: front matter `published` (what a clipped post carries: `2008-03-14`, a full
 * ISO time, or a bare year), else the file's creation time, else none.
 */
export function noteDate(
  frontMatter: Record<string, unknown>,
  created: number | null,
): { date: number | null; from: 'published' | 'created' | null } {
  const published = parseDate(frontMatter.published);
  if (published !== null) return { date: published, from: 'published' };
  if (created !== null && Number.isFinite(created) && created > 0) return { date: created, from: 'created' };
  return { date: null, from: null };
}

function parseDate(value: unknown): number | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.getTime();
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999) return Date.UTC(value, 0, 1);
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (/^\d{4}$/.test(text)) return Date.UTC(Number(text), 0, 1);
  // Only dates written year first: `Date.parse` reads "03/04/2008" differently by locale and engine.
  if (!/^\d{4}-\d{2}(-\d{2})?([T ]|$)/.test(text)) return null;
  const ms = Date.parse(/^\d{4}-\d{2}$/.test(text) ? `${text}-01` : text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * The neighbours before the centre's date and after it, each in rank order (most related
 * first), like Connected Papers' prior and derivative works. Neighbours with no date, or with
 * the centre's own date, are in neither list; with no centre date both lists are empty.
 */
export function splitByTime(nodes: readonly MapNode[]): TimeSplit {
  const [centre, ...neighbours] = nodes;
  const split: TimeSplit = {
    centreDate: centre?.date ?? null,
    centreDateFrom: centre?.dateFrom ?? null,
    before: [],
    after: [],
    unplaced: [],
  };
  const ranked = [...neighbours].sort((a, b) => a.rank - b.rank);
  for (const node of ranked) {
    if (split.centreDate === null || node.date === null || node.date === split.centreDate) split.unplaced.push(node.path);
    else if (node.date < split.centreDate) split.before.push(node.path);
    else split.after.push(node.path);
  }
  return split;
}
