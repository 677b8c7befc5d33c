import { create, insert, load, remove, save, type AnyOrama, type RawData } from '@orama/orama';
import type { KeywordWeights } from './index-reader';
import { oramaTokenizer, tokenize } from './tokenize';

/**
 * The keyword side: Orama with one document per note, spread over a fixed number of small
 * databases ("buckets", by a hash of the path). A bucket is saved and loaded on its own, so
 * a one-note edit rewrites one bucket and start-up never re-inserts the vault. The note
 * vectors are NOT put into Orama: its document store would keep a second copy of each as a
 * plain array and its save would write them as decimal text; ranking scans the note matrix instead.
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

/** Orama's default BM25 parameters (`defaultBM25Params` in its search), so both searches agree. */
const BM25 = { k: 1.2, b: 0.75, d: 0.5 };
const NO_PREFIXES: ReadonlySet<string> = new Set();

/** "More like this": Orama's field boosts, as measured for related notes (`RELATED_DEFAULTS`). */
export const MORE_LIKE_THIS: KeywordWeights = { boost: { title: 2, headings: 1.5 }, prefixWeight: 1 };

/**
 * Typed queries, measured on our query set (`kindred eval --queries eval/queries.jsonl
 * --sweep-queries`, nDCG@10 of keyword mode): with "more like this"'s boosts 0.322, where
 * MiniSearch scores 0.506. Per-field BM25 over-rewards a short field (with Orama's formula one
 * title word is worth about five body words), so a note whose title shares one common word with
 * the query outranks notes that answer it. Title and headings at 0: 0.470; words the last term
 * only begins at 0.375 (MiniSearch's prefix weight) instead of 1: 0.511. Headings weigh 0
 * because their lines are in the body too; the title keeps 0.25 (0.488), because a note's title
 * need not be anywhere in its text and our queries avoid titles by design, so they cannot show
 * what a title is worth (title 0.5: 0.431).
 */
export const TYPED_QUERY: KeywordWeights = { boost: { title: 0.25, headings: 0 }, prefixWeight: 0.375 };

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

/** Best first; equal scores by path. */
function ranksBefore(score: number, path: string, other: { path: string; score: number }): boolean {
  return score > other.score || (score === other.score && path < other.path);
}

/** Whether Orama's count says no document's `prop` holds `term` (a count that is not a whole number proves nothing). */
function absentFrom(index: OramaTextIndex, prop: string, term: string): boolean {
  const counts = index.tokenOccurrences[prop];
  if (!counts || !Object.prototype.hasOwnProperty.call(counts, term)) return true;
  return counts[term] === 0;
}

/** The internal ids of the documents holding exactly `term`, if any. */
function exactPostings(root: RadixNodeShape | undefined, term: string): Set<number> | undefined {
  let node = root;
  let i = 0;
  while (node && i < term.length) {
    node = node.c.get(term[i]);
    if (!node || !term.startsWith(node.s, i)) return undefined;
    i += node.s.length;
  }
  return node && node.e && node.w === term && node.d.size > 0 ? node.d : undefined;
}

/** Every indexed word that starts with `prefix`, with its postings. */
function wordsStartingWith(root: RadixNodeShape | undefined, prefix: string): Array<[string, Set<number>]> {
  let node = root;
  let i = 0;
  // Walk down while the prefix lasts; it may end in the middle of an edge label.
  while (node && i < prefix.length) {
    node = node.c.get(prefix[i]);
    if (!node) return [];
    const rest = prefix.length - i;
    if (rest < node.s.length ? !node.s.startsWith(prefix.slice(i)) : !prefix.startsWith(node.s, i)) return [];
    i += node.s.length;
  }
  const out: Array<[string, Set<number>]> = [];
  const stack = node ? [node] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.e && n.d.size > 0) out.push([n.w, n.d]);
    for (const child of n.c.values()) stack.push(child);
  }
  return out;
}

/** Orama's saved form of a radix node (`RadixNode.toJSON`). */
interface RadixJson {
  w: string;
  s: string;
  e: boolean;
  k: string;
  d: number[];
  c: Array<[string, RadixJson]>;
}

/** A radix node saved as `[edge label, 1 if a word ends here, document ids, children]`. */
type CompactNode = [string, 0 | 1, number[], CompactNode[]];

/** What `save` returns, as far as the trees are concerned. */
interface SavedBucket {
  index: { indexes: Record<string, { node: RadixJson | CompactNode }> };
}

/**
 * A radix tree without what can be derived: each node's whole word (its parent's word plus its
 * edge label) and its key (the label's first letter). Orama's JSON spends most of its bytes on
 * these and on key names; the compact form halves a bucket file and the time to parse it. Made
 * from the live tree (Orama's `toJSON` would first build three objects per node), `breathe()`
 * every thousand nodes, so a large bucket is saved in slices on the UI thread.
 */
async function compactTree(root: RadixNodeShape, breathe?: () => Promise<void>): Promise<CompactNode> {
  const compact = (node: RadixNodeShape): CompactNode => [node.s, node.e ? 1 : 0, Array.from(node.d), []];
  const out = compact(root);
  const stack: Array<[RadixNodeShape, CompactNode]> = [[root, out]];
  for (let visited = 1; stack.length > 0; visited++) {
    const [node, saved] = stack.pop()!;
    for (const child of node.c.values()) {
      const savedChild = compact(child);
      saved[3].push(savedChild);
      stack.push([child, savedChild]);
    }
    if (breathe && visited % 1000 === 0) await breathe();
  }
  return out;
}

/** Stands in for a tree while Orama's `save` runs, so that it does not serialise the tree itself. */
const HELD_BACK = { toJSON: (): null => null };

/**
 * Fills Orama's empty tree `root` from {@link compactTree}'s form, making nodes of Orama's own
 * class (the parent class of the tree's) directly: Orama's `fromJSON` would need its JSON form
 * first, three objects per node, and building nodes was most of the time a bucket took to load.
 */
function fillTree(root: RadixNodeShape, saved: CompactNode): void {
  const Node = (Object.getPrototypeOf(Object.getPrototypeOf(root)) as { constructor: RadixNodeClass }).constructor;
  // If Orama's classes ever change shape, fail here: the caller rebuilds the bucket from the notes.
  if (typeof (Node.prototype as { findAllWords?: unknown }).findAllWords !== 'function') throw new Error("Orama's radix tree is not the expected shape");
  const fill = (node: RadixNodeShape, from: CompactNode, word: string): void => {
    node.w = word;
    node.e = from[1] === 1;
    node.d = new Set(from[2]);
    for (const child of from[3]) {
      const label = child[0];
      const next = new Node(label.charAt(0), label, child[1] === 1);
      fill(next, child, word + label);
      node.c.set(label.charAt(0), next);
    }
  };
  root.s = saved[0];
  fill(root, saved, saved[0]);
}

/** Orama 3's `RadixNode` constructor: key, edge label, whether a word ends there. */
type RadixNodeClass = new (key: string, subWord: string, end: boolean) => RadixNodeShape;

/** A field as the space-separated list of its distinct terms: tokenizes back to the same terms. */
function distinctTerms(text: string): string {
  return [...new Set(tokenize(text))].join(' ');
}

/**
 * Orama keeps, per document, an object of every term's tf: most of a bucket's memory and of its
 * saved bytes. With one count per term and field, tf is 1 / field length, which Orama also keeps,
 * so the table carries nothing we need; and our scoring never reads it. Orama's own removal sets
 * a document's entry to undefined, so an empty table is as good as a full one.
 */
function dropFrequencies(db: AnyOrama): void {
  const index = db.data.index as unknown as OramaTextIndex;
  for (const prop of PROPERTIES) index.frequencies[prop] = {};
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
  // No sorting: results are ranked by score, and Orama's sorter would keep its own ordered
  // copy of every field value in memory and in every save.
  return create({ schema: SCHEMA, sort: { enabled: false }, components: { tokenizer: oramaTokenizer } }) as AnyOrama;
}

export class NoteStore {
  private readonly buckets: AnyOrama[] = Array.from({ length: KEYWORD_BUCKETS }, newBucket);
  private readonly paths: Array<Set<string>> = Array.from({ length: KEYWORD_BUCKETS }, () => new Set());
  /** Counts changes to any bucket, so cached scoring factors know when they are stale. */
  private version = 0;
  private factors: { version: number; byProp: Map<string, Float64Array[]> } | undefined;
  /** Per bucket, the body's words → their radix node: built on first use, dropped on any change. */
  private readonly bodyWords: Array<Map<string, RadixNodeShape> | undefined> = [];

  get count(): number {
    return this.paths.reduce((n, p) => n + p.size, 0);
  }

  has(path: string): boolean {
    return this.paths[bucketOf(path)].has(path);
  }

  /**
   * Adds or replaces a note's document; returns its bucket. Orama is given each field's distinct
   * terms, not its text: the index it builds is the same (the tokenizer keeps one of each term
   * anyway), while its document store, which Orama keeps in memory and in every save, holds a
   * fraction of the note. The removal of a document re-tokenizes that stored form.
   */
  upsert(doc: KeywordDocument): number {
    const b = bucketOf(doc.path);
    const db = this.buckets[b];
    if (this.paths[b].has(doc.path)) void remove(db, doc.path);
    void insert(db, {
      id: doc.path,
      title: distinctTerms(doc.title),
      headings: distinctTerms(doc.headings),
      text: distinctTerms(doc.text),
      meta: distinctTerms(doc.meta),
    });
    dropFrequencies(db);
    this.paths[b].add(doc.path);
    this.changed(b);
    return b;
  }

  /** Removes a note's document; returns its bucket, or -1 when it was not there. */
  remove(path: string): number {
    const b = bucketOf(path);
    if (!this.paths[b].delete(path)) return -1;
    void remove(this.buckets[b], path);
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
    const terms = [...new Set(tokenize(text))];
    return this.score(terms, new Set(terms.slice(-1)), limit, weights, accept);
  }

  /**
   * BM25 for already tokenised `terms`, exact terms only: the keyword side of "more like this",
   * where a note's 200 most distinctive terms would otherwise also pull in every longer word.
   */
  termSearch(terms: readonly string[], limit: number, accept?: (path: string) => boolean): Array<{ path: string; score: number }> {
    return this.score([...new Set(terms)], NO_PREFIXES, limit, MORE_LIKE_THIS, accept);
  }

  /**
   * BM25 read straight from Orama's inverted index: per term, the radix-tree node's document set
   * and each document's field length; only the documents holding a term are visited. Statistics
   * are summed over all buckets (document count, document frequency, average field length), so a
   * note's score does not depend on its bucket. Orama's formula, parameters and field boosts, with
   * its tf: a term counts once per field (see `oramaTokenizer`), so tf is 1 / field length, which
   * is what Orama would store per term and document (we drop that table: see `dropFrequencies`).
   */
  private score(
    terms: readonly string[],
    prefixes: ReadonlySet<string>,
    limit: number,
    profile: KeywordWeights,
    accept?: (path: string) => boolean,
  ): Array<{ path: string; score: number }> {
    const total = this.count;
    if (terms.length === 0 || total === 0 || limit <= 0) return [];
    const indexes = this.buckets.map((db) => db.data.index as unknown as OramaTextIndex);
    const sizes = this.paths.map((p) => p.size);
    const internalIds = this.buckets.map(
      (db) => (db as unknown as { internalDocumentIDStore: { internalIdToId: string[] } }).internalDocumentIDStore.internalIdToId,
    );
    const factors = this.lengthFactors(indexes, internalIds);
    // Scores by internal id, one array per bucket (ids are dense).
    const scores = internalIds.map((ids) => new Float64Array(ids.length + 1));
    for (const prop of PROPERTIES) {
      const boost = profile.boost[prop] ?? 1;
      if (boost === 0) continue;
      const propFactors = factors.get(prop);
      if (!propFactors) continue;
      for (const term of terms) {
        // word → its postings in each bucket (a whole-word term is its own and only word)
        const matches = new Map<string, Array<Set<number> | undefined>>();
        const isPrefix = prefixes.has(term);
        for (let b = 0; b < KEYWORD_BUCKETS; b++) {
          // Most terms are in no title, heading or front matter: Orama's count says so without a walk.
          if (sizes[b] === 0 || (!isPrefix && absentFrom(indexes[b], prop, term))) continue;
          const root = indexes[b].indexes[prop]?.node;
          if (!isPrefix) {
            const postings = prop === 'text' ? this.bodyPostings(b, term) : exactPostings(root, term);
            if (!postings) continue;
            let perBucket = matches.get(term);
            if (!perBucket) matches.set(term, (perBucket = new Array<Set<number> | undefined>(KEYWORD_BUCKETS)));
            perBucket[b] = postings;
            continue;
          }
          for (const [word, postings] of wordsStartingWith(root, term)) {
            let perBucket = matches.get(word);
            if (!perBucket) matches.set(word, (perBucket = new Array<Set<number> | undefined>(KEYWORD_BUCKETS)));
            perBucket[b] = postings;
          }
        }
        for (const [word, perBucket] of matches) {
          // df from the postings themselves: Orama's own count goes wrong for a few words
          // (`tokenOccurrences` is a plain object, so "constructor" starts from Object's).
          let df = 0;
          for (const postings of perBucket) df += postings?.size ?? 0;
          if (df === 0) continue;
          const weight = Math.log(1 + (total - df + 0.5) / (df + 0.5)) * boost * (word === term ? 1 : profile.prefixWeight);
          for (let b = 0; b < KEYWORD_BUCKETS; b++) {
            const postings = perBucket[b];
            if (!postings) continue;
            const bucketFactors = propFactors[b];
            const bucketScores = scores[b];
            // The hot loop of "more like this" (a note's 200 terms visit ~140,000 postings at
            // 10,000 notes): one multiply-add per posting.
            for (const id of postings) bucketScores[id] += weight * bucketFactors[id];
          }
        }
      }
    }
    // The best `limit` in a small sorted buffer: a "more like this" query scores most of the vault.
    const best: Array<{ path: string; score: number }> = [];
    for (let b = 0; b < KEYWORD_BUCKETS; b++) {
      const bucketScores = scores[b];
      for (let id = 1; id < bucketScores.length; id++) {
        const score = bucketScores[id];
        if (score === 0) continue;
        const path = internalIds[b][id - 1];
        if (best.length === limit && !ranksBefore(score, path, best[limit - 1])) continue;
        if (path === undefined || !this.paths[b].has(path) || (accept && !accept(path))) continue;
        let at = best.length;
        while (at > 0 && ranksBefore(score, path, best[at - 1])) at--;
        best.splice(at, 0, { path, score });
        if (best.length > limit) best.pop();
      }
    }
    return best;
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
    let words = this.bodyWords[b];
    if (!words) {
      words = new Map();
      const root = (this.buckets[b].data.index as unknown as OramaTextIndex).indexes.text?.node;
      const stack = root ? [root] : [];
      while (stack.length > 0) {
        const node = stack.pop()!;
        if (node.e) words.set(node.w, node);
        for (const child of node.c.values()) stack.push(child);
      }
      this.bodyWords[b] = words;
    }
    const node = words.get(term);
    return node && node.d.size > 0 ? node.d : undefined;
  }

  /**
   * Per field, per bucket, per internal id: the part of a term's BM25 score that depends on the
   * document alone, `(d + tf (k + 1)) / (tf + k (1 − b + b · length / avgLength))` with tf the
   * term's share of the field (1 / length, see `oramaTokenizer`); 0 where the field is empty or
   * the document gone. A term's score in a document is then its idf times this. The averages
   * are over the whole vault, so any change to any bucket recomputes them all (one pass over
   * the field lengths, ~1 ms at 10,000 notes), on the next search only.
   */
  private lengthFactors(indexes: OramaTextIndex[], internalIds: string[][]): Map<string, Float64Array[]> {
    if (this.factors && this.factors.version === this.version) return this.factors.byProp;
    const total = this.count;
    const byProp = new Map<string, Float64Array[]>();
    for (const prop of PROPERTIES) {
      let lengthSum = 0;
      for (let b = 0; b < KEYWORD_BUCKETS; b++) lengthSum += (indexes[b].avgFieldLength[prop] ?? 0) * this.paths[b].size;
      const avgLength = total > 0 ? lengthSum / total : 0;
      if (!(avgLength > 0)) continue;
      byProp.set(
        prop,
        indexes.map((index, b) => {
          const lengths = index.fieldLengths[prop] ?? {};
          const out = new Float64Array(internalIds[b].length + 1);
          for (let id = 1; id < out.length; id++) {
            const length = lengths[id];
            if (!length) continue;
            const tf = 1 / length;
            out[id] = (BM25.d + tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avgLength));
          }
          return out;
        }),
      );
    }
    this.factors = { version: this.version, byProp };
    return byProp;
  }

  /**
   * In how many notes `term` occurs in the body: Orama's count per bucket, a hash lookup, asked
   * for every word of a note when picking distinctive terms. Where that count is not a whole
   * number (it is kept in a plain object, so "constructor" starts from Object's), the postings' size.
   */
  documentFrequency(term: string): number {
    let df = 0;
    for (const db of this.buckets) {
      const index = db.data.index as unknown as OramaTextIndex;
      const counts = index.tokenOccurrences.text;
      const n = Object.prototype.hasOwnProperty.call(counts, term) ? counts[term] : 0;
      if (Number.isInteger(n)) df += n as number;
      else df += exactPostings(index.indexes.text?.node, term)?.size ?? 0;
    }
    return df;
  }

  /** Paths held in bucket `b`. */
  pathsIn(b: number): ReadonlySet<string> {
    return this.paths[b];
  }

  /**
   * Bucket `b` as the plain object {@link saveBucket} writes as JSON: Orama's own save of
   * everything but the radix trees, and each tree in a compact form (see {@link compactTree})
   * made in pieces, with `breathe()` between them. Orama's own save of a whole bucket cannot be
   * cut, and it was the last long task left on the UI thread while indexing.
   */
  async bucketSnapshot(b: number, breathe?: () => Promise<void>): Promise<RawData> {
    const db = this.buckets[b];
    const trees = (db.data.index as unknown as OramaTextIndex).indexes;
    const live: Record<string, RadixNodeShape> = {};
    for (const [prop, entry] of Object.entries(trees)) {
      live[prop] = entry.node;
      entry.node = HELD_BACK as unknown as RadixNodeShape;
    }
    let raw: SavedBucket;
    try {
      raw = save(db) as unknown as SavedBucket;
    } finally {
      for (const [prop, node] of Object.entries(live)) trees[prop].node = node;
    }
    const indexes: SavedBucket['index']['indexes'] = {};
    for (const [prop, saved] of Object.entries(raw.index.indexes)) {
      indexes[prop] = { ...saved, node: await compactTree(live[prop], breathe) };
    }
    return { ...raw, index: { ...raw.index, indexes } } as unknown as RawData;
  }

  /** Bucket `b` as bytes (Orama's own save, as JSON). */
  async saveBucket(b: number): Promise<Uint8Array> {
    return new TextEncoder().encode(JSON.stringify(await this.bucketSnapshot(b)));
  }

  /** Replaces bucket `b` with saved bytes; `paths` are the notes it is known to hold. */
  loadBucket(b: number, bytes: Uint8Array, paths: Iterable<string>): void {
    const db = newBucket();
    const raw = JSON.parse(new TextDecoder().decode(bytes)) as SavedBucket;
    // Compact trees are built after Orama's load, straight into its node class: Orama loads
    // an empty tree in their place. A bucket in Orama's own JSON loads as it is.
    const compact = new Map<string, CompactNode>();
    for (const [prop, saved] of Object.entries(raw.index?.indexes ?? {})) {
      if (!Array.isArray(saved.node)) continue;
      compact.set(prop, saved.node);
      saved.node = { w: '', s: '', e: false, k: '', d: [], c: [] };
    }
    load(db, raw as unknown as RawData);
    const index = db.data.index as unknown as OramaTextIndex;
    for (const [prop, tree] of compact) fillTree(index.indexes[prop].node, tree);
    dropFrequencies(db);
    this.buckets[b] = db;
    this.paths[b] = new Set(paths);
    this.changed(b);
  }

  /** Empties bucket `b` (before rebuilding it from the notes). */
  clearBucket(b: number): void {
    this.buckets[b] = newBucket();
    this.paths[b] = new Set();
    this.changed(b);
  }
}
