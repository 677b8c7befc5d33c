import type { ChunkEntry, IndexReader, KeywordWeights } from '../index/index-reader';
import { readableText } from '../index/repeated-lines';
import { bestPassagePair, passagePairSimilarity } from './best-passage-pair';
import { centeredCosines } from './centered-cosine';
import { cosineAgainstRows } from './cosine';
import { displayedText } from './displayed-text';
import type { Tokenize } from './distinctive-terms';
import { DOMINANT_GAP, MAX_DOMINANT, type Fusion, fuseScores, type ListHit, setAsideDominant } from './fuse-scores';
import { moreLikeThis } from './more-like-this';
import { headingLabel, type Passage, passageOf } from './passage';
import { mentionIndex, titleMention } from './title-mention';
import { topKIndexes } from './top-k';

/** A passage of the note we find related notes for. */
export interface SourcePassage {
  headingPath: readonly string[];
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

/**
 * How the vector side scores a candidate: the note-vector cosine after removing the vault's
 * mean note vector (`centered`), the raw note-vector cosine, the best chunk-pair cosine, or
 * the mean of the three best chunk-pair cosines. The chunk-pair signals are computed for the
 * fused candidates only (about 200 notes), never for the whole vault.
 */
export type VectorSignal = 'centered' | 'cosine' | 'best-pair' | 'top3-pairs';

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
  /**
   * How vector (list 0), keyword (list 1) and title-mention (list 2) evidence combine. A
   * missing third weight counts as 0 (no title evidence).
   */
  fusion?: Fusion;
  /** How the vector side scores a note (default `centered`). */
  vectorSignal?: VectorSignal;
  /** Distinctive terms in the "more like this" query. */
  keywordTerms?: number;
  /** Terms in more than this share of the notes are left out of "more like this". */
  keywordMaxDocShare?: number;
  /** The field weights and BM25 of "more like this" (the index's own unless given). */
  keywordWeights?: KeywordWeights;
  /** Candidates taken from each side before fusing. */
  candidates?: number;
  /**
   * Hits this far above the rest of their side (a copy of the note, the selection's own note)
   * are set aside from its scaling (see `setAsideDominant`); `null` scales by all hits.
   */
  dominantGap?: number | null;
  /** Skip reading passage texts (evaluation only needs the order). */
  withoutPassages?: boolean;
  /**
   * Fused ranking only: called with the list by vectors alone before the keyword side runs,
   * and awaited (the related pane paints it meanwhile). Not called when that list is empty.
   */
  onFirst?: (first: RelatedAnswer) => void | Promise<void>;
}

/**
 * The defaults, measured on the Sequences vault against its own links (`kindred eval --sweep`;
 * 289 essays with links; numbers are nDCG@10 / recall@20; the full table is in the README):
 * - Keyword side: a BM25 query of the 200 most distinctive terms of the text a reader sees
 *   (`displayedText`: front matter values, no URLs or wiki-link targets): 0.357 / 0.474 alone.
 *   Terms from the raw note scored 0.359 / 0.481, partly because a link's target slug is the
 *   linked note's name (100 terms: 0.279; 400 terms: 0.354).
 * - Title mention (list 2, weight 0.4): how much of a candidate's title the open note mentions.
 *   With the keyword side alone: 0.384 / 0.490. Caveat: on this vault it works through link
 *   text (an essay writes the title of the essay it links to): with the open note's wiki links
 *   removed ("no link text" rows) it adds nothing (0.243 against 0.245).
 * - Vector side (list 0, weight 0.5): the note cosine centred on the vault's mean note vector.
 *   Weak on these essays alone (0.136 centred, 0.120 raw, best chunk pair 0.125, mean of the
 *   top-3 chunk pairs 0.126, and the pair signals cost more), but it adds recall: the full
 *   default scores 0.390 / 0.511 (recall@10 0.406) against 0.357 / 0.474 for the keyword side,
 *   and with no link text 0.256 / 0.396 against 0.245 / 0.357.
 * - Guard against overfitting: the weights sit on a plateau (title 0.3 to 0.75 with vector 0.2
 *   to 0.5: 0.385 to 0.392); z-scores at the same weights score 0.395, within that spread, and
 *   min-max keeps the fused score in [0, 1] for the pane. Reciprocal rank fusion (k 10 to 60)
 *   scored lower.
 * - Common terms: leaving out of "more like this" the terms in more than half of the notes
 *   (0.391 / 0.517) or a fifth of them (0.385 / 0.519) visits a fifth or half fewer postings but
 *   ranks no better, so every term counts (`keywordMaxDocShare` 1).
 * - Minimum cosine 0.45 (the raw note cosine): keeps 98.3% of the linked notes that reach the
 *   unfiltered top 20 (0.5 keeps 93.8%, 0.55 85.5%); 5% of linked pairs, and 19% of all
 *   pairs, fall below it.
 */
export const RELATED_DEFAULTS = {
  k: 20,
  minScore: 0.45,
  fusion: { method: 'minmax', weights: [0.5, 1, 0.4] } as Fusion,
  vectorSignal: 'centered' as VectorSignal,
  keywordTerms: 200,
  keywordMaxDocShare: 1,
  candidates: 100,
  dominantGap: DOMINANT_GAP as number | null,
};

/** One related note and the reason it is related. */
export interface RelatedNote {
  path: string;
  title: string;
  /** The ranking score (the vector signal for `vector`, BM25 for `keyword`, the fused score otherwise). */
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

/** Row of each path in a note matrix, built once per matrix (the index keeps it until a note changes). */
const rowIndexes = new WeakMap<readonly string[], Map<string, number>>();

function rowIndexOf(paths: readonly string[]): Map<string, number> {
  let rows = rowIndexes.get(paths);
  if (!rows) {
    rows = new Map(paths.map((p, i) => [p, i]));
    rowIndexes.set(paths, rows);
  }
  return rows;
}

/**
 * The notes most related to `source`, best first, each with the passage pair that relates them.
 * The source itself never appears; notes it links to stay in the list, marked `linked`.
 *
 * With `onFirst`, a fused ranking first hands over the list by vectors alone (what the cosine
 * scan finds, with passages), then adds the keyword side to the same scan: the related pane
 * shows the first list at once, and the full answer costs no second vector pass.
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

  const vectorSignal = options.vectorSignal ?? RELATED_DEFAULTS.vectorSignal;
  const { paths, vectors } = reader.noteMatrix();
  const cosines = source.vector && paths.length > 0 ? cosineAgainstRows(vectors, source.vector) : null;
  // Candidates from the vector side: by centred cosine unless the raw cosine was asked for.
  const candidateScores =
    cosines && source.vector && vectorSignal !== 'cosine' ? centeredCosines(vectors, source.vector, cosines) : cosines;
  // Scores are looked up by path for the ~200 candidates only, through the matrix's row index.
  const rowOf = cosines ? rowIndexOf(paths) : new Map<string, number>();
  const cosineOf = (path: string): number | null => {
    const row = rowOf.get(path);
    return cosines && row !== undefined ? cosines[row] : null;
  };

  /** The vector side's score of one candidate, by `vectorSignal`. */
  const vectorScore = (path: string): number | undefined => {
    if (vectorSignal === 'centered' || vectorSignal === 'cosine') {
      const row = rowOf.get(path);
      return candidateScores && row !== undefined ? candidateScores[row] : undefined;
    }
    const note = reader.getNote(path);
    if (!note?.vector) return undefined;
    return passagePairSimilarity(source.chunks, note.chunks, vectorSignal === 'best-pair' ? 1 : 3);
  };

  // A few more than the candidates, so that hits set aside as dominant do not push others out.
  const gap = options.dominantGap === undefined ? RELATED_DEFAULTS.dominantGap : options.dominantGap;
  const side = (hits: ListHit[]): ListHit[] => (gap === null ? hits.slice(0, candidates) : setAsideDominant(hits, candidates, gap));
  const vectorTop: ListHit[] = useVector && candidateScores
    ? side(
        topKIndexes(candidateScores, candidates + MAX_DOMINANT, (i) => paths[i] === source.path).map((s) => ({
          path: paths[s.item],
          score: s.score,
        })),
      )
    : [];

  // Passages found for the first list are reused by the full one.
  const passages = new Map<string, Pick<RelatedNote, 'passage' | 'otherPassage'>>();
  // The index can switch to a new model's vectors while this call waits (the pane's paint, a
  // vault read): the source's chunk vectors are then the old model's, and no pair is chosen by
  // comparing them with the new ones.
  const modelAtStart = reader.modelId;
  const links = new Set(source.links);
  /** The first `k` of `ranked` above the minimum score, each with its passage pair. */
  const answerFrom = async (ranked: readonly ListHit[]): Promise<RelatedAnswer> => {
    const results: RelatedNote[] = [];
    let belowMinScore = 0;
    for (const hit of ranked) {
      if (results.length >= k) break;
      if (hit.path === source.path) continue;
      const note = reader.getNote(hit.path);
      if (!note) continue;
      const noteCosine = cosineOf(hit.path);
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
        let found = passages.get(note.path);
        if (!found) {
          const pair = reader.modelId === modelAtStart ? bestPassagePair(source.chunks, note.chunks) : null;
          if (pair) found = { passage: await passageOf(reader, pair.other), otherPassage: await sourcePassageText(reader, pair.source) };
          else found = { passage: note.chunks[0] ? await passageOf(reader, note.chunks[0]) : { heading: '', text: '' } };
          passages.set(note.path, found);
        }
        result.passage = found.passage;
        if (found.otherPassage) result.otherPassage = found.otherPassage;
      }
      results.push(result);
    }
    return { results, belowMinScore, minScore };
  };

  let ranked: ListHit[];
  if (useKeyword) {
    if (!options.tokenize) throw new Error('rankRelated: the keyword side needs the index tokenizer');
    const tokenize = options.tokenize;
    if (strategy === 'fused' && options.onFirst && vectorTop.length > 0) {
      const first = await answerFrom(vectorTop);
      if (first.results.length > 0) await options.onFirst(first);
    }
    const readable = displayedText(source.text);
    const keywordList = await moreLikeThis(reader, readable, {
      tokenize,
      terms: options.keywordTerms ?? RELATED_DEFAULTS.keywordTerms,
      maxDocShare: options.keywordMaxDocShare ?? RELATED_DEFAULTS.keywordMaxDocShare,
      limit: candidates + MAX_DOMINANT,
      exclude: source.path,
      weights: options.keywordWeights,
    }).then(side);
    if (strategy === 'keyword') {
      ranked = keywordList;
    } else {
      const weights = [...(fusion.weights ?? [1, 1]), 0, 0].slice(0, 3);
      const union = [...new Set([...vectorTop.map((h) => h.path), ...keywordList.map((h) => h.path)])];
      // Notes only the keyword side found still get their true vector score.
      const vectorSide: ListHit[] = [];
      if (useVector) {
        const dominant = new Set(vectorTop.filter((h) => h.dominant).map((h) => h.path));
        for (const path of union) {
          const score = vectorScore(path);
          if (score !== undefined) vectorSide.push(dominant.has(path) ? { path, score, dominant: true } : { path, score });
        }
      }
      const titleSide: ListHit[] = [];
      if (weights[2] !== 0) {
        const mentions = mentionIndex(readable, tokenize);
        for (const path of union) {
          const note = reader.getNote(path);
          if (note) titleSide.push({ path, score: titleMention(mentions, note.title, tokenize) });
        }
      }
      ranked = fuseScores([vectorSide, keywordList, titleSide], { ...fusion, weights });
      // Min-max scores are in [0, 1] per list: dividing by the weights keeps the fused score
      // in [0, 1] too, which is what the pane's score bar shows.
      const total = weights.reduce((sum, w) => sum + Math.max(0, w), 0);
      if ((fusion.method === 'minmax' || fusion.method === 'max') && total > 0) {
        ranked = ranked.map((h) => ({ path: h.path, score: h.score / total }));
      }
    }
  } else if (vectorSignal === 'best-pair' || vectorSignal === 'top3-pairs') {
    ranked = vectorTop
      .map((h) => ({ path: h.path, score: vectorScore(h.path) ?? -Infinity }))
      .sort((a, b) => b.score - a.score);
  } else {
    ranked = vectorTop;
  }
  return answerFrom(ranked);
}

async function sourcePassageText(reader: IndexReader, passage: SourcePassage): Promise<Passage> {
  const text = passage.text ?? (passage.chunk ? await reader.passageText(passage.chunk) : '');
  return { heading: headingLabel(passage.headingPath), text: text.trim() };
}

/**
 * The related-notes source for a note already in the index. `null` when the note is not
 * indexed (the caller then embeds it on the fly) or has no vector yet.
 */
/**
 * The source for text that is not an indexed note (a selection, a note not indexed or embedded
 * yet), from its chunks as embedded on the fly (`KindredIndex.embedText`): their passages are not
 * in the index, so each passage's text is cut from `text` itself. Without a model, `embedded` has
 * no chunks and no vector, and the source is ranked by keywords.
 */
export function sourceFromEmbeddedText(
  text: string,
  embedded: { chunks: ReadonlyArray<Pick<ChunkEntry, 'headingPath' | 'vector' | 'start' | 'end'>>; vector: Float32Array | null },
  note: { path?: string; links?: string[] } = {},
): RelatedSource {
  return {
    ...(note.path !== undefined ? { path: note.path } : {}),
    text,
    vector: embedded.vector,
    chunks: embedded.chunks.map((c) => ({ headingPath: c.headingPath, vector: c.vector, text: text.slice(c.start, c.end) })),
    links: note.links ?? [],
  };
}

export async function sourceFromIndexedNote(
  reader: IndexReader,
  path: string,
  readText: (path: string) => Promise<string>,
): Promise<RelatedSource | null> {
  const note = reader.getNote(path);
  if (!note || !note.vector) return null;
  return {
    path,
    // Read as it was indexed: the lines the vault repeats do not pick its distinctive words.
    text: readableText(await readText(path), note),
    vector: note.vector,
    chunks: note.chunks.map((chunk) => ({ headingPath: chunk.headingPath, vector: chunk.vector, chunk })),
    links: note.links,
  };
}
