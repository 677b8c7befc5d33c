import type { VectorRows } from './int8-vectors';

/**
 * What ranking reads from the index: the contract between `core/index` (which builds and
 * keeps the index) and `core/rank` (which answers related-notes and queries from it).
 */

/** One embedded passage of a note. */
export interface ChunkEntry {
  /** Content address: a hash of the embedded text and the chunker version. */
  id: string;
  notePath: string;
  /** Headings above the passage, outermost first (empty before the first heading). */
  headingPath: readonly string[];
  /** Character range of the passage in the note's full text (front matter included). */
  start: number;
  end: number;
  /**
   * L2-normalised; `dims` long. The index holds it as int8 and dequantises it on each read (a
   * fresh copy): read it once per use, not in a loop.
   */
  vector: Float32Array;
}

/** One note as indexed. */
export interface NoteEntry {
  path: string;
  title: string;
  /** The note's folder, '' at the vault root. */
  folder: string;
  tags: string[];
  frontMatter: Record<string, unknown>;
  /** Vault paths of the notes this note links to (resolved wiki and markdown links). */
  links: string[];
  /** The normalised mean of its chunk vectors; `null` until the note is embedded. */
  vector: Float32Array | null;
  chunks: ChunkEntry[];
  /** Hashes of its lines the vault repeats, left out of its passages and words (repeated-lines.ts); absent when none. */
  blanked?: readonly number[];
}

/** How a keyword search weighs the fields of a note, and the words its last term only begins. */
export interface KeywordWeights {
  /** Per field (`title`, `headings`, `text`, `meta`); 1 where absent, 0 leaves the field out. */
  boost: Partial<Record<string, number>>;
  /** Weight of a word found because the last term begins it ("bayes" → "bayesian"); the term itself counts 1. */
  prefixWeight: number;
  /** How a note's words are counted (the index's default when absent): see `Bm25Params`. */
  bm25?: Bm25Params;
}

/**
 * BM25's free parameters. `counts`: Lucene's BM25, a term's frequency in the field against the
 * field's length in terms; `presence`: each term once per field, Orama's formula with tf the
 * term's share of the field (1 / its length in distinct terms), as Kindred scored before.
 */
export interface Bm25Params {
  tf: 'counts' | 'presence';
  k1: number;
  b: number;
  /** A term repeated in a typed query counts once per occurrence (Lucene's query parser does). */
  queryCounts: boolean;
}

export interface KeywordQuery {
  /** Free text; tokenised like the indexed notes. */
  text: string;
  limit: number;
  /** The typed-query weights unless given (`kindred eval --sweep-queries` compares others). */
  weights?: KeywordWeights;
  folder?: string;
  tag?: string;
  site?: string;
  author?: string;
  /**
   * Called, before the hits come, when the keyword side is still loading and the hits come from
   * the `searched` of its `total` parts loaded so far (their statistics, too, are those parts').
   */
  onPartial?: (parts: { searched: number; total: number }) => void;
}

export interface KeywordHit {
  path: string;
  /** BM25, larger is better; not comparable across queries. */
  score: number;
}

/** A read-only view of the index, consistent for the duration of one ranking call. */
export interface IndexReader {
  /** The model of the vectors this reader exposes. */
  readonly modelId: string;
  readonly dims: number;
  /**
   * Set while the notes are embedded again with another model: that model. The vectors exposed
   * are still `modelId`'s, so a query embedded with the new model must not be compared with them.
   */
  readonly pendingModelId?: string | null;
  noteCount(): number;
  getNote(path: string): NoteEntry | undefined;
  allNotes(): Iterable<NoteEntry>;
  /**
   * Note vectors as one matrix for brute-force scans (`cosineAgainstRows`): row i is `paths[i]`.
   * Embedded notes only. The index's rows are int8 (see int8-vectors.ts).
   */
  noteMatrix(): { paths: string[]; vectors: VectorRows };
  /** Answers from the keyword parts loaded so far while the rest load (`query.onPartial` says so). */
  keywordSearch(query: KeywordQuery): Promise<KeywordHit[]>;
  /**
   * BM25 for already tokenised terms, scored from the index's postings (only the notes holding
   * one of the exact terms are visited): the keyword side of "more like this", with its own
   * field weights unless `weights` says otherwise (`kindred eval --sweep` compares others).
   */
  termSearch(terms: readonly string[], limit: number, weights?: KeywordWeights): Promise<KeywordHit[]>;
  /** In how many notes `term` (an already tokenised term) occurs; for picking distinctive terms. */
  documentFrequency(term: string): number;
  /** The text of a passage, read from the note. */
  passageText(chunk: ChunkEntry): Promise<string>;
}
