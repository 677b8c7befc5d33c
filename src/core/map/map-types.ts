/**
 * The neighbourhood map of a note, as the core computes it: which notes are shown, how similar
 * each pair is, which pairs are joined, how the neighbours group, and what came before and
 * after the note. The plugin's view, the `kindred` code block and `kindred map` all draw this.
 */
import type { Passage } from '../rank/passage';

/** What the host knows of a note's file (Obsidian's `TFile.stat`, `fs.stat` in a terminal). */
export interface NoteFacts {
  /** Size of the file in bytes. */
  bytes: number;
  /** When the file was created, ms since the epoch; `null` when unknown. */
  created: number | null;
  /** How many notes link to this one. */
  backlinks: number;
}

export interface MapNode {
  path: string;
  title: string;
  /** 0 for the centre, then 1, 2, … in rankRelated's order. */
  rank: number;
  /** rankRelated's score (the related pane's); `null` for the centre. */
  score: number | null;
  folder: string;
  tags: string[];
  /** Front matter `site`, when the note has one. */
  site: string | null;
  /** The note's date (ms since the epoch) and where it came from; `null` when it has none. */
  date: number | null;
  dateFrom: 'published' | 'created' | null;
  /** File size in bytes, and how many notes link to it (node size). */
  bytes: number;
  backlinks: number;
  /** Index into `NeighbourhoodMap.clusters`; `null` for the centre and for a note in no group. */
  cluster: number | null;
  /** The centre links to this note (an existing link). */
  linkedFromCentre: boolean;
  /** Why it is related to the centre: its passage, and the centre's passage it matches. */
  passage?: Passage;
  otherPassage?: Passage;
}

export interface MapEdge {
  source: string;
  target: string;
  /** The two notes' similarity (the cosine of their note vectors, or of their keyword profiles). */
  similarity: number;
  /** One of the two notes already links to the other: drawn solid; otherwise dashed. */
  linked: boolean;
}

export interface MapCluster {
  /** Members' paths, best ranked first. */
  members: string[];
  /** The words that set this group apart from the other shown notes, most distinctive first. */
  words: string[];
}

/** What the shown notes' dates say: the most related notes before the centre's date and after it. */
export interface TimeSplit {
  /** The centre's date; with none, both lists are empty. */
  centreDate: number | null;
  centreDateFrom: 'published' | 'created' | null;
  /** Paths in rank order. */
  before: string[];
  after: string[];
  /** In neither list: no date, the centre's own date, or a centre without a date. */
  unplaced: string[];
}

export interface NeighbourhoodMap {
  centre: string;
  /** The centre first, then the neighbours in rank order. */
  nodes: MapNode[];
  /** Sorted by source, then target (paths); `source < target`. */
  edges: MapEdge[];
  clusters: MapCluster[];
  /** Pairs at or above this similarity are joined. */
  threshold: number;
  /** No note vectors: neighbours by keywords, similarities from keyword profiles. */
  keywordOnly: boolean;
  /** rankRelated's minimum score, and how many candidates fell below it. */
  minScore: number;
  belowMinScore: number;
  time: TimeSplit;
}
