import type { ChunkEntry, IndexReader } from '../index/index-reader';
import { bestPassagePair } from './best-passage-pair';
import { cosineAgainstRows } from './cosine';
import type { Tokenize } from './distinctive-terms';
import { type Fusion, fuseScores, type ListHit } from './fuse-scores';
import { moreLikeThis } from './more-like-this';
import { headingLabel, type Passage, passageOf } from './passage';
import { topKIndexes } from './top-k';

/** A passage of the note we find related notes for. */
export interface SourcePassage {
  headingPath: string[];
  vector: Float32Array;
  /** The text, when the passage is not in the index (a note embedded on the fly, a selection). */
  text?: string;
  /** The indexed chunk, whose text is read through the index. */
  chunk?: ChunkEntry;
}

/** What related notes are found for: an indexed note, an unindexed one, or a selection. */
export interface RelatedSource {
  /** Left out of the results; `undefined` for a selection. */
  path?: string;
  /** The text the keyword side draws distinctive terms from. */
  text: string;
  /** The note vector (normalised mean of its chunk vectors). */
  vector: Float32Array | null;
  chunks: SourcePassage[];
  /** Paths the note links to: these results are marked `linked`, not hidden. */
  links: string[];
}

/**
 * Which evidence ranks the list. `fused` (the default) adds the keyword side only with a
 * non-zero weight; `vector` and `keyword` alone exist so `kindred eval` can compare them.
 */
export type RelatedStrategy = 'fused' | 'vector' | 'keyword';

export interface RelatedOptions {
  /** How many results (default 20). */
  k?: number;
  /**
   * Results whose note-vector cosine is below this are left out (noise). Applies to the
   * cosine, not the fused score, so it means the same whatever the fusion.
   */
  minScore?: number;
  strategy?: RelatedStrategy;
  /** Needed by the keyword side. */
  tokenize?: Tokenize;
  /** How vector (list 0) and keyword (list 1) evidence combine. */
  fusion?: Fusion;
  /** Distinctive terms in the "more like this" query. */
  keywordTerms?: number;
  /** Candidates taken from each side before fusing. */
  candidates?: number;
  /** Skip reading passage texts (evaluation only needs the order). */
  withoutPassages?: boolean;
}

/**
 * The defaults, measured on the Sequences vault against its own links (`kindred eval --sweep`):
 * - 200 distinctive terms: the keyword side's nDCG@10 rose from 0.11 (25 terms) to 0.30.
 * - min-max 1 (cosine) / 3 (keyword): nDCG@10 0.299 against 0.120 for vectors alone; equal
 *   to the keyword side alone, which the vector side did not beat on this link graph.
 * - minimum cosine 0.5: keeps 98% of the linked notes that reach an unfiltered top 20
 *   (0.55 keeps 95%, 0.6 keeps 88%); USE note vectors of prose rarely fall below 0.5.
 */
export const RELATED_DEFAULTS = {
  k: 20,
  minScore: 0.5,
  fusion: { method: 'minmax', weights: [1, 3] } as Fusion,
  keywordTerms: 200,
  candidates: 100,
};

/** One related note and the reason it is related. */
export interface RelatedNote {
  path: string;
  title: string;
  /** The ranking score (the cosine for `vector`, the fused score otherwise). */
  score: number;
  /** Cosine of the two note vectors; `null` when either is not embedded. */
  cosine: number | null;
  /** The open note already links to this one. */
  linked?: true;
  /** The related note's passage that best matches the open note. */
  passage: Passage;
  /** The open note's passage it matches. */
  otherPassage?: Passage;
}

export interface RelatedAnswer {
  results: RelatedNote[];
  /** Candidates dropped by `minScore`; with no results this is the "nothing above the minimum" case. */
  belowMinScore: number;
  minScore: number;
}

/**
 * The notes most related to `source`, best first, each with the passage pair that relates them.
 * The source itself never appears; notes it links to stay in the list, marked `linked`.
 */
export async function rankRelated(
  reader: IndexReader,
  source: RelatedSource,
  options: RelatedOptions = {},
): Promise<RelatedAnswer> {
  const k = options.k ?? RELATED_DEFAULTS.k;
  const strategy = options.strategy ?? 'fused';
  const minScore = options.minScore ?? RELATED_DEFAULTS.minScore;
  const fusion = options.fusion ?? RELATED_DEFAULTS.fusion;
  const candidates = Math.max(k, options.candidates ?? RELATED_DEFAULTS.candidates);
  const useKeyword =
    strategy === 'keyword' ||
    (strategy === 'fused' && (fusion.weights?.[1] ?? 1) !== 0 && options.tokenize !== undefined);
  const useVector = strategy !== 'keyword' && source.vector !== null;

  const { paths, vectors } = reader.noteMatrix();
  const cosines = source.vector && paths.length > 0 ? cosineAgainstRows(vectors, source.vector) : null;
  const cosineOf = new Map<string, number>();
  if (cosines) paths.forEach((p, i) => cosineOf.set(p, cosines[i]));

  const vectorList: ListHit[] = useVector && cosines
    ? topKIndexes(cosines, candidates, (i) => paths[i] === source.path).map((s) => ({
        path: paths[s.item],
        score: s.score,
      }))
    : [];

  let ranked: ListHit[];
  if (useKeyword) {
    if (!options.tokenize) throw new Error('rankRelated: the keyword side needs the index tokenizer');
    const keywordList = await moreLikeThis(reader, source.text, {
      tokenize: options.tokenize,
      terms: options.keywordTerms ?? RELATED_DEFAULTS.keywordTerms,
      limit: candidates,
      exclude: source.path,
    });
    if (strategy === 'keyword' || vectorList.length === 0) {
      ranked = keywordList;
    } else {
      // Notes only the keyword side found still get their true cosine on the vector side.
      const union = new Set([...vectorList.map((h) => h.path), ...keywordList.map((h) => h.path)]);
      const vectorSide = [...union]
        .filter((p) => cosineOf.has(p))
        .map((p) => ({ path: p, score: cosineOf.get(p) ?? 0 }));
      ranked = fuseScores([vectorSide, keywordList], fusion);
    }
  } else {
    ranked = vectorList;
  }

  const links = new Set(source.links);
  const results: RelatedNote[] = [];
  let belowMinScore = 0;
  for (const hit of ranked) {
    if (results.length >= k) break;
    if (hit.path === source.path) continue;
    const note = reader.getNote(hit.path);
    if (!note) continue;
    const noteCosine = cosineOf.get(hit.path) ?? null;
    if (noteCosine !== null && noteCosine < minScore) {
      belowMinScore++;
      continue;
    }
    const result: RelatedNote = {
      path: note.path,
      title: note.title,
      score: hit.score,
      cosine: noteCosine,
      passage: { heading: '', text: '' },
    };
    if (links.has(note.path)) result.linked = true;
    if (!options.withoutPassages) {
      const pair = bestPassagePair(source.chunks, note.chunks);
      if (pair) {
        result.passage = await passageOf(reader, pair.other);
        result.otherPassage = await sourcePassageText(reader, pair.source);
      } else if (note.chunks[0]) {
        result.passage = await passageOf(reader, note.chunks[0]);
      }
    }
    results.push(result);
  }
  return { results, belowMinScore, minScore };
}

async function sourcePassageText(reader: IndexReader, passage: SourcePassage): Promise<Passage> {
  const text = passage.text ?? (passage.chunk ? await reader.passageText(passage.chunk) : '');
  return { heading: headingLabel(passage.headingPath), text: text.trim() };
}

/**
 * The related-notes source for a note already in the index. `null` when the note is not
 * indexed (the caller then embeds it on the fly) or has no vector yet.
 */
export async function sourceFromIndexedNote(
  reader: IndexReader,
  path: string,
  readText: (path: string) => Promise<string>,
): Promise<RelatedSource | null> {
  const note = reader.getNote(path);
  if (!note || !note.vector) return null;
  return {
    path,
    text: await readText(path),
    vector: note.vector,
    chunks: note.chunks.map((chunk) => ({ headingPath: chunk.headingPath, vector: chunk.vector, chunk })),
    links: note.links,
  };
}
