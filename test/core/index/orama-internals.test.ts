import { test } from 'node:test';
import assert from 'node:assert/strict';
import { create, insert, remove, save, search, type AnyOrama } from '@orama/orama';
import { version } from '@orama/orama/package.json';
import { MORE_LIKE_THIS, ORAMA_BM25, TYPED_QUERY } from '../../../src/core/index/keyword-weights';
import { NoteStore, type KeywordDocument } from '../../../src/core/index/note-store';
import {
  ORAMA_VERSION,
  checkOramaShape,
  compactTree,
  exactPostings,
  fillTree,
  internalIdOf,
  occurrencesOf,
  treeOf,
  withTreesHeldBack,
  wordsStartingWith,
} from '../../../src/core/index/orama-internals';
import { oramaTokenizer, tokenize } from '../../../src/core/index/tokenize';

/**
 * What `orama-internals.ts` assumes of Orama, pinned: an Orama upgrade fails here first. The
 * "presence" scoring is Orama's own BM25 formula read from its own index, so it must give Orama's
 * own search scores to the last bit.
 */

function corpus(): KeywordDocument[] {
  let seed = 3;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const words = (count: number): string => Array.from({ length: count }, () => `word${next(90)}`).join(' ');
  return Array.from({ length: 40 }, (_, n) => ({ path: `n${n}.md`, title: words(2), headings: words(3), text: words(20 + next(80)), meta: n % 4 === 0 ? 'topic' : '' }));
}

function oramaOf(docs: KeywordDocument[], distinct = false): AnyOrama {
  const db = create({ schema: { title: 'string', headings: 'string', text: 'string', meta: 'string' }, components: { tokenizer: oramaTokenizer } }) as AnyOrama;
  const field = (text: string) => (distinct ? [...new Set(tokenize(text))].join(' ') : text);
  for (const d of docs) void insert(db, { id: d.path, title: field(d.title), headings: field(d.headings), text: field(d.text), meta: field(d.meta) });
  return db;
}

test(`the installed Orama is ${ORAMA_VERSION}, the release these reads were written for`, () => {
  assert.equal(version, ORAMA_VERSION);
  const db = oramaOf(corpus());
  checkOramaShape(db);
  assert.throws(() => checkOramaShape({ ...db, data: { ...db.data, index: { ...db.data.index, fieldLengths: undefined } } } as AnyOrama), /no "fieldLengths"/);
});

test('presence-only BM25 read from the postings gives Orama\'s own search scores, over 8 buckets as over one database', () => {
  const docs = corpus();
  const store = new NoteStore();
  for (const d of docs) store.upsert(d);
  const db = oramaOf(docs);
  const presence = { ...MORE_LIKE_THIS, bm25: ORAMA_BM25 };
  for (const terms of [['word3'], ['word3', 'word77', 'topic']]) {
    const expected = new Map<string, number>();
    for (const term of terms) {
      const result = search(db, { term, exact: true, threshold: 1, limit: 100, properties: ['title', 'headings', 'text', 'meta'], boost: MORE_LIKE_THIS.boost }) as {
        hits: Array<{ id: string; score: number }>;
      };
      for (const h of result.hits) expected.set(h.id, (expected.get(h.id) ?? 0) + h.score);
    }
    const ours = store.termSearch(terms, 100, undefined, presence);
    assert.equal(ours.length, expected.size);
    for (const hit of ours) assert.ok(Math.abs(hit.score - expected.get(hit.path)!) < 1e-9, `${hit.path}: ${hit.score} vs ${expected.get(hit.path)}`);
  }
  // Typed-query weights leave headings out and weigh the title down, as Orama's boosts do.
  const typed = store.search('word5 word12', 100, undefined, { ...TYPED_QUERY, prefixWeight: 1, bm25: presence.bm25 });
  assert.ok(typed.length > 0);
});

test('postings, prefixes and counts are where these reads look for them', () => {
  const db = oramaOf([
    { path: 'a.md', title: '', headings: '', text: 'bayes bayesian constructor', meta: '' },
    { path: 'b.md', title: '', headings: '', text: 'bayes', meta: '' },
  ]);
  const tree = treeOf(db, 'text');
  const a = internalIdOf(db, 'a.md')!;
  const b = internalIdOf(db, 'b.md')!;
  assert.deepEqual([...exactPostings(tree, 'bayes')!].sort(), [a, b].sort());
  assert.equal(exactPostings(tree, 'baye'), undefined);
  assert.deepEqual(wordsStartingWith(tree, 'bay').map(([w]) => w).sort(), ['bayes', 'bayesian']);
  assert.equal(occurrencesOf(db, 'text', 'bayes'), 2);
  assert.equal(occurrencesOf(db, 'text', 'absent'), 0);
  // "constructor" is a key of every plain object: Orama's count cannot be trusted for it.
  assert.equal(occurrencesOf(db, 'text', 'constructor'), undefined);
  // A removed document keeps its internal id, so counts kept by internal id stay its own.
  void remove(db, 'a.md');
  void insert(db, { id: 'a.md', title: '', headings: '', text: 'again', meta: '' });
  assert.equal(internalIdOf(db, 'a.md'), a);
});

test('a compact tree filled back into an empty one gives Orama the same tree, and its save holds the trees back', async () => {
  const db = oramaOf(corpus(), true);
  const tree = treeOf(db, 'text')!;
  const compact = await compactTree(tree);
  const empty = oramaOf([]);
  fillTree(treeOf(empty, 'text')!, compact);
  assert.deepEqual(JSON.parse(JSON.stringify(treeOf(empty, 'text'))), JSON.parse(JSON.stringify(tree)));
  const { saved, trees } = withTreesHeldBack(db, () => save(db) as unknown as { index: { indexes: Record<string, { node: unknown }> } });
  assert.equal(saved.index.indexes.text.node, null, 'held back from the save');
  assert.equal(trees.get('text'), tree);
  assert.equal(treeOf(db, 'text'), tree, 'and put back');
});
