import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distinctiveTerms } from '../../../src/core/rank/distinctive-terms';
import { moreLikeThis } from '../../../src/core/rank/more-like-this';
import { simpleTokenize } from '../../helpers/memory-index-reader';
import { topicReader } from './fixtures';

test('distinctive terms favour words rare in the vault over words every note has', async () => {
  const reader = await topicReader();
  const text = await reader.text('kitchen/bread.md');
  const all = distinctiveTerms(text, reader, simpleTokenize, 100);
  const weight = (t: string) => all.find((x) => x.term === t)!.weight;
  // Both occur once in this note: "yeast" in no other note, "salt" also in the soup note.
  assert.ok(weight('yeast') > weight('salt'));
  assert.ok(weight('salt') > 0 && all.length > 5);
  const top = distinctiveTerms(text, reader, simpleTokenize, 8).map((t) => t.term);
  // Words said twice come first, then words no other note uses.
  assert.deepEqual(top.slice(0, 2), ['dough', 'bread']);
  for (const term of top.slice(2)) assert.equal(reader.documentFrequency(term), 1, term);
});

test('repeating a word raises its weight, but only logarithmically', async () => {
  const reader = await topicReader();
  const once = distinctiveTerms('yeast', reader, simpleTokenize)[0].weight;
  const many = distinctiveTerms('yeast '.repeat(100), reader, simpleTokenize)[0].weight;
  assert.ok(many > once && many < 10 * once);
});

test('numbers, short tokens and stop words are not topics', async () => {
  const reader = await topicReader();
  const terms = distinctiveTerms('the 1997 of x yeast', reader, simpleTokenize).map((t) => t.term);
  assert.deepEqual(terms, ['yeast']);
  assert.deepEqual(distinctiveTerms('', reader, simpleTokenize), []);
});

test('more like this finds notes sharing distinctive words, never the note itself', async () => {
  const reader = await topicReader();
  const hits = await moreLikeThis(reader, await reader.text('kitchen/bread.md'), {
    tokenize: simpleTokenize,
    limit: 3,
    exclude: 'kitchen/bread.md',
  });
  assert.ok(!hits.some((h) => h.path === 'kitchen/bread.md'));
  assert.equal(hits[0].path, 'kitchen/pizza.md');
  assert.ok(hits.length <= 3);
});

test('maxDocShare leaves out terms found in more than that share of the notes, and only those', async () => {
  const reader = await topicReader();
  const text = await reader.text('kitchen/bread.md');
  const all = distinctiveTerms(text, reader, simpleTokenize, 100);
  const rare = distinctiveTerms(text, reader, simpleTokenize, 100, 2 / reader.noteCount());
  assert.ok(rare.length > 0 && rare.length < all.length, `${rare.length} of ${all.length}`);
  assert.deepEqual(rare.map((t) => t.term), all.filter((t) => reader.documentFrequency(t.term) <= 2).map((t) => t.term));
  // Never fewer than two notes: a term in one note only could match nothing but the note itself.
  assert.deepEqual(distinctiveTerms(text, reader, simpleTokenize, 100, 0.0001), rare);
  assert.deepEqual(distinctiveTerms(text, reader, simpleTokenize, 100, 1), all);
});
