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
        boost: { title: 2, headings: 1.5 },
        threshold: 1,
        limit: accept ? this.paths[b].size : limit,
      }) as { hits: Array<{ id: string; score: number }> };
      for (const hit of result.hits) if (!accept || accept(hit.id)) hits.push({ path: hit.id, score: hit.score });
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
