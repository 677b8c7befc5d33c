import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapOfSource } from '../../../src/core/map/build-map';
import { colourGroups, COLOUR_COUNT } from '../../../src/core/map/colour-groups';
import { mapJson } from '../../../src/core/map/map-json';
import { layoutMap } from '../../../src/core/map/map-layout';
import { mapScene } from '../../../src/core/map/map-scene';
import { mapHtmlText, mapSvgText } from '../../../src/core/map/map-svg-text';
import type { NeighbourhoodMap } from '../../../src/core/map/map-types';
import { sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { mapFixture } from './map-fixture';

async function telescopesMap(): Promise<NeighbourhoodMap> {
  const fixture = await mapFixture();
  const source = await sourceFromIndexedNote(fixture.reader, 'space/telescopes.md', (p) => fixture.reader.text(p));
  return mapOfSource(fixture.deps, { ...source!, path: 'space/telescopes.md' }, { k: 19, minScore: -1 }, { threshold: 0.3 });
}

test('colour by group, folder, tag or site: a colour per group, nearest group first, and a legend that counts them', async () => {
  const map = await telescopesMap();
  const byFolder = colourGroups(map, 'folder');
  assert.deepEqual(new Set(byFolder.legend.map((e) => e.label)), new Set(['space', 'kitchen', 'sea', 'garden']));
  assert.ok(byFolder.legend.every((e) => e.count === 5));
  assert.equal(byFolder.legend[0].label, 'space', 'the centre’s folder comes first');
  assert.equal(byFolder.colourOf.get('space/telescopes.md'), 0);
  const bySite = colourGroups(map, 'site');
  assert.deepEqual(new Set(bySite.legend.map((e) => e.label)), new Set(['example.org', 'blog.example']));
  const byGroup = colourGroups(map, 'cluster');
  assert.equal(byGroup.legend.at(-1)!.label, 'In no group');
  assert.equal(byGroup.colourOf.get('space/telescopes.md'), null, 'the centre is in no group');
  for (const [i, c] of map.clusters.entries()) assert.equal(byGroup.legend[i].label, c.words.join(', '));
  assert.equal(byGroup.legend.reduce((s, e) => s + e.count, 0), map.nodes.length);
});

test('more groups than colours: the rest share the "Other" entry', async () => {
  const map = await telescopesMap();
  // Twenty folders, one a note.
  const many: NeighbourhoodMap = { ...map, nodes: map.nodes.map((n, i) => ({ ...n, folder: `folder-${i}` })) };
  const { legend, colourOf } = colourGroups(many, 'folder');
  assert.equal(legend.length, COLOUR_COUNT + 1);
  assert.deepEqual(legend.at(-1), { colour: null, label: 'Other', count: map.nodes.length - COLOUR_COUNT });
  assert.equal([...colourOf.values()].filter((c) => c !== null).length, COLOUR_COUNT);
});

test('the scene: every node and line where the layout puts them, dashed exactly where unlinked, all inside the view box', async () => {
  const map = await telescopesMap();
  const layout = layoutMap(map);
  const scene = mapScene(map, layout);
  assert.deepEqual(scene.nodes.map((n) => [n.path, n.x, n.y]), layout.nodes.map((n) => [n.path, n.x, n.y]));
  assert.deepEqual(scene.edges.map((e) => e.linked), map.edges.map((e) => e.linked));
  const v = scene.viewBox;
  for (const n of scene.nodes) assert.ok(n.x - n.r >= v.x && n.x + n.r <= v.x + v.width && n.y - n.r >= v.y && n.y + n.r <= v.y + v.height, n.path);
  // Wider lines for closer pairs.
  const sorted = [...scene.edges].sort((a, b) => a.similarity - b.similarity);
  assert.ok(sorted[0].width < sorted.at(-1)!.width);
  assert.equal(scene.axis, null);
  const timed = mapScene(map, layoutMap(map, { time: true }));
  assert.ok(timed.axis && timed.axis.ticks.length >= 2, 'a time layout has an axis with ticks');
  assert.ok(timed.axis.ticks.every((t, i, all) => i === 0 || t.x > all[i - 1].x));
});

test('the SVG and HTML files escape every title, hold no script, and name themselves as ours', async () => {
  const map = await telescopesMap();
  const hostile: NeighbourhoodMap = { ...map, nodes: map.nodes.map((n, i) => (i === 1 ? { ...n, title: '<script>alert("x")</script> & \'quotes\'' } : n)) };
  const scene = mapScene(hostile, layoutMap(hostile));
  for (const text of [mapSvgText(hostile, scene), mapHtmlText(hostile, scene, { time: true })]) {
    assert.ok(!text.includes('<script'), 'no script element');
    assert.ok(text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos;'));
    assert.ok(text.includes('kindred-map-file'));
    assert.ok(!/https?:\/\/(?!www\.w3\.org)/.test(text), 'nothing fetched from anywhere');
  }
});

test('JSON: nodes with path, title, date, cluster and the exact layout position; edges with similarity and linked', async () => {
  const map = await telescopesMap();
  const layout = layoutMap(map);
  const json = mapJson(map, layout);
  assert.deepEqual(json.nodes.map((n) => [n.path, n.x, n.y]), layout.nodes.map((n) => [n.path, n.x, n.y]));
  assert.deepEqual(json.nodes.map((n) => n.cluster), map.nodes.map((n) => n.cluster));
  assert.deepEqual(json.nodes.map((n) => n.date), map.nodes.map((n) => (n.date === null ? null : new Date(n.date).toISOString())));
  assert.deepEqual(json.edges, map.edges);
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json, 'plain JSON');
});
