import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildMap, MAP_THRESHOLDS, mapOfSource } from '../../../src/core/map/build-map';
import { cosine } from '../../../src/core/rank/cosine';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { simpleTokenize } from '../../helpers/memory-index-reader';
import { mapFixture, mapNotes } from './map-fixture';

const CENTRE = 'space/telescopes.md';

async function centreSource() {
  const fixture = await mapFixture();
  const source = await sourceFromIndexedNote(fixture.reader, CENTRE, (p) => fixture.reader.text(p));
  assert.ok(source);
  return { ...fixture, source: { ...source, path: CENTRE } };
}

test("the map's neighbours are rankRelated's answer, in its order, with its passages", async () => {
  const { reader, deps, source } = await centreSource();
  for (const k of [5, 12]) {
    const map = await mapOfSource(deps, source, { k, minScore: -1 });
    const answer = await rankRelated(reader, source, { k, minScore: -1, tokenize: simpleTokenize, strategy: 'fused' });
    assert.equal(map.nodes[0].path, CENTRE);
    assert.deepEqual(map.nodes.slice(1).map((n) => n.path), answer.results.map((r) => r.path));
    assert.deepEqual(map.nodes.map((n) => n.rank), map.nodes.map((_, i) => i));
    assert.deepEqual(map.nodes.slice(1).map((n) => n.passage), answer.results.map((r) => r.passage));
    assert.deepEqual(map.nodes.slice(1).map((n) => n.score), answer.results.map((r) => r.score));
  }
});

test('pairwise similarities are the cosines of the note vectors, for every pair', async () => {
  const { reader, deps, source } = await centreSource();
  // With the threshold at -1 every pair is an edge, so every pair's similarity can be read.
  const map = await mapOfSource(deps, source, { k: 12, minScore: -1 }, { threshold: -1 });
  const n = map.nodes.length;
  assert.equal(map.edges.length, (n * (n - 1)) / 2);
  for (const edge of map.edges) {
    const want = cosine(reader.getNote(edge.source)!.vector!, reader.getNote(edge.target)!.vector!);
    assert.ok(Math.abs(edge.similarity - want) < 1e-12, `${edge.source} – ${edge.target}: ${edge.similarity} against ${want}`);
  }
  assert.equal(map.keywordOnly, false);
});

test('edges join exactly the pairs at or above the threshold, and say which are existing links', async () => {
  const { reader, deps, source } = await centreSource();
  const all = await mapOfSource(deps, source, { k: 19, minScore: -1 }, { threshold: -1 });
  const threshold = 0.3;
  const map = await buildMap(deps, CENTRE, await rankRelated(reader, source, { k: 19, minScore: -1, tokenize: simpleTokenize }), { threshold });
  const want = all.edges.filter((e) => e.similarity >= threshold);
  assert.ok(want.length > 0 && want.length < all.edges.length, `the threshold splits the pairs (${want.length} of ${all.edges.length})`);
  assert.deepEqual(map.edges, want);
  assert.equal(map.threshold, threshold);
  for (const edge of map.edges) {
    const linked = reader.getNote(edge.source)!.links.includes(edge.target) || reader.getNote(edge.target)!.links.includes(edge.source);
    assert.equal(edge.linked, linked, `${edge.source} – ${edge.target}`);
    assert.ok(edge.source < edge.target);
  }
  assert.ok(map.edges.some((e) => e.linked) && map.edges.some((e) => !e.linked), 'both kinds are on this map');
});

test('the default threshold is the vector one with vectors, the keyword one without', async () => {
  const { deps, source } = await centreSource();
  const map = await mapOfSource(deps, source, { k: 10, minScore: -1 });
  assert.equal(map.threshold, MAP_THRESHOLDS.vector);
  for (const e of map.edges) assert.ok(e.similarity >= MAP_THRESHOLDS.vector);
});

test('without the model: a keyword-only map, its similarities the cosines of keyword profiles', async () => {
  const notes = mapNotes().map((n) => ({ ...n, unembedded: true }));
  const { reader, deps } = await mapFixture(notes);
  const text = await reader.text(CENTRE);
  const source = { path: CENTRE, text, vector: null, chunks: [], links: reader.getNote(CENTRE)!.links };
  const map = await mapOfSource(deps, source, { k: 10, minScore: -1 });
  assert.equal(map.keywordOnly, true);
  assert.equal(map.threshold, MAP_THRESHOLDS.keyword);
  const keyword = await rankRelated(reader, source, { k: 10, minScore: -1, tokenize: simpleTokenize, strategy: 'keyword' });
  assert.deepEqual(map.nodes.slice(1).map((n) => n.path), keyword.results.map((r) => r.path));
  assert.ok(map.edges.length > 0, 'notes of one subject share words enough to be joined');
  // Same-subject pairs are joined, pairs across subjects are not.
  for (const e of map.edges) assert.equal(e.source.split('/')[0], e.target.split('/')[0], `${e.source} – ${e.target}`);
});

test('clusters group the neighbours by subject and are named by their words', async () => {
  const { deps, source } = await centreSource();
  const map = await mapOfSource(deps, source, { k: 19, minScore: -1 }, { threshold: 0.3 });
  assert.ok(map.clusters.length >= 2, `${map.clusters.length} clusters`);
  for (const cluster of map.clusters) {
    const folders = new Set(cluster.members.map((p) => p.split('/')[0]));
    assert.equal(folders.size, 1, `one subject per group: ${cluster.members.join(', ')}`);
    assert.ok(cluster.words.length > 0);
  }
  const kitchen = map.clusters.find((c) => c.members[0].startsWith('kitchen/'));
  assert.ok(kitchen);
  assert.ok(kitchen.words.every((w) => 'dough flour yeast oven bake bread crust bagels pizza sourdough'.includes(w)), kitchen.words.join(', '));
  assert.equal(map.nodes[0].cluster, null, 'the centre is in no group');
  for (const [i, c] of map.clusters.entries()) for (const p of c.members) assert.equal(map.nodes.find((n) => n.path === p)!.cluster, i);
});

test('node facts: dates from `published`, else the creation time; size and backlinks from the host', async () => {
  const { deps, source, facts } = await centreSource();
  const map = await mapOfSource(deps, source, { k: 19, minScore: -1 });
  for (const node of map.nodes) {
    const note = mapNotes().find((n) => n.path === node.path)!;
    const published = note.frontMatter?.published as string | undefined;
    if (published) assert.deepEqual([node.date, node.dateFrom], [Date.parse(published), 'published']);
    else assert.deepEqual([node.date, node.dateFrom], [facts.get(node.path)!.created, 'created']);
    assert.equal(node.bytes, facts.get(node.path)!.bytes);
    assert.equal(node.backlinks, facts.get(node.path)!.backlinks);
  }
  assert.ok(map.nodes.some((n) => n.backlinks > 0));
  assert.equal(map.nodes.find((n) => n.path === 'space/galaxies.md')!.site, 'blog.example');
});

test('linkedFromCentre marks the notes the centre links to', async () => {
  const fixture = await mapFixture();
  const path = 'space/galaxies.md'; // links to [[Telescopes]]
  const source = await sourceFromIndexedNote(fixture.reader, path, (p) => fixture.reader.text(p));
  const map = await mapOfSource(fixture.deps, { ...source!, path }, { k: 19, minScore: -1 });
  assert.deepEqual(map.nodes.filter((n) => n.linkedFromCentre).map((n) => n.path), ['space/telescopes.md']);
});

test('no neighbours above the minimum score: a map of the centre alone that says how many fell below', async () => {
  const { deps, source } = await centreSource();
  const map = await mapOfSource(deps, source, { k: 10, minScore: 0.999 });
  assert.deepEqual(map.nodes.map((n) => n.path), [CENTRE]);
  assert.deepEqual(map.edges, []);
  assert.ok(map.belowMinScore > 0);
  assert.equal(map.minScore, 0.999);
});
