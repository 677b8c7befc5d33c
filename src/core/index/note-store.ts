import { create, insert, load, remove, save, type AnyOrama, type RawData } from '@orama/orama';
import type { Bm25Params, KeywordWeights } from './index-reader';
import { DEFAULT_BM25, MORE_LIKE_THIS, TYPED_QUERY } from './keyword-weights';
import {
  EMPTY_RADIX_JSON,
  averageFieldLength,
  checkOramaShape,
  compactTree,
  dropFrequencies,
  exactPostings,
  fieldLengthsOf,
  fillTree,
  internalIdOf,
  occurrencesOf,
  pathsByInternalId,
  treeOf,
  withTreesHeldBack,
  wordNodes,
  wordsStartingWith,
  type CompactNode,
  type RadixNode,
  type SavedIndex,
} from './orama-internals';
import { TermCounts, termKey } from './term-counts';
import { oramaTokenizer, tokenize } from './tokenize';
import { bestScored } from './best-scored';

/**
 * The keyword side: Orama with one document per note, spread over a fixed number of small
 * databases ("buckets", by a hash of the path), and beside each bucket how often each term occurs
 * in each note (`TermCounts`). A bucket is saved and loaded on its own, so a one-note edit
 * rewrites one bucket and start-up never re-inserts the vault. BM25 is scored from Orama's
 * postings and those counts, with statistics over the whole vault. The note vectors are NOT put
 * into Orama: its document store would keep a second copy of each as a plain array and its save
 * would write them as decimal text; ranking scans the note matrix instead.
 */

/**
 * 8, measured at 10,000 notes (`npx tsx bench/index-scale.bench.ts --notes 10000`, with this
 * constant set to 16, 8 and 4 in turn): each bucket keeps its own copy of the vocabulary, so 16
 * buckets held 504 MB of index, 8 hold 439 MB and 4 hold 403 MB; "more like this" looks each of
 * its 200 terms up in every bucket. Fewer buckets mean a
 * larger file to write on each edit and to hold as one JSON text: at 50,000 notes a keyword file
 * is 33 MB with 8 buckets, and would be about 70 MB with 4.
 */
export const KEYWORD_BUCKETS = 8;

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
  // No sorting: results are ranked by score, and Orama's sorter would keep its own ordered
  // copy of every field value in memory and in every save.
  const db = create({ schema: SCHEMA, sort: { enabled: false }, components: { tokenizer: oramaTokenizer } }) as AnyOrama;
  checkOramaShape(db);
  return db;
}

/** Per field, per bucket: what a term's BM25 needs of each note, by internal id. */
interface LengthFactors {
  /** The score factor of a term that occurs once. */
  once: Float64Array[];
  /** `k1 · (1 − b + b · length / average length)`, for terms that occur more often (`counts` only). */
  norm: Float64Array[];
}

export class NoteStore {
  private readonly buckets: AnyOrama[] = Array.from({ length: KEYWORD_BUCKETS }, newBucket);
  private readonly counts: TermCounts[] = Array.from({ length: KEYWORD_BUCKETS }, () => new TermCounts(PROPERTIES.length));
  private readonly paths: Array<Set<string>> = Array.from({ length: KEYWORD_BUCKETS }, () => new Set());
  /** Counts changes to any bucket, so cached scoring factors know when they are stale. */
  private version = 0;
  private factors: { version: number; byParams: Map<string, Map<string, LengthFactors>> } | undefined;
  /** Per bucket, the body's words → their radix node: built on first use, dropped on any change. */
  private readonly bodyWords: Array<Map<string, RadixNode> | undefined> = [];

  get count(): number {
    return this.paths.reduce((n, p) => n + p.size, 0);
  }

  has(path: string): boolean {
    return this.paths[bucketOf(path)].has(path);
  }

  /**
   * Adds or replaces a note's document; returns its bucket. Orama is given each field's distinct
   * terms, not its text: the index it builds is the same (its tokenizer keeps one of each term
   * anyway), while its document store, which Orama keeps in memory and in every save, holds a
   * fraction of the note. How often each term occurs goes to the bucket's `TermCounts`.
   */
  upsert(doc: KeywordDocument): number {
    const b = bucketOf(doc.path);
    const db = this.buckets[b];
    const previous = this.paths[b].has(doc.path) ? internalIdOf(db, doc.path) : undefined;
    if (previous !== undefined) {
      void remove(db, doc.path);
      this.counts[b].delete(previous);
    }
    const terms = PROPERTIES.map((prop) => tokenize(doc[prop]));
    void insert(db, {
      id: doc.path,
      ...Object.fromEntries(PROPERTIES.map((prop, i) => [prop, [...new Set(terms[i])].join(' ')])),
    });
    dropFrequencies(db, PROPERTIES);
    this.counts[b].set(internalIdOf(db, doc.path)!, terms);
    this.paths[b].add(doc.path);
    this.changed(b);
    return b;
  }

  /** Removes a note's document; returns its bucket, or -1 when it was not there. */
  remove(path: string): number {
    const b = bucketOf(path);
    if (!this.paths[b].delete(path)) return -1;
    const id = internalIdOf(this.buckets[b], path);
    void remove(this.buckets[b], path);
    if (id !== undefined) this.counts[b].delete(id);
    this.changed(b);
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
   * BM25 read straight from Orama's inverted index: per term, the radix-tree node's document set;
   * per note, its field lengths and term counts. Only the notes holding a term are visited.
   * Statistics are summed over all buckets (document count, document frequency, average field
   * length), so a note's score does not depend on its bucket. Per field, with its boost:
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
    const sizes = this.paths.map((p) => p.size);
    const internalIds = this.buckets.map(pathsByInternalId);
    const factors = this.lengthFactors(params, internalIds);
    // Scores by internal id, one array per bucket (ids are dense).
    const scores = internalIds.map((ids) => new Float64Array(ids.length + 1));
    for (const [field, prop] of PROPERTIES.entries()) {
      const boost = profile.boost[prop] ?? 1;
      const propFactors = factors.get(prop);
      if (boost === 0 || !propFactors) continue;
      for (const [term, queryWeight] of terms) {
        // word → its postings in each bucket (a whole-word term is its own and only word)
        const matches = new Map<string, Array<Set<number> | undefined>>();
        const isPrefix = prefixes.has(term);
        for (let b = 0; b < KEYWORD_BUCKETS; b++) {
          // Most terms are in no title, heading or front matter: Orama's count says so without a walk.
          if (sizes[b] === 0 || (!isPrefix && occurrencesOf(this.buckets[b], prop, term) === 0)) continue;
          const found: Array<[string, Set<number>]> = isPrefix
            ? wordsStartingWith(treeOf(this.buckets[b], prop), term)
            : [[term, (prop === 'text' ? this.bodyPostings(b, term) : exactPostings(treeOf(this.buckets[b], prop), term))!]];
          for (const [word, postings] of found) {
            if (!postings) continue;
            let perBucket = matches.get(word);
            if (!perBucket) matches.set(word, (perBucket = new Array<Set<number> | undefined>(KEYWORD_BUCKETS)));
            perBucket[b] = postings;
          }
        }
        for (const [word, perBucket] of matches) {
          // df from the postings themselves, across the vault.
          let df = 0;
          for (const postings of perBucket) df += postings?.size ?? 0;
          if (df === 0) continue;
          const idf = Math.log(1 + (total - df + 0.5) / (df + 0.5));
          const weight = idf * boost * queryWeight * (word === term ? 1 : profile.prefixWeight);
          const key = termKey(field, word);
          for (let b = 0; b < KEYWORD_BUCKETS; b++) {
            const postings = perBucket[b];
            if (!postings) continue;
            const once = propFactors.once[b];
            const norm = propFactors.norm[b];
            const counts = this.counts[b];
            const bucketScores = scores[b];
            // The hot loop of "more like this" (a note's 200 terms visit ~140,000 postings at
            // 10,000 notes): every note as if the term occurred once, then the notes where it
            // occurs more often corrected from the counts turned around.
            for (const id of postings) bucketScores[id] += weight * once[id];
            if (!counted) continue;
            const repeated = counts.repeatsOf(key);
            if (repeated) {
              for (let i = 0; i < repeated.length; i += 2) {
                const id = repeated[i];
                if (!postings.has(id)) continue;
                const tf = repeated[i + 1];
                bucketScores[id] += weight * ((tf * k1Plus1) / (tf + norm[id]) - once[id]);
              }
            }
            for (const id of counts.collidedNotes()) {
              const tf = postings.has(id) ? counts.count(id, key, field, word) : 1;
              if (tf > 1) bucketScores[id] += weight * ((tf * k1Plus1) / (tf + norm[id]) - once[id]);
            }
          }
        }
      }
    }
    return bestScored(scores, internalIds, limit, (path, b) => this.paths[b].has(path) && (!accept || accept(path)));
  }

  /** A bucket changed: cached scoring data that depends on it is stale. */
  private changed(b: number): void {
    this.version++;
    this.bodyWords[b] = undefined;
  }

  /**
   * The notes of bucket `b` whose body holds exactly `term`. A hash lookup instead of a walk down
   * the radix tree: "more like this" asks for 200 terms in every bucket, and the walks (a few
   * pointer hops each, through trees too large for the CPU caches) were most of its time. The map
   * holds only references to Orama's own nodes (7 MB of heap at 10,000 notes), and is rebuilt after
   * the bucket changes, since Orama's removals can detach a word's node.
   */
  private bodyPostings(b: number, term: string): Set<number> | undefined {
    const words = (this.bodyWords[b] ??= wordNodes(treeOf(this.buckets[b], 'text')));
    const node = words.get(term);
    return node && node.d.size > 0 ? node.d : undefined;
  }

  /**
   * Per field, per bucket, per internal id: the part of a term's BM25 score that depends on the
   * note alone (0 where the field is empty or the note gone). `counts`: lengths in terms from
   * `TermCounts`; `presence`: Orama's lengths in distinct terms and its formula,
   * `(δ + tf (k1 + 1)) / (tf + k1 (1 − b + b · length / average))` with tf = 1 / length.
   * The averages are over the whole vault, so any change to any bucket recomputes them all
   * (one pass over the field lengths, ~1 ms at 10,000 notes), on the next search only.
   */
  private lengthFactors(params: Bm25Params, internalIds: ReadonlyArray<readonly string[]>): Map<string, LengthFactors> {
    if (this.factors?.version !== this.version) this.factors = { version: this.version, byParams: new Map() };
    const cacheKey = `${params.tf} ${params.k1} ${params.b}`;
    const cached = this.factors.byParams.get(cacheKey);
    if (cached) return cached;
    const total = this.count;
    const { k1, b: slope } = params;
    const byProp = new Map<string, LengthFactors>();
    for (const [field, prop] of PROPERTIES.entries()) {
      let lengthSum = 0;
      for (let b = 0; b < KEYWORD_BUCKETS; b++) {
        lengthSum += params.tf === 'counts' ? this.counts[b].lengthSum(field) : averageFieldLength(this.buckets[b], prop) * this.paths[b].size;
      }
      const avgLength = total > 0 ? lengthSum / total : 0;
      if (!(avgLength > 0)) continue;
      const once: Float64Array[] = [];
      const norm: Float64Array[] = [];
      for (let b = 0; b < KEYWORD_BUCKETS; b++) {
        const oramaLengths = fieldLengthsOf(this.buckets[b], prop);
        const onceOf = new Float64Array(internalIds[b].length + 1);
        const normOf = new Float64Array(internalIds[b].length + 1);
        for (let id = 1; id < onceOf.length; id++) {
          const length = params.tf === 'counts' ? this.counts[b].length(field, id) : (oramaLengths[id] ?? 0);
          if (!length) continue;
          normOf[id] = k1 * (1 - slope + (slope * length) / avgLength);
          const tf = params.tf === 'counts' ? 1 : 1 / length;
          onceOf[id] = ((params.tf === 'counts' ? 0 : PRESENCE_DELTA) + tf * (k1 + 1)) / (tf + normOf[id]);
        }
        once.push(onceOf);
        norm.push(normOf);
      }
      byProp.set(prop, { once, norm });
    }
    this.factors.byParams.set(cacheKey, byProp);
    return byProp;
  }

  /**
   * In how many notes `term` occurs in the body: Orama's count per bucket, a hash lookup, asked
   * for every word of a note when picking distinctive terms (the postings' size where that count
   * is not to be trusted).
   */
  documentFrequency(term: string): number {
    let df = 0;
    for (let b = 0; b < KEYWORD_BUCKETS; b++) df += occurrencesOf(this.buckets[b], 'text', term) ?? this.bodyPostings(b, term)?.size ?? 0;
    return df;
  }

  /** Paths held in bucket `b`. */
  pathsIn(b: number): ReadonlySet<string> {
    return this.paths[b];
  }

  /**
   * Bucket `b` as the plain object {@link saveBucket} writes as JSON: Orama's own save of
   * everything but the radix trees, each tree in a compact form made in pieces (with `breathe()`
   * between them), and the bucket's term counts. Orama's own save of a whole bucket cannot be
   * cut, and it was the last long task left on the UI thread while indexing.
   */
  async bucketSnapshot(b: number, breathe?: () => Promise<void>): Promise<RawData> {
    const db = this.buckets[b];
    const { saved, trees } = withTreesHeldBack(db, () => save(db) as unknown as SavedIndex);
    const indexes: SavedIndex['index']['indexes'] = {};
    for (const [prop, entry] of Object.entries(saved.index.indexes)) {
      const tree = trees.get(prop);
      indexes[prop] = tree ? { ...entry, node: await compactTree(tree, breathe) } : entry;
    }
    return { ...saved, index: { ...saved.index, indexes }, termCounts: this.counts[b].save() } as unknown as RawData;
  }

  /** Bucket `b` as bytes (Orama's own save, as JSON). */
  async saveBucket(b: number): Promise<Uint8Array> {
    return new TextEncoder().encode(JSON.stringify(await this.bucketSnapshot(b)));
  }

  /**
   * Replaces bucket `b` with saved bytes; `paths` are the notes it is known to hold. Throws for a
   * bucket saved without term counts (by an older Kindred): the caller rebuilds it from the notes.
   */
  loadBucket(b: number, bytes: Uint8Array, paths: Iterable<string>): void {
    const db = newBucket();
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as SavedIndex & { termCounts?: unknown };
    const counts = TermCounts.load(raw.termCounts, PROPERTIES.length);
    // Compact trees are built after Orama's load, straight into its node class: Orama loads
    // an empty tree in their place. A bucket in Orama's own JSON loads as it is.
    const compact = new Map<string, CompactNode>();
    for (const [prop, saved] of Object.entries(raw.index?.indexes ?? {})) {
      if (!Array.isArray(saved.node)) continue;
      compact.set(prop, saved.node as CompactNode);
      saved.node = { ...EMPTY_RADIX_JSON };
    }
    load(db, raw as unknown as RawData);
    for (const [prop, tree] of compact) fillTree(treeOf(db, prop)!, tree);
    dropFrequencies(db, PROPERTIES);
    this.buckets[b] = db;
    this.counts[b] = counts;
    this.paths[b] = new Set(paths);
    this.changed(b);
  }

  /** Empties bucket `b` (before rebuilding it from the notes). */
  clearBucket(b: number): void {
    this.buckets[b] = newBucket();
    this.counts[b] = new TermCounts(PROPERTIES.length);
    this.paths[b] = new Set();
    this.changed(b);
  }
}

