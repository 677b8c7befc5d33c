import { create, insert, load, remove, save, search, type AnyOrama, type RawData } from '@orama/orama';
import { oramaTokenizer } from './tokenize';

/**
 * The keyword side: Orama with one document per note, spread over a fixed number of small
 * databases ("buckets", by a hash of the path). A bucket is saved and loaded on its own, so
 * a one-note edit rewrites one bucket and start-up never re-inserts the vault. The note
 * vectors are NOT put into Orama: its document store would keep a second copy of each as a
 * plain array and its save would write them as decimal text; ranking scans the note matrix instead.
 */

export const KEYWORD_BUCKETS = 16;

/** Orama's default BM25 parameters (`defaultBM25Params` in its search), so both searches agree. */
const BM25 = { k: 1.2, b: 0.75, d: 0.5 };
const BOOST: Partial<Record<string, number>> = { title: 2, headings: 1.5 };

/** The parts of Orama 3's index (`components/index.ts`) that BM25 reads. */
interface OramaTextIndex {
  indexes: Record<string, { node: RadixNodeShape }>;
  tokenOccurrences: Record<string, Record<string, unknown>>;
  frequencies: Record<string, Record<number, Record<string, number> | undefined>>;
  fieldLengths: Record<string, Record<number, number | undefined>>;
  avgFieldLength: Record<string, number | undefined>;
}

/** Orama 3's radix tree node (`trees/radix.ts`): edge label `s`, children `c`, word `w`, end `e`, documents `d`. */
interface RadixNodeShape {
  s: string;
  c: Map<string, RadixNodeShape>;
  w: string;
  e: boolean;
  d: Set<number>;
}

function occurrencesOf(index: OramaTextIndex, prop: string, term: string): number {
  const occurrences = index.tokenOccurrences[prop];
  const n = occurrences && Object.prototype.hasOwnProperty.call(occurrences, term) ? occurrences[term] : 0;
  return typeof n === 'number' ? n : 0;
}

/** The internal ids of the documents whose `prop` holds exactly `term` (no prefix matches). */
function postingsOf(index: OramaTextIndex, prop: string, term: string): Set<number> | undefined {
  let node: RadixNodeShape | undefined = index.indexes[prop]?.node;
  let i = 0;
  while (node && i < term.length) {
    node = node.c.get(term[i]);
    if (!node || !term.startsWith(node.s, i)) return undefined;
    i += node.s.length;
  }
  return node && node.e && node.w === term ? node.d : undefined;
}

/** What BM25 sees of one note. */
export interface KeywordDocument {
  path: string;
  title: string;
  headings: string;
  text: string;
  meta: string;
}

const SCHEMA = { title: 'string', headings: 'string', text: 'string', meta: 'string' } as const;
const PROPERTIES: Array<keyof typeof SCHEMA> = ['title', 'headings', 'text', 'meta'];

/** The bucket that holds `path` (FNV-1a of the path). */
export function bucketOf(path: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % KEYWORD_BUCKETS;
}

function newBucket(): AnyOrama {
  return create({ schema: SCHEMA, components: { tokenizer: oramaTokenizer } }) as AnyOrama;
}

export class NoteStore {
  private readonly buckets: AnyOrama[] = Array.from({ length: KEYWORD_BUCKETS }, newBucket);
  private readonly paths: Array<Set<string>> = Array.from({ length: KEYWORD_BUCKETS }, () => new Set());

  get count(): number {
    return this.paths.reduce((n, p) => n + p.size, 0);
  }

  has(path: string): boolean {
    return this.paths[bucketOf(path)].has(path);
  }

  /** Adds or replaces a note's document; returns its bucket. */
  upsert(doc: KeywordDocument): number {
    const b = bucketOf(doc.path);
    if (this.paths[b].has(doc.path)) void remove(this.buckets[b], doc.path);
    void insert(this.buckets[b], { id: doc.path, title: doc.title, headings: doc.headings, text: doc.text, meta: doc.meta });
    this.paths[b].add(doc.path);
    return b;
  }

  /** Removes a note's document; returns its bucket, or -1 when it was not there. */
  remove(path: string): number {
    const b = bucketOf(path);
    if (!this.paths[b].delete(path)) return -1;
    void remove(this.buckets[b], path);
    return b;
  }

  /**
   * BM25 over every bucket, best first. Each bucket scores with its own statistics; with
   * paths hashed evenly these differ little, which is the price of saving buckets separately.
   */
  search(text: string, limit: number, accept?: (path: string) => boolean): Array<{ path: string; score: number }> {
    const hits: Array<{ path: string; score: number }> = [];
    for (let b = 0; b < KEYWORD_BUCKETS; b++) {
      if (this.paths[b].size === 0) continue;
      const result = search(this.buckets[b], {
        term: text,
        properties: PROPERTIES,
        boost: BOOST,
        threshold: 1,
        limit: accept ? this.paths[b].size : limit,
      }) as { hits: Array<{ id: string; score: number }> };
      for (const hit of result.hits) if (!accept || accept(hit.id)) hits.push({ path: hit.id, score: hit.score });
    }
    hits.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1));
    return hits.slice(0, limit);
  }

  /**
   * BM25 of the notes for already-tokenised `terms`, read straight from Orama's inverted index:
   * per term, the radix-tree node's document set, each document's field length and Orama's
   * own tf. Unlike {@link search} (which hands Orama one long query string, so every bucket
   * scores every document holding any term, prefixes included) this visits only the postings
   * of the exact terms, and uses statistics summed over all buckets (document count, document
   * frequency, average field length), so a note's score does not depend on its bucket. Same
   * formula, parameters and field boosts as Orama's search.
   */
  termSearch(terms: readonly string[], limit: number, accept?: (path: string) => boolean): Array<{ path: string; score: number }> {
    const unique = [...new Set(terms)];
    const total = this.count;
    if (unique.length === 0 || total === 0 || limit <= 0) return [];
    const indexes = this.buckets.map((db) => db.data.index as unknown as OramaTextIndex);
    const sizes = this.paths.map((p) => p.size);
    const hits: Array<{ path: string; score: number }> = [];
    const scores = this.buckets.map(() => new Map<number, number>());
    for (const prop of PROPERTIES) {
      const boost = BOOST[prop] ?? 1;
      let lengthSum = 0;
      for (let b = 0; b < KEYWORD_BUCKETS; b++) lengthSum += (indexes[b].avgFieldLength[prop] ?? 0) * sizes[b];
      const avgLength = lengthSum / total;
      if (!(avgLength > 0)) continue;
      for (const term of unique) {
        let df = 0;
        for (let b = 0; b < KEYWORD_BUCKETS; b++) df += occurrencesOf(indexes[b], prop, term);
        if (df === 0) continue;
        const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
        for (let b = 0; b < KEYWORD_BUCKETS; b++) {
          if (sizes[b] === 0) continue;
          const postings = postingsOf(indexes[b], prop, term);
          if (!postings) continue;
          const lengths = indexes[b].fieldLengths[prop];
          const frequencies = indexes[b].frequencies[prop];
          const bucketScores = scores[b];
          for (const id of postings) {
            const length = lengths[id] ?? 0;
            const tf = frequencies[id]?.[term] ?? 0;
            const bm25 = (idf * (BM25.d + tf * (BM25.k + 1))) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avgLength));
            bucketScores.set(id, (bucketScores.get(id) ?? 0) + bm25 * boost);
          }
        }
      }
    }
    for (let b = 0; b < KEYWORD_BUCKETS; b++) {
      const ids = (this.buckets[b] as unknown as { internalDocumentIDStore: { internalIdToId: string[] } }).internalDocumentIDStore.internalIdToId;
      for (const [id, score] of scores[b]) {
        const path = ids[id - 1];
        if (path !== undefined && this.paths[b].has(path) && (!accept || accept(path))) hits.push({ path, score });
      }
    }
    hits.sort((a, b) => b.score - a.score || (a.path < b.path ? -1 : 1));
    return hits.slice(0, limit);
  }

  /** In how many notes `term` occurs in the body (Orama's own count). */
  documentFrequency(term: string): number {
    let df = 0;
    for (const db of this.buckets) {
      const occurrences = (db.data.index as unknown as { tokenOccurrences: Record<string, Record<string, unknown>> }).tokenOccurrences.text;
      const n = occurrences && Object.prototype.hasOwnProperty.call(occurrences, term) ? occurrences[term] : 0;
      if (typeof n === 'number') df += n;
    }
    return df;
  }

  /** Paths held in bucket `b`. */
  pathsIn(b: number): ReadonlySet<string> {
    return this.paths[b];
  }

  /** Bucket `b` as bytes (Orama's own save, as JSON). */
  saveBucket(b: number): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(save(this.buckets[b])));
  }

  /** Replaces bucket `b` with saved bytes; `paths` are the notes it is known to hold. */
  loadBucket(b: number, bytes: Uint8Array, paths: Iterable<string>): void {
    const db = newBucket();
    load(db, JSON.parse(new TextDecoder().decode(bytes)) as RawData);
    this.buckets[b] = db;
    this.paths[b] = new Set(paths);
  }

  /** Empties bucket `b` (before rebuilding it from the notes). */
  clearBucket(b: number): void {
    this.buckets[b] = newBucket();
    this.paths[b] = new Set();
  }
}
