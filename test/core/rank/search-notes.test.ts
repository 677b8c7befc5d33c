import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelUnavailableError, searchNotes, type SearchContext } from '../../../src/core/rank/search-notes';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { simpleTokenize } from '../../helpers/memory-index-reader';
import { topicReader } from './fixtures';

const embedder = new FakeEmbedder(256);
const context: SearchContext = {
  tokenize: simpleTokenize,
  embedQuery: (text) => Promise.resolve(embedder.vectorOf(text)),
};

test('keyword search returns notes with the best passage and the query words marked', async () => {
  const reader = await topicReader();
  const results = await searchNotes(reader, { text: 'yeast dough', mode: 'keyword' }, { tokenize: simpleTokenize });
  assert.equal(results[0].path, 'kitchen/bread.md');
  assert.equal(results[0].title, 'bread');
  assert.match(results[0].passage.text, /==yeast==/);
  assert.match(results[0].passage.heading, /^Bread/);
  assert.ok(results[0].score > 0);
});

test('semantic search ranks by meaning vectors and does not mark words', async () => {
  const reader = await topicReader();
  const results = await searchNotes(reader, { text: 'reflecting mirrors coated with aluminium', mode: 'semantic', k: 2 }, context);
  assert.equal(results.length, 2);
  assert.equal(results[0].path, 'space/telescopes.md');
  assert.doesNotMatch(results[0].passage.text, /==/);
  assert.match(results[0].passage.heading, /Mirrors/, 'the passage is the closest chunk');
});

test('hybrid is the default mode and marks words', async () => {
  const reader = await topicReader();
  const results = await searchNotes(reader, { text: 'galaxy redshift' }, context);
  assert.equal(results[0].path, 'space/galaxies.md');
  assert.match(results[0].passage.text, /==[Rr]edshift==/);
});

test('filters narrow every mode: folder, tag, site, author', async () => {
  const reader = await topicReader();
  for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
    const inKitchen = await searchNotes(reader, { text: 'hot oven bread', mode, folder: 'kitchen' }, context);
    assert.ok(inKitchen.length > 0 && inKitchen.every((r) => r.path.startsWith('kitchen/')), mode);
    const tagged = await searchNotes(reader, { text: 'telescope', mode, tag: 'astronomy/deep-sky' }, context);
    assert.deepEqual(tagged.map((r) => r.path), ['space/galaxies.md'], mode);
    const bySite = await searchNotes(reader, { text: 'bread telescope', mode, site: 'food.example' }, context);
    assert.deepEqual(bySite.map((r) => r.path), ['kitchen/bread.md'], mode);
    const byAuthor = await searchNotes(reader, { text: 'telescope bread', mode, author: 'Grace' }, context);
    assert.deepEqual(byAuthor.map((r) => r.path).sort(), ['kitchen/bread.md', 'space/galaxies.md'], mode);
  }
});

test('without the model, semantic and hybrid say so; keyword still works', async () => {
  const reader = await topicReader();
  const noModel: SearchContext = { tokenize: simpleTokenize };
  await assert.rejects(searchNotes(reader, { text: 'bread', mode: 'semantic' }, noModel), ModelUnavailableError);
  await assert.rejects(searchNotes(reader, { text: 'bread' }, noModel), /keyword search still works/);
  assert.ok((await searchNotes(reader, { text: 'bread', mode: 'keyword' }, noModel)).length > 0);
});

test('an empty query or k of 0 returns nothing rather than everything', async () => {
  const reader = await topicReader();
  assert.deepEqual(await searchNotes(reader, { text: '   ' }, context), []);
  assert.deepEqual(await searchNotes(reader, { text: 'bread', k: 0 }, context), []);
});

test('semantic minimum similarity drops weak matches; best-chunk scoring is available', async () => {
  const reader = await topicReader();
  const strict = await searchNotes(reader, { text: 'telescope mirror', mode: 'semantic' }, { ...context, minSimilarity: 0.99 });
  assert.equal(strict.length, 0);
  const byChunk = await searchNotes(reader, { text: 'telescope mirror', mode: 'semantic' }, { ...context, semanticScore: 'chunk' });
  assert.equal(byChunk[0].path, 'space/telescopes.md');
});

test('a note indexed by keyword only (no chunks) still gets the paragraph with the words, marked', async () => {
  const reader = await topicReader([
    { path: 'a.md', text: '# A\n\nNothing here.\n\nThe cat purrs loudly.\n\nMore text.', unembedded: true },
  ]);
  const [result] = await searchNotes(reader, { text: 'purrs', mode: 'keyword' }, { tokenize: simpleTokenize });
  assert.equal(result.passage.text, 'The cat ==purrs== loudly.');
});
