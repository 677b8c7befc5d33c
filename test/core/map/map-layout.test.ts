import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mapOfSource } from '../../../src/core/map/build-map';
import { LAYOUT_TICKS, layoutMap, layoutMapInSlices, MapLayoutRun, nodeRadii } from '../../../src/core/map/map-layout';
import { sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { mapFixture } from './map-fixture';

async function mapOf(path: string, k = 19) {
  const fixture = await mapFixture();
  const source = await sourceFromIndexedNote(fixture.reader, path, (p) => fixture.reader.text(p));
  return mapOfSource(fixture.deps, { ...source!, path }, { k, minScore: -1 }, { threshold: 0.3 });
}

test('the layout is deterministic: the same map gives the same positions, to the last bit', async () => {
  const first = layoutMap(await mapOf('space/telescopes.md'));
  // A map built again from scratch (a new index, a new simulation) lands on the same positions.
  const again = layoutMap(await mapOf('space/telescopes.md'));
  assert.deepEqual(again, first);
  assert.equal(first.nodes[0].x, 0);
  assert.equal(first.nodes[0].y, 0);
  assert.ok(first.nodes.slice(1).every((n) => Number.isFinite(n.x) && Number.isFinite(n.y) && (n.x !== 0 || n.y !== 0)));
});

test('the seed is the centre: another centre draws another picture', async () => {
  const a = layoutMap(await mapOf('space/telescopes.md'));
  const b = layoutMap(await mapOf('kitchen/bread.md'));
  const at = (layout: typeof a, path: string) => layout.nodes.find((n) => n.path === path)!;
  assert.notDeepEqual(at(a, 'sea/tides.md'), at(b, 'sea/tides.md'));
});

test('laid out in slices, the layout is the same as at once', async () => {
  const map = await mapOf('garden/roses.md');
  let now = 0;
  let yields = 0;
  // A clock where every step takes 1 ms: a budget of 3 ms gives slices of a few ticks.
  const clock = { now: () => (now += 1), yield: () => Promise.resolve(void yields++) };
  const sliced = await layoutMapInSlices(map, {}, clock, 3);
  assert.deepEqual(sliced, layoutMap(map));
  assert.ok(yields > 10, `handed the thread back ${yields} times`);
  const run = new MapLayoutRun(map);
  assert.equal(run.step(LAYOUT_TICKS - 1), false);
  assert.equal(run.step(10), true);
  assert.deepEqual(run.result(), layoutMap(map));
});

test('a stopped layout gives nothing', async () => {
  const map = await mapOf('garden/roses.md');
  const controller = new AbortController();
  controller.abort();
  assert.equal(await layoutMapInSlices(map, {}, { now: () => 0, yield: () => Promise.resolve() }, 8, controller.signal), null);
});

test('neighbours settle nearer the centre the better they rank, and never overlap', async () => {
  const map = await mapOf('space/telescopes.md');
  const layout = layoutMap(map);
  const distance = (i: number) => Math.hypot(layout.nodes[i].x, layout.nodes[i].y);
  const n = layout.nodes.length;
  const best = [1, 2, 3, 4].reduce((s, i) => s + distance(i), 0) / 4;
  const worst = [n - 4, n - 3, n - 2, n - 1].reduce((s, i) => s + distance(i), 0) / 4;
  assert.ok(best < worst, `the best four sit at ${best.toFixed(0)} on average, the last four at ${worst.toFixed(0)}`);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const [a, b] = [layout.nodes[i], layout.nodes[j]];
      assert.ok(Math.hypot(a.x - b.x, a.y - b.y) > Math.max(a.r, b.r), `${a.path} and ${b.path} overlap`);
    }
  }
});

test('time layout: dated notes in date order along x, undated ones in a band of their own', async () => {
  const map = await mapOf('space/telescopes.md');
  const layout = layoutMap(map, { time: true });
  assert.ok(layout.timeScale && layout.timeScale.b > 0);
  const xOf = new Map(layout.nodes.map((n) => [n.path, n.x]));
  const dated = map.nodes.filter((n) => n.date !== null).sort((a, b) => a.date! - b.date!);
  // Well apart in time means apart on the axis in the same order (the forces may nudge close dates).
  const year = 365.25 * 86400000;
  for (let i = 0; i < dated.length; i++) {
    for (let j = i + 1; j < dated.length; j++) {
      if (dated[j].date! - dated[i].date! > 3 * year) assert.ok(xOf.get(dated[i].path)! < xOf.get(dated[j].path)!, `${dated[i].path} before ${dated[j].path}`);
    }
  }
  assert.equal(layout.nodes[0].x, layout.timeScale.a + layout.timeScale.b * map.nodes[0].date!);
  assert.deepEqual(layoutMap(map, { time: true }), layout);
});

test('node radius by length or by backlinks; the centre is the largest', async () => {
  const map = await mapOf('space/telescopes.md');
  const byLength = nodeRadii(map.nodes, 'length');
  const byLinks = nodeRadii(map.nodes, 'backlinks');
  assert.ok(byLength.slice(1).every((r) => r < byLength[0]));
  const most = map.nodes.slice(1).reduce((m, n) => (n.backlinks > m.backlinks ? n : m));
  const least = map.nodes.slice(1).reduce((m, n) => (n.backlinks < m.backlinks ? n : m));
  assert.ok(byLinks[most.rank] > byLinks[least.rank]);
  assert.notDeepEqual(byLength, byLinks);
});
