import { insert, remove, type AnyOrama } from '@orama/orama';
import type { Bm25Params, KeywordWeights } from './index-reader';
import { DEFAULT_BM25, MORE_LIKE_THIS, TYPED_QUERY } from './keyword-weights';
import { decodeKeywordBucket, decodeKeywordBucketInSlices, encodeKeywordBucket, type DecodedBucket } from './keyword-bucket-codec';
import { KEYWORD_FIELDS, newKeywordBucket, packedIndexOf, pathsByInternalId, type KeywordField } from './packed-orama-index';
import type { FieldPostings } from './field-postings';
import { tokenize } from './tokenize';
import { bestScored } from './best-scored';
import { bucketOf } from './keyword-layout';
import { Vocabulary } from './vocabulary';

/**
 * The keyword side: one document per note, spread over small Orama databases ("buckets", by a
 * hash of the path; how many follows the vault's size, see keyword-layout.ts). Each bucket's index
 * is Kindred's packed postings (packed-orama-index.ts), words numbered by one vocabulary for the
 * whole vault. A bucket is saved and loaded on its own, so a one-note edit rewrites one bucket and
 * start-up never re-inserts the vault. BM25 is scored from the postings, how often each word
 * occurs included, with statistics over the whole vault. The note vectors are NOT put in here:
 * ranking scans the note matrix instead.
 */

/** Orama's presence-only formula adds this delta (`defaultBM25Params` in its search). */
const PRESENCE_DELTA = 0.5;
const NO_PREFIXES: ReadonlySet<string> = new Set();

/** What BM25 sees of one note. */
export interface KeywordDocument {
  path: string;
  title: string;
  headings: string;
  text: string;
  meta: string;
}

const PROPERTIES = KEYWORD_FIELDS;

/** Per field, per bucket: what a term's BM25 needs of each note, by internal id. */
interface LengthFactors {
  /** The score factor of a term that occurs once. */
  once: Float64Array[];
  /** `k1 · (1 − b + b · length / average length)`, for terms that occur more often (`counts` only). */
  norm: Float64Array[];
}

export class NoteStore {
  private readonly vocabulary = new Vocabulary();
  private readonly buckets: AnyOrama[];
  private readonly paths: Array<Set<string>>;
  /** Counts changes to any bucket, so cached scoring factors know when they are stale. */
  private version = 0;
  private factors: { version: number; byParams: Map<string, Map<string, LengthFactors>> } | undefined;

  constructor(readonly bucketCount: number) {
    this.buckets = Array.from({ length: bucketCount }, () => newKeywordBucket(this.vocabulary));
    this.paths = Array.from({ length: bucketCount }, () => new Set());
  }

  /** The bucket that holds `path`. */
  bucketOf(path: string): number {
    return bucketOf(path, this.bucketCount);
  }

  get count(): number {
    return this.paths.reduce((n, p) => n + p.size, 0);
  }

  has(path: string): boolean {
    return this.paths[this.bucketOf(path)].has(path);
  }

  /** Adds or replaces a note's document; returns its bucket. The index counts each word's occurrences. */
  upsert(doc: KeywordDocument): number {
    const b = this.bucketOf(doc.path);
    const db = this.buckets[b];
    if (this.paths[b].has(doc.path)) void remove(db, doc.path);
    void insert(db, { id: doc.path, title: doc.title, headings: doc.headings, text: doc.text, meta: doc.meta });
    this.paths[b].add(doc.path);
    this.changed();
    return b;
  }

  /** {@link upsert} of a note's terms, field by field (`title`, `headings`, `text`, `meta`), repeats kept. */
  upsertTerms(path: string, terms: ReadonlyArray<readonly string[]>): number {
    // Terms are the tokenizer's own output, so joining them and cutting again gives them back.
    const [title, headings, text, meta] = PROPERTIES.map((_, i) => (terms[i] ?? []).join(' '));
    return this.upsert({ path, title, headings, text, meta });
  }

  /**
   * Every note of bucket `b` with its terms as {@link upsertTerms} takes them (repeats as often as
   * they occur), from the postings in one pass: laying the notes out in another bucket count with
   * these keeps every note's terms, counts and lengths, and so every score.
   */
  termsByNote(b: number): Map<string, string[][]> {
    const db = this.buckets[b];
    const byId = pathsByInternalId(db);
    const out = new Map<string, string[][]>();
    for (const path of this.paths[b]) out.set(path, PROPERTIES.map(() => []));
    PROPERTIES.forEach((prop, f) => {
      const field = this.field(b, prop);
      const { words, starts, notes, counts } = field.packed;
      for (let i = 0; i < words.length; i++) {
        const word = this.vocabulary.wordOf(words[i]);
        for (let j = starts[i]; j < starts[i + 1]; j++) {
          const terms = out.get(byId[notes[j] - 1]);
          if (terms) for (let c = 0; c < counts[j]; c++) terms[f].push(word);
        }
      }
    });
    return out;
  }

  /** Removes a note's document; returns its bucket, or -1 when it was not there. */
  remove(path: string): number {
    const b = this.bucketOf(path);
    if (!this.paths[b].delete(path)) return -1;
    void remove(this.buckets[b], path);
    this.changed();
    return b;
  }

  /**
   * BM25 over every bucket for a typed query, best first. The last term also finds the words it
   * begins, as the user may still be typing it ("bayes" finds "bayesian"); the others match
   * whole words. Orama's search takes every term as a prefix: on our query set (`kindred eval`)
   * that ranked worse (nDCG@10 0.25 against 0.32), "help" also pulling in "helpful", "helped"...
   */
  search(text: string, limit: number, accept?: (path: string) => boolean, weights = TYPED_QUERY): Array<{ path: string; score: number }> {
    const tokens = tokenize(text);
    const terms = new Map<string, number>();
    const queryCounts = (weights.bm25 ?? DEFAULT_BM25).queryCounts;
    for (const t of tokens) terms.set(t, queryCounts ? (terms.get(t) ?? 0) + 1 : 1);
    return this.score(terms, new Set(tokens.slice(-1)), limit, weights, accept);
  }

  /**
   * BM25 for already tokenised `terms`, exact terms only: the keyword side of "more like this",
   * where a note's 200 most distinctive terms would otherwise also pull in every longer word.
   */
  termSearch(terms: readonly string[], limit: number, accept?: (path: string) => boolean, weights = MORE_LIKE_THIS): Array<{ path: string; score: number }> {
    return this.score(new Map(terms.map((t) => [t, 1])), NO_PREFIXES, limit, weights, accept);
  }

  /**
   * BM25 from the packed postings: per word, per bucket, a binary search for its postings, then one
   * pass over them (notes and counts side by side). Statistics are summed over all buckets
   * (document count, document frequency, average field length), so a note's score does not depend
   * on its bucket. Per field, with its boost:
   * `idf · tf (k1 + 1) / (tf + k1 (1 − b + b · length / average))`, idf = ln(1 + (N − df + ½) / (df + ½)).
   */
  private score(
    terms: ReadonlyMap<string, number>,
    prefixes: ReadonlySet<string>,
    limit: number,
    profile: KeywordWeights,
    accept?: (path: string) => boolean,
  ): Array<{ path: string; score: number }> {
    const total = this.count;
    if (terms.size === 0 || total === 0 || limit <= 0) return [];
    const params = profile.bm25 ?? DEFAULT_BM25;
    const counted = params.tf === 'counts';
    const k1Plus1 = params.k1 + 1;
    const internalIds = this.buckets.map(pathsByInternalId);
    const factors = this.lengthFactors(params);
    // Scores by internal id, one array per bucket (ids are dense).
    const scores = internalIds.map((ids) => new Float64Array(ids.length + 1));
    for (const prop of PROPERTIES) {
      const boost = profile.boost[prop] ?? 1;
      const propFactors = factors.get(prop);
      if (boost === 0 || !propFactors) continue;
      for (const [term, queryWeight] of terms) {
        const words = prefixes.has(term) ? this.vocabulary.startingWith(term) : [this.vocabulary.idOf(term)];
        for (const word of words) {
          if (word === undefined) continue;
          // Where the word's postings are in each bucket, and its df across the vault.
          const found = new Int32Array(this.bucketCount);
          let df = 0;
          for (let b = 0; b < this.bucketCount; b++) {
            const field = this.field(b, prop);
            const i = (found[b] = field.find(word));
            if (i >= 0) df += field.packed.starts[i + 1] - field.packed.starts[i];
          }
          if (df === 0) continue;
          const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
          const weight = idf * boost * queryWeight * (this.vocabulary.wordOf(word) === term ? 1 : profile.prefixWeight);
          for (let b = 0; b < this.bucketCount; b++) {
            if (found[b] < 0) continue;
            const { starts, notes, counts } = this.field(b, prop).packed;
            const once = propFactors.once[b];
            const norm = propFactors.norm[b];
            const bucketScores = scores[b];
            // The hot loop of "more like this" (a note's 200 terms visit ~140,000 postings at
            // 10,000 notes): notes and counts side by side, the factor of a count of one ready.
            for (let j = starts[found[b]], end = starts[found[b] + 1]; j < end; j++) {
              const id = notes[j];
              const tf = counts[j];
              bucketScores[id] += weight * (counted && tf > 1 ? (tf * k1Plus1) / (tf + norm[id]) : once[id]);
            }
          }
        }
      }
    }
    return bestScored(scores, internalIds, limit, (path, b) => this.paths[b].has(path) && (!accept || accept(path)));
  }

  /** Field `prop` of bucket `b`, its postings sealed (packed), as scoring reads them. */
  private field(b: number, prop: KeywordField): FieldPostings {
    const field = packedIndexOf(this.buckets[b]).fields[prop];
    field.seal();
    return field;
  }

  /** A bucket changed: cached scoring data is stale. */
  private changed(): void {
    this.version++;
  }

  /**
   * Per field, per bucket, per internal id: the part of a term's BM25 score that depends on the
   * note alone (0 where the field is empty or the note gone). `counts`: lengths in words, repeats
   * counted; `presence`: lengths in distinct words and Orama's formula,
   * `(δ + tf (k1 + 1)) / (tf + k1 (1 − b + b · length / average))` with tf = 1 / length.
   * The averages are over the whole vault, so any change to any bucket recomputes them all
   * (one pass over the field lengths, ~1 ms at 10,000 notes), on the next search only.
   */
  private lengthFactors(params: Bm25Params): Map<string, LengthFactors> {
    if (this.factors?.version !== this.version) this.factors = { version: this.version, byParams: new Map() };
    const cacheKey = `${params.tf} ${params.k1} ${params.b}`;
    const cached = this.factors.byParams.get(cacheKey);
    if (cached) return cached;
    const total = this.count;
    const { k1, b: slope } = params;
    const presence = params.tf !== 'counts';
    const byProp = new Map<string, LengthFactors>();
    for (const prop of PROPERTIES) {
      let lengthSum = 0;
      for (let b = 0; b < this.bucketCount; b++) lengthSum += this.field(b, prop).lengthSum(presence);
      const avgLength = total > 0 ? lengthSum / total : 0;
      if (!(avgLength > 0)) continue;
      const once: Float64Array[] = [];
      const norm: Float64Array[] = [];
      for (let b = 0; b < this.bucketCount; b++) {
        const field = this.field(b, prop);
        const size = pathsByInternalId(this.buckets[b]).length + 1;
        const onceOf = new Float64Array(size);
        const normOf = new Float64Array(size);
        for (let id = 1; id < size; id++) {
          const length = presence ? field.distinctLength(id) : field.length(id);
          if (!length) continue;
          normOf[id] = k1 * (1 - slope + (slope * length) / avgLength);
          const tf = presence ? 1 / length : 1;
          onceOf[id] = ((presence ? PRESENCE_DELTA : 0) + tf * (k1 + 1)) / (tf + normOf[id]);
        }
        once.push(onceOf);
        norm.push(normOf);
      }
      byProp.set(prop, { once, norm });
    }
    this.factors.byParams.set(cacheKey, byProp);
    return byProp;
  }

  /** In how many notes `term` occurs in the body: asked for every word of a note when picking distinctive terms. */
  documentFrequency(term: string): number {
    const word = this.vocabulary.idOf(term);
    if (word === undefined) return 0;
    let df = 0;
    for (let b = 0; b < this.bucketCount; b++) {
      const field = this.field(b, 'text');
      const i = field.find(word);
      if (i >= 0) df += field.packed.starts[i + 1] - field.packed.starts[i];
    }
    return df;
  }

  /** Paths held in bucket `b`. */
  pathsIn(b: number): ReadonlySet<string> {
    return this.paths[b];
  }

  /** Bucket `b` as bytes (keyword-bucket-codec.ts): its packed postings as they are in memory. */
  saveBucket(b: number): Uint8Array {
    return encodeKeywordBucket(this.buckets[b]);
  }

  /**
   * Replaces bucket `b` with saved bytes. `expected`, when given, are the notes the bucket is known
   * to hold (its note records): a file holding others is refused. Throws `EarlierKeywordFormat` for
   * a bucket an earlier Kindred wrote, and an error saying what is wrong for a damaged one; either
   * way the bucket is left as it was and the caller rebuilds it from the notes.
   */
  loadBucket(b: number, bytes: Uint8Array, expected?: Iterable<string>): void {
    this.adopt(b, decodeKeywordBucket(bytes, this.vocabulary), expected);
  }

  /** As {@link loadBucket}, decoding in pieces with `breathe()` between (on a UI thread). */
  async loadBucketInSlices(b: number, bytes: Uint8Array, expected: Iterable<string> | undefined, breathe: () => Promise<void>): Promise<void> {
    this.adopt(b, await decodeKeywordBucketInSlices(bytes, this.vocabulary, breathe), expected);
  }

  private adopt(b: number, { db, paths }: DecodedBucket, expected: Iterable<string> | undefined): void {
    if (expected) {
      const want = new Set(expected);
      if (want.size !== paths.length || paths.some((p) => !want.has(p))) throw new Error('the keyword file does not hold the notes of its bucket');
    }
    if (paths.some((p) => this.bucketOf(p) !== b)) throw new Error('the keyword file holds notes of another bucket');
    this.buckets[b] = db;
    this.paths[b] = new Set(paths);
    this.changed();
  }

  /** Empties bucket `b` (before rebuilding it from the notes). */
  clearBucket(b: number): void {
    this.buckets[b] = newKeywordBucket(this.vocabulary);
    this.paths[b] = new Set();
    this.changed();
  }
}
