import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { search as oramaSearch } from '@orama/orama';
import type { Bm25Params, KeywordWeights } from '../../../src/core/index/index-reader';
import { DEFAULT_BM25, MORE_LIKE_THIS, TYPED_QUERY } from '../../../src/core/index/keyword-weights';
import { bucketOf as bucketIn } from '../../../src/core/index/keyword-layout';
import { NoteStore, type KeywordDocument } from '../../../src/core/index/note-store';

/** Buckets of the stores here: enough that notes spread over several. */
const KEYWORD_BUCKETS = 8;
const bucketOf = (path: string): number => bucketIn(path, KEYWORD_BUCKETS);
import { tokenize } from '../../../src/core/index/tokenize';
import { EarlierKeywordFormat, decodeKeywordBucket, encodeKeywordBucket } from '../../../src/core/index/keyword-bucket-codec';
import { newKeywordBucket } from '../../../src/core/index/packed-orama-index';
import { Vocabulary } from '../../../src/core/index/vocabulary';

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

function storeOf(docs: KeywordDocument[]): NoteStore {
  const store = new NoteStore(KEYWORD_BUCKETS);
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

/** Two terms whose 32-bit hash keys collided in the term counts of an earlier Kindred: kept as a regression case. */
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
  const store = new NoteStore(KEYWORD_BUCKETS);
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
  const store = new NoteStore(KEYWORD_BUCKETS);
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

  const reloaded = new NoteStore(KEYWORD_BUCKETS);
  for (let b = 0; b < KEYWORD_BUCKETS; b++) reloaded.loadBucket(b, store.saveBucket(b), store.pathsIn(b));
  assert.deepEqual(reloaded.termSearch(['word3', 'word50', 'topic'], 20), before);
  assert.deepEqual(reloaded.termSearch(['zebra'], 10).map((h) => h.path), [moved.path]);
  assert.deepEqual(reloaded.search('word5 zeb', 10), store.search('word5 zeb', 10), 'prefixes find the loaded words');

  // The loaded postings take inserts and removals like any others.
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
  const store = new NoteStore(KEYWORD_BUCKETS);
  store.upsert({ path: 'a.md', title: 'A', headings: '', text: 'the constructor of the bridge', meta: '' });
  store.upsert({ path: 'b.md', title: 'B', headings: '', text: 'a bridge', meta: '' });
  assert.equal(store.documentFrequency('constructor'), 1);
  assert.deepEqual(store.termSearch(['constructor'], 10).map((h) => h.path), ['a.md']);
  store.remove('a.md');
  assert.equal(store.documentFrequency('constructor'), 0);
  assert.deepEqual(store.search('constructor', 10), []);
});

test('termSearch keeps the best `limit` hits, ties by path', () => {
  const store = new NoteStore(KEYWORD_BUCKETS);
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
  const whole = new NoteStore(KEYWORD_BUCKETS);
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
      const store = new NoteStore(KEYWORD_BUCKETS);
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

test('a bucket decoded in slices (as on the UI thread) is the same bucket, with a turn between its pieces', async () => {
  const docs = corpus();
  const store = storeOf(docs);
  const b = bucketOf(docs[0].path);
  const bytes = store.saveBucket(b);
  const whole = new NoteStore(KEYWORD_BUCKETS);
  whole.loadBucket(b, bytes, store.pathsIn(b));
  const sliced = new NoteStore(KEYWORD_BUCKETS);
  let turns = 0;
  await sliced.loadBucketInSlices(b, bytes, store.pathsIn(b), () => {
    turns++;
    return Promise.resolve();
  });
  // The header, then each of the four fields: before it, after its postings are read and checked, after their sort, before they are laid out.
  assert.equal(turns, 1 + 4 * 5, 'a turn between every two pieces');
  for (const terms of [['word3', 'word40', 'word77'], ['word1'], ['word12', 'word13']]) {
    assert.deepEqual(sliced.termSearch(terms, 100), whole.termSearch(terms, 100), terms.join(' '));
  }
  await assert.rejects(() => sliced.loadBucketInSlices(b, bytes.slice(0, bytes.length - 9), undefined, () => Promise.resolve()), /keyword/);
});

test('a bucket file loads back to the same scores; a file of an earlier Kindred is refused as such, to be rebuilt', () => {
  const docs = corpus();
  const store = storeOf(docs);
  const b = bucketOf(docs[0].path);
  const inBucket = docs.filter((d) => bucketOf(d.path) === b);
  const bytes = store.saveBucket(b);
  const fresh = new NoteStore(KEYWORD_BUCKETS);
  fresh.loadBucket(b, bytes, store.pathsIn(b));
  const terms = ['word3', 'word40', 'word77'];
  assert.deepEqual(fresh.termSearch(terms, 100), storeOf(inBucket).termSearch(terms, 100), 'the loaded bucket scores as one built from its notes');
  // Orama's own JSON, as Kindred wrote buckets before packed postings.
  const earlier = new TextEncoder().encode(JSON.stringify({ internalDocumentIDStore: { internalIdToId: [] }, index: {}, docs: {} }));
  assert.throws(() => fresh.loadBucket(b, earlier), EarlierKeywordFormat);
  assert.throws(() => fresh.loadBucket(b, bytes, ['some/other.md']), /does not hold the notes of its bucket/);
  assert.throws(() => fresh.loadBucket((b + 1) % KEYWORD_BUCKETS, bytes), /notes of another bucket/);
  assert.deepEqual(fresh.termSearch(terms, 100), storeOf(inBucket).termSearch(terms, 100), 'a refused file leaves the bucket as it was');
});

test('a damaged bucket file, cut short or with any byte changed, is refused with a reason or loads whole; never half', () => {
  const docs = corpus().slice(0, 24);
  const store = storeOf(docs);
  const b = bucketOf(docs[0].path);
  const bytes = store.saveBucket(b);
  for (const cut of [0, 3, 4, 8, 20, Math.floor(bytes.length / 2), bytes.length - 1]) {
    assert.throws(() => decodeKeywordBucket(bytes.slice(0, cut), new Vocabulary()), /keyword/, `cut at ${cut}`);
  }
  assert.throws(() => decodeKeywordBucket(new Uint8Array([...bytes, 0, 0, 0, 0]), new Vocabulary()), /bytes after its end/);
  // Flipping one byte either fails with a keyword error or gives a bucket whose postings all hold together.
  fc.assert(
    fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const damaged = bytes.slice();
      damaged[at] ^= xor;
      let loaded: NoteStore | undefined = new NoteStore(KEYWORD_BUCKETS);
      try {
        loaded.loadBucket(b, damaged);
      } catch (error) {
        assert.match(String(error), /keyword/, `byte ${at}: ${String(error)}`);
        loaded = undefined;
      }
      // What loads answers without fault (a changed count or length is the checksum's to catch).
      if (loaded) {
        loaded.termSearch(['word3', 'word7'], 10);
        assert.ok(loaded.search('word', 10).length > 0);
      }
    }),
    { numRuns: 300 },
  );
});

test('a bucket is an Orama database: its own search finds the notes holding a word, and its save copies the packed postings', () => {
  const vocabulary = new Vocabulary();
  const db = newKeywordBucket(vocabulary);
  const store = new NoteStore(1);
  const docs: KeywordDocument[] = [
    { path: 'a.md', title: 'Priors', headings: '', text: 'bayesian priors and evidence, evidence again', meta: '' },
    { path: 'b.md', title: 'Maps', headings: '', text: 'the map is not the territory', meta: '' },
    { path: 'c.md', title: 'Evidence', headings: '', text: 'what counts as evidence', meta: '' },
  ];
  for (const d of docs) store.upsert(d);
  const { db: loaded } = decodeKeywordBucket(store.saveBucket(0), vocabulary);
  for (const bucket of [loaded]) {
    const result = oramaSearch(bucket, { term: 'evidence', properties: ['text'] }) as { hits: Array<{ id: string; score: number }> };
    assert.deepEqual(result.hits.map((h) => h.id), ['a.md', 'c.md'], 'the note saying it twice first');
    const prefix = oramaSearch(bucket, { term: 'bayes' }) as { hits: Array<{ id: string }> };
    assert.deepEqual(prefix.hits.map((h) => h.id), ['a.md'], "Orama's search takes a word as a prefix");
  }
  assert.deepEqual(encodeKeywordBucket(loaded), store.saveBucket(0), 'saved again, the same bytes');
  assert.equal((oramaSearch(db, { term: 'evidence' }) as { hits: unknown[] }).hits.length, 0, 'a new bucket holds nothing');
});

test('laying the notes out again from the postings keeps every term and count', () => {
  const docs = corpus();
  const store = storeOf(docs);
  const relaid = new NoteStore(3);
  for (let b = 0; b < KEYWORD_BUCKETS; b++) for (const [path, terms] of store.termsByNote(b)) relaid.upsertTerms(path, terms);
  assert.equal(relaid.count, docs.length);
  for (const terms of [['word3'], ['word3', 'word77', 'topic'], ['word1', 'word59']]) assert.deepEqual(relaid.termSearch(terms, 100), store.termSearch(terms, 100), terms.join(' '));
  assert.deepEqual(relaid.search('word5 wor', 30), store.search('word5 wor', 30));
});

test('a word whose last note went and came back is found again (the word lookup follows every change)', () => {
  const store = new NoteStore(KEYWORD_BUCKETS);
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

test('a bucket file read as a Node Buffer at any offset inside a larger one loads the same', () => {
  const store = storeOf(corpus());
  const b = bucketOf(corpus()[0].path);
  const bytes = store.saveBucket(b);
  // As `readFileSync` gives it, then cut out of its seal: a view on a bigger buffer, at an odd offset.
  const inFile = Buffer.concat([Buffer.from([1, 2, 3]), Buffer.from(bytes), Buffer.from([4])]).subarray(3, 3 + bytes.length);
  const loaded = new NoteStore(KEYWORD_BUCKETS);
  loaded.loadBucket(b, inFile, store.pathsIn(b));
  assert.deepEqual(loaded.termSearch(['word3'], 50), storeOf(corpus().filter((d) => bucketOf(d.path) === b)).termSearch(['word3'], 50));
});
