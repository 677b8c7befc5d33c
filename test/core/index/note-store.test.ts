import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { create, insert, save, type AnyOrama } from '@orama/orama';
import type { Bm25Params, KeywordWeights } from '../../../src/core/index/index-reader';
import { DEFAULT_BM25, MORE_LIKE_THIS, TYPED_QUERY } from '../../../src/core/index/keyword-weights';
import { KEYWORD_BUCKETS, NoteStore, bucketOf, type KeywordDocument } from '../../../src/core/index/note-store';
import { oramaTokenizer, tokenize } from '../../../src/core/index/tokenize';

/** A seeded vocabulary soup: 60 notes whose words overlap and repeat, so terms have varied document and term frequencies. */
function corpus(): KeywordDocument[] {
  let seed = 7;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const vocabulary = Array.from({ length: 120 }, (_, i) => `word${i}`);
  return Array.from({ length: 60 }, (_, n) => {
    const words = (count: number, spread: number): string => Array.from({ length: count }, () => vocabulary[next(spread)]).join(' ');
    return {
      path: `notes/n${n}.md`,
      title: words(2, 120),
      headings: words(4, 60),
      text: `${words(30 + next(200), 120)} the of and`,
      meta: n % 3 === 0 ? 'tags: topic' : '',
    };
  });
}

const FIELDS = ['title', 'headings', 'text', 'meta'] as const;

/**
 * BM25 as the textbook (and Lucene) write it, over every note at once: per field, with its boost,
 * idf = ln(1 + (N − df + ½) / (df + ½)) times tf (k1 + 1) / (tf + k1 (1 − b + b · length / average)).
 * `terms` maps a query word to its weight (a prefix match's weight, a repeated query word's count).
 */
function referenceBm25(docs: KeywordDocument[], terms: Map<string, number>, boost: KeywordWeights['boost'], params: Bm25Params = DEFAULT_BM25): Map<string, number> {
  const tokens = docs.map((d) => Object.fromEntries(FIELDS.map((f) => [f, tokenize(d[f])])) as Record<(typeof FIELDS)[number], string[]>);
  const scores = new Map<string, number>();
  for (const field of FIELDS) {
    const weightOfField = boost[field] ?? 1;
    if (weightOfField === 0) continue;
    const average = tokens.reduce((sum, t) => sum + t[field].length, 0) / docs.length;
    for (const [term, weight] of terms) {
      const df = tokens.filter((t) => t[field].includes(term)).length;
      if (df === 0) continue;
      const idf = Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
      docs.forEach((d, i) => {
        const tf = tokens[i][field].filter((t) => t === term).length;
        if (tf === 0) return;
        const length = tokens[i][field].length;
        const score = (idf * tf * (params.k1 + 1)) / (tf + params.k1 * (1 - params.b + (params.b * length) / average));
        scores.set(d.path, (scores.get(d.path) ?? 0) + weightOfField * weight * score);
      });
    }
  }
  return scores;
}

function assertScores(ours: Array<{ path: string; score: number }>, expected: Map<string, number>, what: string): void {
  assert.ok(ours.length > 3, `${what} matches several notes`);
  assert.equal(ours.length, expected.size, what);
  for (const hit of ours) assert.ok(Math.abs(hit.score - expected.get(hit.path)!) < 1e-9, `${what} ${hit.path}: ${hit.score} vs ${expected.get(hit.path)}`);
  for (let i = 1; i < ours.length; i++) assert.ok(ours[i - 1].score >= ours[i].score, 'best first');
}

/** One Orama database holding every note (for the saved-size comparison). */
function oneDatabase(docs: KeywordDocument[]): AnyOrama {
  const db = create({
    schema: { title: 'string', headings: 'string', text: 'string', meta: 'string' },
    components: { tokenizer: oramaTokenizer },
  }) as AnyOrama;
  for (const d of docs) void insert(db, { id: d.path, title: d.title, headings: d.headings, text: d.text, meta: d.meta });
  return db;
}

function storeOf(docs: KeywordDocument[]): NoteStore {
  const store = new NoteStore();
  for (const d of docs) store.upsert(d);
  return store;
}

test(`termSearch over ${KEYWORD_BUCKETS} buckets scores exactly like a plain BM25 over every note, term frequencies counted`, () => {
  const docs = corpus();
  assert.ok(new Set(docs.map((d) => bucketOf(d.path))).size > KEYWORD_BUCKETS / 2, 'notes spread over the buckets');
  const store = storeOf(docs);
  for (const terms of [['word3'], ['word3', 'word77', 'word110'], ['word1', 'topic', 'word59', 'word119']]) {
    assertScores(store.termSearch(terms, 100), referenceBm25(docs, new Map(terms.map((t) => [t, 1])), MORE_LIKE_THIS.boost), terms.join(' '));
  }
  const other: Bm25Params = { tf: 'counts', k1: 2, b: 0.3, queryCounts: false };
  assertScores(store.termSearch(['word3', 'word77'], 100, undefined, { ...MORE_LIKE_THIS, bm25: other }), referenceBm25(docs, new Map([['word3', 1], ['word77', 1]]), MORE_LIKE_THIS.boost, other), 'k1 2, b 0.3');
});

/** Two terms whose keys collide in the text field (as in term-counts.test.ts). */
const COLLIDING = ['w35zx', 'wapcd'] as const;

test('terms whose keys collide are each scored with their own counts, in one note and across notes, before and after an edit', () => {
  const [a, b] = COLLIDING;
  const docs: KeywordDocument[] = [
    { path: 'a-repeated.md', title: '', headings: '', text: `${a} ${a} ${a} filler words here`, meta: '' },
    { path: 'b-once.md', title: '', headings: '', text: `${b} filler words`, meta: '' },
    { path: 'both.md', title: '', headings: '', text: `${a} ${b} ${b} ${b} filler`, meta: '' },
    { path: 'b-repeated-6.md', title: '', headings: '', text: `${b} ${b} other filler words again`, meta: '' },
    ...corpus().slice(0, 20),
  ];
  // A note that repeats one term shares its bucket with notes of the other, whose postings must not reach it.
  assert.equal(bucketOf('a-repeated.md'), bucketOf('b-repeated-6.md'));
  const store = storeOf(docs);
  for (const term of COLLIDING) assertScores(store.termSearch([term, 'word3'], 100), referenceBm25(docs, new Map([[term, 1], ['word3', 1]]), MORE_LIKE_THIS.boost), term);
  const edited = docs.map((d) => (d.path === 'b-once.md' ? { ...d, text: `${b} ${b} ${b} ${b} filler` } : d));
  store.upsert(edited[1]);
  for (const term of COLLIDING) assertScores(store.termSearch([term, 'word3'], 100), referenceBm25(edited, new Map([[term, 1], ['word3', 1]]), MORE_LIKE_THIS.boost), `${term} after an edit`);
});

test('a note that repeats a word ranks above one that says it once; counting presence only, they tie', () => {
  const store = new NoteStore();
  store.upsert({ path: 'once.md', title: '', headings: '', text: 'prior evidence belief', meta: '' });
  store.upsert({ path: 'twice.md', title: '', headings: '', text: 'prior evidence prior belief', meta: '' });
  store.upsert({ path: 'none.md', title: '', headings: '', text: 'nothing about it here', meta: '' });
  const counted = store.termSearch(['prior'], 10);
  assert.deepEqual(counted.map((h) => h.path), ['twice.md', 'once.md']);
  assert.ok(counted[0].score > counted[1].score * 1.1, JSON.stringify(counted));
  const presence: KeywordWeights = { ...MORE_LIKE_THIS, bm25: { ...DEFAULT_BM25, tf: 'presence' } };
  const [first, second] = store.termSearch(['prior'], 10, undefined, presence);
  assert.equal(first.score, second.score, 'the same distinct terms');
});

test('termSearch matches whole terms only, where search also takes words they begin', () => {
  const store = new NoteStore();
  store.upsert({ path: 'a.md', title: 'A', headings: '', text: 'bayesian reasoning about evidence', meta: '' });
  store.upsert({ path: 'b.md', title: 'B', headings: '', text: 'bayes wrote about evidence', meta: '' });
  store.upsert({ path: 'c.md', title: 'C', headings: '', text: 'nothing relevant here', meta: '' });
  assert.deepEqual(store.termSearch(['bayes'], 10).map((h) => h.path), ['b.md']);
  assert.deepEqual(store.search('bayes', 10).map((h) => h.path).sort(), ['a.md', 'b.md']);
  assert.deepEqual(store.termSearch(['evidence'], 10).map((h) => h.path).sort(), ['a.md', 'b.md']);
  assert.deepEqual(store.termSearch(['absent'], 10), []);
  assert.deepEqual(store.termSearch([], 10), []);
});

test('termSearch follows edits and removals, and answers the same after a save and load', async () => {
  const docs = corpus();
  const store = storeOf(docs);
  const moved = docs[5];
  store.upsert({ ...moved, title: 'zebra', headings: '', text: 'zebra crossing', meta: '' });
  store.remove(docs[6].path);
  assert.deepEqual(store.termSearch(['zebra'], 10).map((h) => h.path), [moved.path]);
  const before = store.termSearch(['word3', 'word50', 'topic'], 20);
  assert.ok(!before.some((h) => h.path === docs[6].path || h.path === moved.path), 'removed and replaced text no longer matches');

  const reloaded = new NoteStore();
  for (let b = 0; b < KEYWORD_BUCKETS; b++) reloaded.loadBucket(b, await store.saveBucket(b), store.pathsIn(b));
  assert.deepEqual(reloaded.termSearch(['word3', 'word50', 'topic'], 20), before);
  assert.deepEqual(reloaded.termSearch(['zebra'], 10).map((h) => h.path), [moved.path]);
  assert.deepEqual(reloaded.search('word5 zeb', 10), store.search('word5 zeb', 10), 'prefixes walk the loaded tree');

  // The loaded trees take Orama's own inserts and removals: new words split edges, old ones go.
  const df = reloaded.documentFrequency('word3');
  const withWord3 = docs.find((d) => reloaded.has(d.path) && tokenize(d.text).includes('word3'))!.path;
  reloaded.remove(withWord3);
  assert.equal(reloaded.documentFrequency('word3'), df - 1);
  reloaded.upsert({ path: 'new.md', title: 'zebu', headings: '', text: 'word3 zebras zeal', meta: '' });
  assert.equal(reloaded.documentFrequency('word3'), df);
  assert.deepEqual(reloaded.search('zeb', 10).map((h) => h.path).sort(), [moved.path, 'new.md'].sort());
  assert.deepEqual(reloaded.termSearch(['zebras'], 10).map((h) => h.path), ['new.md']);
});

test('a word that names a property of plain objects is counted like any other', () => {
  const store = new NoteStore();
  store.upsert({ path: 'a.md', title: 'A', headings: '', text: 'the constructor of the bridge', meta: '' });
  store.upsert({ path: 'b.md', title: 'B', headings: '', text: 'a bridge', meta: '' });
  assert.equal(store.documentFrequency('constructor'), 1);
  assert.deepEqual(store.termSearch(['constructor'], 10).map((h) => h.path), ['a.md']);
  store.remove('a.md');
  assert.equal(store.documentFrequency('constructor'), 0);
  assert.deepEqual(store.search('constructor', 10), []);
});

test('termSearch keeps the best `limit` hits, ties by path', () => {
  const store = new NoteStore();
  for (const name of ['c', 'a', 'b']) store.upsert({ path: `${name}.md`, title: name, headings: '', text: 'same words here', meta: '' });
  assert.deepEqual(store.termSearch(['same', 'words'], 2).map((h) => h.path), ['a.md', 'b.md']);
});

test('search scores typed queries like a plain BM25 with the typed-query weights: whole words, the last one also as a prefix', () => {
  const docs = corpus();
  const store = storeOf(docs);
  const words = [...new Set(docs.flatMap((d) => FIELDS.flatMap((f) => tokenize(d[f]))))];
  for (const query of ['word3', 'word1 topic', 'word11 word7', 'the word9', 'word1 word2']) {
    const terms = tokenize(query);
    const weights = new Map(terms.map((t) => [t, 1]));
    // The last term also finds the words it begins, each at the prefix weight.
    const last = terms[terms.length - 1];
    for (const w of words) if (w !== last && w.startsWith(last) && !weights.has(w)) weights.set(w, TYPED_QUERY.prefixWeight);
    assertScores(store.search(query, 100), referenceBm25(docs, weights, TYPED_QUERY.boost), query);
  }
  const onlyLonger = docs.find((d) => /\bword1\d/.test(d.text) && !/\bword1\b/.test(`${d.title} ${d.headings} ${d.text}`))!;
  assert.ok(store.search('topic word1', 100).some((h) => h.path === onlyLonger.path), 'the last term finds word10..word19');
  assert.ok(!store.search('word1 topic', 100).some((h) => h.path === onlyLonger.path && !/\btopic\b/.test(onlyLonger.meta)), 'an earlier term is a whole word');
  // A note with the whole word ranks above one holding only a longer word, all else equal.
  const whole = new NoteStore();
  whole.upsert({ path: 'whole.md', title: '', headings: '', text: 'bayes theorem', meta: '' });
  whole.upsert({ path: 'longer.md', title: '', headings: '', text: 'bayesian theorem', meta: '' });
  assert.deepEqual(whole.search('theorem bayes', 10).map((h) => h.path), ['whole.md', 'longer.md']);
});

test('with queryCounts, a word repeated in the query counts once per occurrence', () => {
  const docs = corpus();
  const store = storeOf(docs);
  const weights: KeywordWeights = { ...TYPED_QUERY, prefixWeight: 1, bm25: { ...DEFAULT_BM25, queryCounts: true } };
  const expected = referenceBm25(docs, new Map([['word3', 3], ['word50', 1]]), TYPED_QUERY.boost);
  // "word50" last: as a prefix it also finds word50x words; there are none in this vocabulary.
  assertScores(store.search('word3 word3 word3 word50', 100, undefined, weights), expected, 'repeated word3');
  const once = { ...weights, bm25: { ...DEFAULT_BM25, queryCounts: false } };
  assert.notDeepEqual(store.search('word3 word3 word3 word50', 100, undefined, once), store.search('word3 word3 word3 word50', 100, undefined, weights));
});

test('a note stored as its distinct terms leaves no trace once removed, whatever its text', () => {
  const word = fc.stringMatching(/^[a-zA-Z0-9éü’' ,.-]{1,12}$/);
  fc.assert(
    fc.property(fc.array(fc.array(word, { minLength: 1, maxLength: 30 }), { minLength: 1, maxLength: 6 }), (texts) => {
      const store = new NoteStore();
      texts.forEach((words, i) => store.upsert({ path: `n${i}.md`, title: words[0], headings: '', text: words.join(' '), meta: '' }));
      const terms = [...new Set(texts.flatMap((words) => tokenize(words.join(' '))))];
      for (const term of terms) assert.ok(store.termSearch([term], 10).length > 0, `${term} indexed`);
      texts.forEach((_, i) => store.remove(`n${i}.md`));
      for (const term of terms) {
        assert.equal(store.documentFrequency(term), 0, term);
        assert.deepEqual(store.termSearch([term], 10), [], term);
      }
    }),
    { numRuns: 60 },
  );
});

test('a bucket saves in about half the bytes of Orama\'s own JSON, counts included; one saved without counts is refused, to be rebuilt', async () => {
  const docs = corpus();
  const store = storeOf(docs);
  const b = bucketOf(docs[0].path);
  const inBucket = docs.filter((d) => bucketOf(d.path) === b);
  const orama = new TextEncoder().encode(JSON.stringify(save(oneDatabase(inBucket))));
  const compact = await store.saveBucket(b);
  assert.ok(compact.length < 0.7 * orama.length, `${compact.length} vs ${orama.length} bytes`);

  // A bucket written by an earlier version has no term counts: the index rebuilds it from the notes.
  assert.throws(() => new NoteStore().loadBucket(b, orama, inBucket.map((d) => d.path)), /no term counts/);
  const fresh = new NoteStore();
  fresh.loadBucket(b, compact, store.pathsIn(b));
  const terms = ['word3', 'word40', 'word77'];
  assert.deepEqual(fresh.termSearch(terms, 100), storeOf(inBucket).termSearch(terms, 100), 'the loaded bucket scores as one built from its notes');
});

/** A compact tree from Orama's own JSON of a tree: the form the saved bucket must hold. */
type OramaNode = { s: string; e: boolean; d: number[]; c: Array<[string, OramaNode]> };
type Compact = [string, 0 | 1, number[], Compact[]];
const compactOf = (node: OramaNode): Compact => [node.s, node.e ? 1 : 0, node.d, node.c.map(([, child]) => compactOf(child))];

test('a bucket snapshot made in slices holds Orama\'s own save, trees compacted, and leaves the bucket whole', async () => {
  const docs = corpus();
  const store = storeOf(docs);
  const b = bucketOf(docs[0].path);
  const inBucket = docs.filter((d) => bucketOf(d.path) === b);
  const orama = save(oneDatabase(inBucket)) as unknown as { index: { indexes: Record<string, { node: OramaNode }> } };

  let breaths = 0;
  const sliced = (await store.bucketSnapshot(b, async () => void breaths++)) as unknown as typeof orama;
  for (const [prop, saved] of Object.entries(orama.index.indexes)) {
    assert.deepEqual(sliced.index.indexes[prop].node, compactOf(saved.node), `the ${prop} tree`);
  }
  assert.deepEqual(JSON.stringify(await store.bucketSnapshot(b)), JSON.stringify(sliced), 'the same bytes with or without slices');
  // The trees went back after the save: search and Orama's own save still see them.
  const term = tokenize(inBucket[0].text)[0];
  assert.ok(store.termSearch([term], 100).some((h) => h.path === inBucket[0].path));
  const reloaded = new NoteStore();
  reloaded.loadBucket(b, await store.saveBucket(b), store.pathsIn(b));
  assert.deepEqual(
    reloaded.termSearch([term], 100).map((h) => h.path).sort(),
    store.termSearch([term], 100).map((h) => h.path).filter((p) => bucketOf(p) === b).sort(),
  );
  assert.equal(breaths, 0, 'these trees are small');

  // A tree of thousands of words hands the thread back as it goes, and saves the same bytes.
  const big = new NoteStore();
  const words = Array.from({ length: 5000 }, (_, i) => `term${i.toString(36)}`).join(' ');
  const bigBucket = big.upsert({ path: 'big.md', title: 'big', headings: '', text: words, meta: '' });
  const plain = JSON.stringify(await big.bucketSnapshot(bigBucket));
  assert.equal(JSON.stringify(await big.bucketSnapshot(bigBucket, async () => void breaths++)), plain);
  assert.ok(breaths >= 5, `${breaths} breaths for over 5,000 nodes`);
});

test('a word whose last note went and came back is found again (the word lookup follows every change)', () => {
  const store = new NoteStore();
  const doc = (path: string, text: string): KeywordDocument => ({ path, title: '', headings: '', text, meta: '' });
  store.upsert(doc('a.md', 'quokka marmot'));
  store.upsert(doc('b.md', 'marmot'));
  assert.deepEqual(store.termSearch(['quokka'], 5).map((h) => h.path), ['a.md']);
  store.remove('a.md');
  assert.deepEqual(store.termSearch(['quokka'], 5), []);
  store.upsert(doc('c.md', 'quokkas quokka'));
  assert.deepEqual(store.termSearch(['quokka'], 5).map((h) => h.path), ['c.md']);
  store.upsert(doc('c.md', 'marmot only'));
  assert.deepEqual(store.termSearch(['quokka'], 5), []);
  assert.deepEqual(store.termSearch(['marmot'], 5).map((h) => h.path).sort(), ['b.md', 'c.md']);
});
