import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { create, insert, save, search, type AnyOrama } from '@orama/orama';
import { KEYWORD_BUCKETS, NoteStore, TYPED_QUERY, bucketOf, type KeywordDocument } from '../../../src/core/index/note-store';
import { oramaTokenizer, tokenize } from '../../../src/core/index/tokenize';

/** A seeded vocabulary soup: 60 notes whose words overlap, so terms have varied document frequencies. */
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

/** One Orama database holding every note: what bucket-independent BM25 should match. */
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

test(`termSearch over ${KEYWORD_BUCKETS} buckets scores exactly like one Orama database holding every note`, () => {
  const docs = corpus();
  assert.ok(new Set(docs.map((d) => bucketOf(d.path))).size > KEYWORD_BUCKETS / 2, 'notes spread over the buckets');
  const store = storeOf(docs);
  const db = oneDatabase(docs);
  for (const terms of [['word3'], ['word3', 'word77', 'word110'], ['word1', 'topic', 'word59', 'word119']]) {
    const ours = store.termSearch(terms, 100);
    // Orama's `exact` search wants every term in one property, so the reference is the sum of
    // one-term searches: BM25 is a sum over terms.
    const expected = new Map<string, number>();
    for (const term of terms) {
      const result = search(db, {
        term,
        exact: true,
        threshold: 1,
        limit: 100,
        properties: ['title', 'headings', 'text', 'meta'],
        boost: { title: 2, headings: 1.5 },
      }) as { hits: Array<{ id: string; score: number }> };
      for (const h of result.hits) expected.set(h.id, (expected.get(h.id) ?? 0) + h.score);
    }
    assert.ok(ours.length > 3, `${terms.join(' ')} matches several notes`);
    assert.equal(ours.length, expected.size, terms.join(' '));
    for (const hit of ours) assert.ok(Math.abs(hit.score - expected.get(hit.path)!) < 1e-9, `${hit.path}: ${hit.score} vs ${expected.get(hit.path)}`);
  }
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

test('search scores typed queries like one Orama database, with the typed-query weights: whole words, the last one also as a prefix', () => {
  const docs = corpus();
  const store = storeOf(docs);
  const db = oneDatabase(docs);
  const { boost, prefixWeight } = TYPED_QUERY;
  // Orama's own search over the fields our typed queries weigh (a weight of 0 leaves a field out).
  const fields = (['title', 'headings', 'text', 'meta'] as const).filter((f) => (boost[f] ?? 1) !== 0);
  const oramaScores = (term: string, exact: boolean): Map<string, number> => {
    const result = search(db, { term, exact, threshold: 1, limit: 100, properties: [...fields], boost }) as {
      hits: Array<{ id: string; score: number }>;
    };
    return new Map(result.hits.map((h) => [h.id, h.score]));
  };
  for (const query of ['word3', 'word1 topic', 'word11 word7', 'the word9', 'word1 word2']) {
    const terms = tokenize(query);
    const expected = new Map<string, number>();
    const add = (scores: Map<string, number>, weight: number): void => {
      for (const [id, score] of scores) expected.set(id, (expected.get(id) ?? 0) + weight * score);
    };
    terms.forEach((term, i) => {
      const whole = oramaScores(term, true);
      add(whole, 1);
      if (i < terms.length - 1) return;
      // The last term also finds the words it begins, each at the prefix weight.
      add(oramaScores(term, false), prefixWeight);
      add(whole, -prefixWeight);
    });
    for (const [id, score] of expected) if (Math.abs(score) < 1e-12) expected.delete(id);
    const ours = store.search(query, 100);
    assert.ok(ours.length > 3, `${query} matches several notes`);
    assert.equal(ours.length, expected.size, query);
    for (const hit of ours) assert.ok(Math.abs(hit.score - expected.get(hit.path)!) < 1e-9, `${query} ${hit.path}: ${hit.score} vs ${expected.get(hit.path)}`);
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

test('a bucket saves in about half the bytes of Orama\'s own JSON, and Orama\'s own JSON still loads', async () => {
  const docs = corpus();
  const store = storeOf(docs);
  const b = bucketOf(docs[0].path);
  const inBucket = docs.filter((d) => bucketOf(d.path) === b);
  const orama = new TextEncoder().encode(JSON.stringify(save(oneDatabase(inBucket))));
  const compact = await store.saveBucket(b);
  assert.ok(compact.length < 0.7 * orama.length, `${compact.length} vs ${orama.length} bytes`);

  // A bucket written by an earlier version (Orama's plain save of the full text) loads as it is.
  const reloaded = new NoteStore();
  reloaded.loadBucket(b, orama, inBucket.map((d) => d.path));
  const term = tokenize(inBucket[0].text)[0];
  const fromOld = reloaded.termSearch([term], 100);
  assert.ok(fromOld.length > 0);
  const fresh = new NoteStore();
  fresh.loadBucket(b, compact, store.pathsIn(b));
  assert.deepEqual(fresh.termSearch([term], 100), fromOld);
  reloaded.remove(inBucket[0].path);
  assert.ok(!reloaded.termSearch([term], 100).some((h) => h.path === inBucket[0].path));
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
