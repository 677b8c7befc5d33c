import type { MapNode, NeighbourhoodMap } from './map-types';

/** What a node's colour stands for. */
export type ColourBy = 'cluster' | 'folder' | 'tag' | 'site';

/** Distinct colours a map uses (Obsidian's eight accent colours); further groups share "other". */
export const COLOUR_COUNT = 8;

export interface LegendEntry {
  /** 0 … COLOUR_COUNT - 1, or `null` for the notes in no coloured group. */
  colour: number | null;
  label: string;
  count: number;
}

export interface ColourGroups {
  /** Each node's colour, by path (`null`: in no coloured group). */
  colourOf: Map<string, number | null>;
  legend: LegendEntry[];
}

/**
 * The colour of every note and the legend: one colour per cluster (named by its words), folder,
 * first tag or site. Groups are ordered by their best-ranked note, so the colour of the group
 * nearest the centre does not change when less related notes come and go.
 */
export function colourGroups(map: NeighbourhoodMap, by: ColourBy): ColourGroups {
  const keyOf = (node: MapNode): string | null => {
    switch (by) {
      case 'cluster':
        return node.cluster === null ? null : String(node.cluster);
      case 'folder':
        return node.folder;
      case 'tag':
        return node.tags.length > 0 ? node.tags[0].replace(/^#/, '') : null;
      case 'site':
        return node.site;
    }
  };
  const labelOf = (key: string): string => {
    if (by === 'cluster') return map.clusters[Number(key)].words.join(', ') || `Group ${Number(key) + 1}`;
    if (by === 'folder') return key === '' ? 'Vault root' : key;
    if (by === 'tag') return `#${key}`;
    return key;
  };
  const groups = new Map<string, MapNode[]>();
  const none: MapNode[] = [];
  for (const node of [...map.nodes].sort((a, b) => a.rank - b.rank)) {
    const key = keyOf(node);
    if (key === null) none.push(node);
    else groups.set(key, [...(groups.get(key) ?? []), node]);
  }
  const colourOf = new Map<string, number | null>();
  const legend: LegendEntry[] = [];
  let colour = 0;
  const rest: MapNode[] = [...none];
  for (const [key, members] of groups) {
    if (colour >= COLOUR_COUNT) {
      rest.push(...members);
      continue;
    }
    for (const m of members) colourOf.set(m.path, colour);
    legend.push({ colour, label: labelOf(key), count: members.length });
    colour++;
  }
  for (const m of rest) colourOf.set(m.path, null);
  if (rest.length > 0) {
    const noneLabel = { cluster: 'In no group', folder: 'Other', tag: 'No tag', site: 'No site' }[by];
    legend.push({ colour: null, label: none.length === rest.length ? noneLabel : 'Other', count: rest.length });
  }
  return { colourOf, legend };
}
