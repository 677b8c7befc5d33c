import type { ChunkEntry, IndexReader, KeywordWeights, NoteEntry } from '../index/index-reader';
import { cosine, cosineAgainstRows } from './cosine';
import type { Tokenize } from './distinctive-terms';
import { DOMINANT_GAP, MAX_DOMINANT, type Fusion, fuseScores, type ListHit, setAsideDominant } from './fuse-scores';
import { countMatchedTerms, markTerms } from './mark-terms';
import { headingLabel, type Passage } from './passage';
import { hasFilter, matchesFilter, type NoteFilter } from './note-filter';
import { topKIndexes } from './top-k';

export type SearchMode = 'keyword' | 'semantic' | 'hybrid';

/** A query from the palette or the command line. */
export interface SearchRequest extends NoteFilter {
  text: string;
  mode?: SearchMode;
  /** How many notes (default 10). */
  k?: number;
}

/**
 * What a search needs besides the index. `embedQuery` is absent when the model is not
 * available: keyword search still works, the other modes say why they cannot.
 */
export interface SearchContext {
  tokenize: Tokenize;
  embedQuery?: (text: string) => Promise<Float32Array>;
  /** How keyword (list 0) and semantic (list 1) combine in hybrid mode. */
  fusion?: Fusion;
  /** Semantic score of a note (see `SemanticScore`). */
  semanticScore?: SemanticScore;
  /**
   * Fusion weights that follow the query: [keyword, semantic] for a query of `shortTerms`
   * distinct terms or fewer, `long` for `longTerms` or more, in between by the log of the count.
   */
  lengthWeights?: { short: [number, number]; long: [number, number]; shortTerms: number; longTerms: number };
  /**
   * Notes whose semantic score is below this cosine leave the semantic side, in semantic and
   * hybrid mode alike (Orama's `similarity`, 0.8 by default there).
   */
  minSimilarity?: number;
  /** Candidates taken from each side before fusing. */
  candidates?: number;
  /** The keyword side's field weights (the index's typed-query weights unless given). */
  keywordWeights?: KeywordWeights;
  /**
   * Hits this far above the rest of their side are set aside from its scaling (see
   * `setAsideDominant`); `null` scales every side by all of its hits.
   */
  dominantGap?: number | null;
  /** Skip reading passages (evaluation only needs the order). */
  withoutPassages?: boolean;
  /** Called when the keyword side answered from only the `searched` of its `total` parts (it is still loading). */
  onKeywordPartial?: (parts: { searched: number; total: number }) => void;
}

/**
 * The defaults. The fusion was chosen on one collection, the 36 Sequences queries of
 * `eval/queries.jsonl` (`kindred eval --sweep-queries`), and only reported on the others: keyword
 * and note-vector lists, each scaled to z-scores, weighted 0.5 / 0.5: nDCG@10 0.706 there, the
 * best row, against 0.591 keyword and 0.528 semantic alone. The old min-max 0.4 / 0.6 scored 0.648
 * there, but 0.591 on the paraphrase queries over the raw Sequences files, below its own keyword
 * side (0.600); z-scores 0.5 / 0.5 score 0.629 on them. A z-score does not let one list's spread
 * (BM25's long tail, the cosines' narrow band) decide for both. Orama's defaults (0.8 similarity
 * floor) make hybrid silently keyword, because no USE query reaches the floor. Scoring a note by
 * its note vector beat its best chunk on the Sequences queries (0.528 against 0.496).
 */
export const SEARCH_DEFAULTS = {
  k: 10,
  fusion: { method: 'zscore', weights: [0.5, 0.5] } as Fusion,
  semanticScore: 'note' as const,
  minSimilarity: 0,
  candidates: 100,
  dominantGap: DOMINANT_GAP as number | null,
};

/** One note found by a search. */
export interface SearchResult {
  path: string;
  title: string;
  score: number;
  /** Its best passage; matched words wrapped in `==…==` for keyword and hybrid. */
  passage: Passage;
}

/** Thrown when a mode needs the embedding model and there is none. */
export class ModelUnavailableError extends Error {
  constructor(mode: SearchMode) {
    super(
      `${mode} search needs the embedding model, which is not available; keyword search still works (--mode keyword).`,
    );
    this.name = 'ModelUnavailableError';
  }
}

/**
 * Thrown by a semantic search while the notes are embedded again with a new model: the query can
 * only be embedded with the new model, and the notes' vectors are still the previous model's.
 */
export class ReembeddingError extends ModelUnavailableError {
  constructor(readonly from: string, readonly to: string) {
    super('semantic');
    this.message = `Semantic search is back once every note has been embedded again with the new model (${to}); it is under way. Keyword search works meanwhile, and hybrid search answers by keyword until then.`;
    this.name = 'ReembeddingError';
  }
}

/**
 * Searches the vault; results are notes (never bare chunks), best first. While the index
 * re-embeds with a new model (`reader.pendingModelId`), hybrid answers by keyword and semantic
 * throws {@link ReembeddingError}: the query's model is not the notes' vectors' model.
 */
export async function searchNotes(
  reader: IndexReader,
  request: SearchRequest,
  context: SearchContext,
): Promise<SearchResult[]> {
  const mode = request.mode ?? 'hybrid';
  const k = request.k ?? SEARCH_DEFAULTS.k;
  const text = request.text.trim();
  if (text === '' || k <= 0) return [];
  const candidates = Math.max(k, context.candidates ?? SEARCH_DEFAULTS.candidates);
  const terms = new Set(context.tokenize(text));

  let queryVector: Float32Array | null = null;
  const reembedding = mode !== 'keyword' && reader.pendingModelId ? { from: reader.modelId, to: reader.pendingModelId } : null;
  if (reembedding && mode === 'semantic') throw new ReembeddingError(reembedding.from, reembedding.to);
  if (mode !== 'keyword' && !reembedding) {
    if (!context.embedQuery) throw new ModelUnavailableError(mode);
    queryVector = await context.embedQuery(text);
  }

  // A few more than the candidates, so that hits set aside as dominant do not push others out.
  const fetched = candidates + MAX_DOMINANT;
  const gap = context.dominantGap === undefined ? SEARCH_DEFAULTS.dominantGap : context.dominantGap;
  const side = (hits: ListHit[]): ListHit[] => (gap === null ? hits.slice(0, candidates) : setAsideDominant(hits, candidates, gap));
  const keywordList = mode === 'semantic' ? [] : side(await keywordSide(reader, text, request, fetched, context));
  const floor = context.minSimilarity ?? SEARCH_DEFAULTS.minSimilarity;
  const semanticList = queryVector
    ? side(
        semanticSide(reader, queryVector, request, fetched, context.semanticScore ?? SEARCH_DEFAULTS.semanticScore).filter(
          (h) => h.score >= floor,
        ),
      )
    : [];

  let ranked: ListHit[];
  if (mode === 'keyword') ranked = keywordList;
  else if (mode === 'semantic') ranked = semanticList;
  else if (reembedding) ranked = keywordList;
  else ranked = fuseScores([keywordList, semanticList], fusionFor(terms.size, context));

  const results: SearchResult[] = [];
  for (const hit of ranked.slice(0, k)) {
    const note = reader.getNote(hit.path);
    if (!note) continue;
    const passage = context.withoutPassages
      ? { heading: '', text: '' }
      : await bestPassage(reader, note, mode, terms, queryVector, context.tokenize);
    results.push({ path: note.path, title: note.title, score: hit.score, passage });
  }
  return results;
}

/** The fusion for a query of `terms` distinct terms: the context's, its weights following the query's length when asked. */
function fusionFor(terms: number, context: SearchContext): Fusion {
  const fusion = context.fusion ?? SEARCH_DEFAULTS.fusion;
  const by = context.lengthWeights;
  if (!by) return fusion;
  const at = Math.min(1, Math.max(0, Math.log(Math.max(1, terms) / by.shortTerms) / Math.log(by.longTerms / by.shortTerms)));
  return { ...fusion, weights: by.short.map((w, i) => w + at * (by.long[i] - w)) };
}

async function keywordSide(reader: IndexReader, text: string, filter: NoteFilter, limit: number, context: SearchContext): Promise<ListHit[]> {
  const hits = await reader.keywordSearch({
    text,
    limit,
    weights: context.keywordWeights,
    onPartial: context.onKeywordPartial,
    folder: filter.folder,
    tag: filter.tag,
    site: filter.site,
    author: filter.author,
  });
  // The index filters too; checking here keeps both sides of a hybrid search on one definition.
  if (!hasFilter(filter)) return hits;
  return hits.filter((h) => {
    const note = reader.getNote(h.path);
    return note !== undefined && matchesFilter(note, filter);
  });
}

/**
 * How the semantic side scores a note against the query vector: its note vector (the normalised
 * mean of its chunks), its best chunk, the note vector mixed half and half with the mean of its
 * two best chunks, or a mean of its chunks weighted by their length.
 */
export type SemanticScore = 'note' | 'chunk' | 'note+chunks' | 'length-weighted';

function semanticSide(reader: IndexReader, query: Float32Array, filter: NoteFilter, limit: number, by: SemanticScore): ListHit[] {
  const filtered = hasFilter(filter);
  const allowed = (path: string) => {
    if (!filtered) return true;
    const note = reader.getNote(path);
    return note !== undefined && matchesFilter(note, filter);
  };
  if (by === 'note' || by === 'note+chunks') {
    const { paths, vectors } = reader.noteMatrix();
    const scores = cosineAgainstRows(vectors, query);
    const top = topKIndexes(scores, by === 'note' ? limit : 3 * limit, (i) => !allowed(paths[i])).map((s) => ({ path: paths[s.item], score: s.score }));
    if (by === 'note') return top;
    // Rescored from the chunks of the best notes by note vector only: chunk cosines for the whole vault cost too much.
    return top
      .map((h) => {
        const chunks = (reader.getNote(h.path)?.chunks ?? []).map((c) => cosine(query, c.vector)).sort((a, b) => b - a);
        const best = chunks.length === 0 ? h.score : (chunks[0] + (chunks[1] ?? chunks[0])) / 2;
        return { path: h.path, score: (h.score + best) / 2 };
      })
      .sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1))
      .slice(0, limit);
  }
  const hits: ListHit[] = [];
  for (const note of reader.allNotes()) {
    if (note.chunks.length === 0 || !allowed(note.path)) continue;
    let score = -Infinity;
    if (by === 'chunk') {
      for (const chunk of note.chunks) score = Math.max(score, cosine(query, chunk.vector));
    } else {
      const mean = new Float32Array(query.length);
      for (const chunk of note.chunks) {
        const weight = chunk.end - chunk.start;
        const vector = chunk.vector;
        for (let i = 0; i < mean.length; i++) mean[i] += weight * vector[i];
      }
      const norm = Math.hypot(...mean);
      score = norm > 0 ? cosine(query, mean) / norm : 0;
    }
    hits.push({ path: note.path, score });
  }
  return hits.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1)).slice(0, limit);
}

/**
 * The passage shown for a result: the chunk closest to the query vector (semantic), the one
 * with the most query words (keyword), or both added up (hybrid: the cosine plus the fraction
 * of the query's words the passage contains, so a passage with the words wins ties of meaning).
 */
async function bestPassage(
  reader: IndexReader,
  note: NoteEntry,
  mode: SearchMode,
  terms: ReadonlySet<string>,
  query: Float32Array | null,
  tokenize: Tokenize,
): Promise<Passage> {
  if (note.chunks.length === 0) return keywordOnlyPassage(reader, note, terms, tokenize);
  let best: { chunk: ChunkEntry; text: string; score: number } | null = null;
  for (const chunk of note.chunks) {
    const semantic = query ? cosine(query, chunk.vector) : 0;
    let score = semantic;
    let text: string | null = null;
    if (mode !== 'semantic' && terms.size > 0) {
      text = await reader.passageText(chunk);
      score += countMatchedTerms(text, terms, tokenize) / terms.size;
    }
    if (!best || score > best.score) best = { chunk, text: text ?? '', score };
  }
  if (!best) return { heading: '', text: '' };
  const text = mode === 'semantic' ? await reader.passageText(best.chunk) : best.text;
  const shown = mode === 'semantic' ? text : markTerms(text, terms, tokenize).text;
  return { heading: headingLabel(best.chunk.headingPath), text: shown.trim() };
}

/**
 * A note indexed by keyword only (no model, so no chunks) still shows where the words are:
 * the paragraph with the most query words, read from the whole note.
 */
async function keywordOnlyPassage(
  reader: IndexReader,
  note: NoteEntry,
  terms: ReadonlySet<string>,
  tokenize: Tokenize,
): Promise<Passage> {
  const whole: ChunkEntry = {
    id: '',
    notePath: note.path,
    headingPath: [],
    start: 0,
    end: Number.MAX_SAFE_INTEGER,
    vector: new Float32Array(0),
  };
  const text = await reader.passageText(whole);
  let best = '';
  let bestCount = -1;
  for (const paragraph of text.split(/\n\s*\n/)) {
    if (paragraph.trim() === '' || paragraph.startsWith('---')) continue;
    const count = countMatchedTerms(paragraph, terms, tokenize);
    if (count > bestCount) {
      best = paragraph;
      bestCount = count;
    }
  }
  return { heading: '', text: markTerms(best, terms, tokenize).text.trim() };
}
