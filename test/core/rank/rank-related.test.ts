import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rankRelated, type RelatedSource, sourceFromEmbeddedText, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { noteVector } from '../../../src/core/index/note-matrix';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { simpleTokenize } from '../../helpers/memory-index-reader';
import { topicReader } from './fixtures';

async function sourceOf(path: string) {
  const reader = await topicReader();
  const source = await sourceFromIndexedNote(reader, path, (p) => reader.text(p));
  assert.ok(source);
  return { reader, source };
}

test('related notes of a note: same topic first, never the note itself', async () => {
  const { reader, source } = await sourceOf('kitchen/bread.md');
  const answer = await rankRelated(reader, source, { minScore: -1, tokenize: simpleTokenize });
  const paths = answer.results.map((r) => r.path);
  assert.ok(!paths.includes('kitchen/bread.md'));
  assert.equal(paths[0], 'kitchen/pizza.md');
  assert.ok(paths.indexOf('kitchen/soup.md') < paths.indexOf('space/galaxies.md'));
  assert.equal(answer.results.length, 6, 'every other note, when k is larger than the vault');
});

test('each result carries the passage pair that relates the two notes, with headings', async () => {
  const { reader, source } = await sourceOf('space/telescopes.md');
  const { results } = await rankRelated(reader, source, { minScore: 0, k: 3, tokenize: simpleTokenize });
  const galaxies = results.find((r) => r.path === 'space/galaxies.md');
  assert.ok(galaxies);
  assert.match(galaxies.passage.heading, /^Galaxies/);
  assert.ok(galaxies.passage.text.length > 0);
  assert.ok(galaxies.otherPassage && /^Telescopes/.test(galaxies.otherPassage.heading));
  assert.ok(galaxies.otherPassage.text.length > 0);
});

test('notes the open note links to are marked linked, not hidden', async () => {
  const { reader, source } = await sourceOf('space/telescopes.md');
  const { results } = await rankRelated(reader, source, { minScore: 0, tokenize: simpleTokenize });
  const linked = results.filter((r) => r.linked);
  assert.deepEqual(linked.map((r) => r.path), ['space/galaxies.md']);
  assert.ok(results.some((r) => r.path === 'space/planets.md' && r.linked === undefined));
});

test('the minimum score keeps unrelated notes out and says how many it dropped', async () => {
  const { reader, source } = await sourceOf('garden/roses.md');
  const all = await rankRelated(reader, source, { minScore: -1, strategy: 'vector' });
  const threshold = all.results[0].cosine! + 0.01;
  const none = await rankRelated(reader, source, { minScore: threshold, strategy: 'vector' });
  assert.equal(none.results.length, 0);
  assert.equal(none.belowMinScore, all.results.length);
  assert.equal(none.minScore, threshold);
});

test('vector, keyword and fused strategies each rank; keyword alone ignores cosines', async () => {
  const { reader, source } = await sourceOf('kitchen/pizza.md');
  for (const strategy of ['vector', 'keyword', 'fused'] as const) {
    const { results } = await rankRelated(reader, source, { minScore: 0, strategy, tokenize: simpleTokenize });
    assert.equal(results[0].path, 'kitchen/bread.md', strategy);
  }
  await assert.rejects(
    rankRelated(reader, source, { strategy: 'keyword' }),
    /needs the index tokenizer/,
  );
});

test('a note that is not indexed, or a selection, is ranked from vectors embedded on the fly', async () => {
  const reader = await topicReader();
  const embedder = new FakeEmbedder(256);
  const paragraph = 'Are reflecting telescope mirrors ground from glass?';
  const vector = embedder.vectorOf(paragraph);
  const selection: RelatedSource = {
    text: paragraph,
    vector: noteVector([vector]),
    chunks: [{ headingPath: [], vector, text: paragraph }],
    links: [],
  };
  const { results } = await rankRelated(reader, selection, { minScore: 0, k: 2, tokenize: simpleTokenize });
  assert.equal(results[0].path, 'space/telescopes.md');
  assert.equal(results[0].otherPassage?.text, paragraph);
  assert.match(results[0].passage.heading, /Mirrors/);
});

test('an indexed note without a vector yet has no indexed source (the caller embeds it)', async () => {
  const reader = await topicReader([
    { path: 'a.md', text: '# A\nalpha' },
    { path: 'b.md', text: '# B\nbeta', unembedded: true },
  ]);
  assert.equal(await sourceFromIndexedNote(reader, 'b.md', (p) => reader.text(p)), null);
  assert.equal(await sourceFromIndexedNote(reader, 'missing.md', (p) => reader.text(p)), null);
});

test('unembedded notes never show up in a vector ranking', async () => {
  const reader = await topicReader([
    { path: 'a.md', text: '# A\nbread dough yeast' },
    { path: 'b.md', text: '# B\nbread dough yeast', unembedded: true },
    { path: 'c.md', text: '# C\nbread flour' },
  ]);
  const source = (await sourceFromIndexedNote(reader, 'a.md', (p) => reader.text(p)))!;
  const { results } = await rankRelated(reader, source, { minScore: -1, strategy: 'vector' });
  assert.deepEqual(results.map((r) => r.path), ['c.md']);
});

function selectionOf(text: string): RelatedSource {
  const vector = new FakeEmbedder(256).vectorOf(text);
  return { text, vector: noteVector([vector]), chunks: [{ headingPath: [], vector, text }], links: [] };
}

test('the keyword side reads what a reader sees: a wiki link counts by its shown text, not its target', async () => {
  const reader = await topicReader();
  const keyword = async (text: string) =>
    (await rankRelated(reader, selectionOf(text), { minScore: -1, strategy: 'keyword', tokenize: simpleTokenize })).results.map((r) => r.path);
  const aliased = await keyword('Notes on [[galaxies|that other note]] and on bread dough.');
  assert.ok(aliased.includes('kitchen/bread.md'));
  assert.ok(!aliased.includes('space/galaxies.md'), 'the target "galaxies" is not a term of the note');
  assert.ok((await keyword('Notes on [[galaxies]] and on bread dough.')).includes('space/galaxies.md'));
});

test('title mention: notes whose titles the open note mentions rise, and only when weighted', async () => {
  const reader = await topicReader();
  const source = selectionOf('A stock pot of soup and a bed of roses, with a crust of bread dough and oven heat.');
  const rank = async (weights: number[]) =>
    (await rankRelated(reader, source, { minScore: -1, tokenize: simpleTokenize, fusion: { method: 'minmax', weights } })).results.map(
      (r) => r.path,
    );
  const withTitles = await rank([0, 0.01, 1]);
  assert.deepEqual(withTitles.slice(0, 3).sort(), ['garden/roses.md', 'kitchen/bread.md', 'kitchen/soup.md']);
  const withoutTitles = await rank([0, 1, 0]);
  assert.ok(withoutTitles.indexOf('garden/roses.md') > 2, 'by keyword evidence alone the roses note is not in the top 3');
});

test('every vector signal ranks a same-topic note first; chunk-pair signals too', async () => {
  const { reader, source } = await sourceOf('kitchen/bread.md');
  for (const vectorSignal of ['centered', 'cosine', 'best-pair', 'top3-pairs'] as const) {
    for (const strategy of ['vector', 'fused'] as const) {
      const { results } = await rankRelated(reader, source, { minScore: -1, strategy, vectorSignal, tokenize: simpleTokenize });
      assert.match(results[0].path, /^kitchen\//, `${strategy} ${vectorSignal}`);
      assert.ok(!results.some((r) => r.path === 'kitchen/bread.md'));
    }
  }
});

test('the minimum score applies to the raw note cosine whatever the vector signal ranks by', async () => {
  const { reader, source } = await sourceOf('garden/roses.md');
  const raw = await rankRelated(reader, source, { minScore: -1, strategy: 'vector', vectorSignal: 'cosine' });
  const threshold = [...raw.results.map((r) => r.cosine!)].sort((a, b) => b - a)[2];
  const centred = await rankRelated(reader, source, { minScore: threshold, strategy: 'vector' });
  assert.ok(centred.results.every((r) => r.cosine! >= threshold));
  assert.equal(centred.results.length, 3);
});

test('the default fused score stays between 0 and 1, best first, so the pane can draw it as a bar', async () => {
  const { reader, source } = await sourceOf('space/telescopes.md');
  const { results } = await rankRelated(reader, source, { minScore: -1, tokenize: simpleTokenize });
  assert.ok(results.length > 3);
  assert.ok(results.every((r) => r.score >= 0 && r.score <= 1), results.map((r) => r.score).join(', '));
  assert.ok(results.every((r, i) => i === 0 || results[i - 1].score >= r.score));
});

test('onFirst hands over the list by vectors alone, then the same full answer as without it', async () => {
  const { reader, source } = await sourceOf('space/telescopes.md');
  const byVectors = await rankRelated(reader, source, { minScore: -1, strategy: 'vector' });
  const full = await rankRelated(reader, source, { minScore: -1, tokenize: simpleTokenize });
  const firsts: Awaited<ReturnType<typeof rankRelated>>[] = [];
  const withFirst = await rankRelated(reader, source, { minScore: -1, tokenize: simpleTokenize, onFirst: (a) => void firsts.push(a) });
  assert.equal(firsts.length, 1);
  assert.deepEqual(firsts[0], byVectors, 'the first list is the vector ranking, passages included');
  assert.deepEqual(withFirst, full);
  // Nothing above the minimum by vectors: no empty first list to flash in the pane.
  let called = false;
  await rankRelated(reader, source, { minScore: 2, tokenize: simpleTokenize, onFirst: () => void (called = true) });
  assert.equal(called, false);
  // Keyword-only and vector-only rankings have no first list.
  await rankRelated(reader, source, { minScore: -1, strategy: 'vector', tokenize: simpleTokenize, onFirst: () => void (called = true) });
  assert.equal(called, false);
});

test('when the index switches to a new model during a call, no passage pair compares vectors of two models', async () => {
  const { reader, source } = await sourceOf('space/telescopes.md');
  const before = await rankRelated(reader, source, { minScore: -1, tokenize: simpleTokenize });
  assert.ok(before.results.every((r) => r.otherPassage), 'normally every result has its pair');
  // The switch lands once the scan is done, before the first note is read (as during the pane's paint).
  let model = reader.modelId;
  const switching = new Proxy(reader, {
    get: (target, key) => {
      if (key === 'modelId') return model;
      if (key === 'getNote') model = 'another-model';
      return Reflect.get(target, key, target) as unknown;
    },
  });
  const after = await rankRelated(switching, source, { minScore: -1, tokenize: simpleTokenize });
  assert.deepEqual(after.results.map((r) => r.path), before.results.map((r) => r.path), 'the order is the same');
  for (const r of after.results) {
    assert.equal(r.otherPassage, undefined, r.path);
    assert.equal(r.passage.text, (await reader.passageText(reader.getNote(r.path)!.chunks[0])).trim(), 'its first passage');
  }
});

test('text embedded on the fly becomes a source whose passages are cut from the text itself', () => {
  const text = '# A\nalpha beta\n# B\ngamma';
  const vector = Float32Array.from([1, 0]);
  const embedded = { vector, chunks: [{ headingPath: ['A'], vector, start: 0, end: 14 }, { headingPath: ['B'], vector, start: 15, end: 24 }] };
  assert.deepEqual(sourceFromEmbeddedText(text, embedded, { path: 'x.md', links: ['y.md'] }), {
    path: 'x.md',
    text,
    vector,
    chunks: [
      { headingPath: ['A'], vector, text: '# A\nalpha beta' },
      { headingPath: ['B'], vector, text: '# B\ngamma' },
    ],
    links: ['y.md'],
  });
  assert.deepEqual(sourceFromEmbeddedText('a selection', { chunks: [], vector: null }), { text: 'a selection', vector: null, chunks: [], links: [] }, 'no model: keywords only, no path');
});
