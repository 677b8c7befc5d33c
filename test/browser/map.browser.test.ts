/**
 * The map of related notes in Chromium: the built plugin over Book I of the Sequences (45 real
 * notes, each given a published date), the fake embedder standing in for the model. What the
 * view draws is held against the core's own map in Node (`expectedMaps`): the same notes, the
 * same dashed and solid lines, every note at the same position to the last bit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { nearestInDirection } from '../../src/core/map/nearest-node';
import { plainText } from '../../src/core/rank/plain-passage';
import { loadPluginWithoutLayout, prerequisites, screenshot, startHarness, type Harness, waitForEmbeddedNotes } from './harness/browser-harness';
import { expectedMaps } from './harness/expected-map';
import { sequencesNotes } from './harness/sequences-vault';

const NOTE = 'book-i-map-and-territory/fake-explanations.md';
const OTHER = 'book-i-map-and-territory/applause-lights.md';
// The fake embedder's cosines are not USE cosines: the minimum score and edge threshold suit it.
const SETTINGS = { minScore: 0.15, mapEdgeThreshold: 0.33, mapNotes: 25 };
const OPTIONS = { k: 25, minScore: SETTINGS.minScore, threshold: SETTINGS.mapEdgeThreshold };

/** Book I with a published date on every note (a week apart, in path order), for the time axis. */
function datedNotes(): Record<string, string> {
  const notes = sequencesNotes();
  const out: Record<string, string> = {};
  Object.keys(notes).sort().forEach((path, i) => {
    const date = new Date(Date.UTC(2007, 0, 1) + i * 7 * 86400000).toISOString().slice(0, 10);
    out[path] = notes[path].replace(/^---\n/, `---\npublished: ${date}\n`);
  });
  return out;
}

async function waitForMap(page: Page, path: string, state = 'map'): Promise<void> {
  await page.waitForFunction(
    ([p, s]) => {
      const el = document.querySelector<HTMLElement>('.kindred-map');
      return el?.dataset.path === p && el.dataset.state === s;
    },
    [path, state] as const,
    { timeout: 30_000 },
  );
}

function drawn(page: Page) {
  return page.evaluate(() => ({
    nodes: [...document.querySelectorAll<SVGGElement>('.kindred-map .kindred-map-node')].map((g) => ({
      path: g.getAttribute('data-path') ?? '',
      x: Number(g.getAttribute('data-x')),
      y: Number(g.getAttribute('data-y')),
      centre: g.classList.contains('is-centre'),
    })),
    edges: [...document.querySelectorAll<SVGLineElement>('.kindred-map .kindred-map-edge')].map((l) => ({
      pair: `${l.getAttribute('data-source')} | ${l.getAttribute('data-target')}`,
      dashed: l.classList.contains('is-unlinked'),
      dasharray: getComputedStyle(l).strokeDasharray,
    })),
  }));
}

describe('map of related notes', () => {
  let h: Harness | null = null;
  let notes: Record<string, string>;
  let expected: Awaited<ReturnType<typeof expectedMaps>>;

  before(async () => {
    notes = datedNotes();
    expected = await expectedMaps(notes);
  });
  after(async () => {
    await expected?.close();
    await h?.close();
  });

  test('while the index loads the map waits; without the model it is a keyword-only map and says so', async (t) => {
    if (!prerequisites(t)) return;
    h = await startHarness({ viewport: { width: 1400, height: 900 } });
    const { page, context } = h;
    // Nothing may leave the machine.
    const outside: string[] = [];
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await page.evaluate((n) => window.harness.addFiles(n), notes);
    await loadPluginWithoutLayout(page, SETTINGS);
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await page.evaluate(() => window.harness.runCommand('kindred:open-map-of-related-notes'));
    await waitForMap(page, NOTE, 'waiting');
    assert.match((await page.locator('.kindred-map-message').textContent()) ?? '', /loading the index/);
    await page.evaluate(() => window.harness.layoutReady());
    await waitForMap(page, NOTE);
    assert.equal(await page.locator('.kindred-map').getAttribute('data-keyword-only'), 'true');
    assert.match((await page.locator('.kindred-map-banner').textContent()) ?? '', /not downloaded, so this map is drawn from shared keywords only/);
    assert.ok((await drawn(page)).nodes.length > 1, 'a keyword-only map has neighbours');
    assert.deepEqual(outside, []);
  });

  test('with vectors: the map shows the related notes the core finds, each exactly where the core puts it', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    // The model arrives once the first keyword-only sync is done (a model handed over during a
    // sync waits for the next one: see the report on issue 13).
    await page.waitForFunction(() => (window.harness.plugin?.engine as unknown as { indexing: boolean }).indexing === false);
    await page.evaluate(() => window.harness.useFakeEmbedder(64));
    await waitForEmbeddedNotes(page, Object.keys(notes).length, 60_000);
    // Re-centre by opening another note and back, so the map is drawn from the vectors.
    await page.evaluate((p) => window.harness.openNote(p), OTHER);
    await waitForMap(page, OTHER);
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForMap(page, NOTE);
    assert.equal(await page.locator('.kindred-map').getAttribute('data-keyword-only'), 'false');
    assert.equal(await page.locator('.kindred-map-banner .kindred-model-missing').count(), 0);
    const want = await expected.map(NOTE, OPTIONS);
    const shown = await drawn(page);
    assert.ok(want.map.nodes.length >= 15, `the core finds ${want.map.nodes.length - 1} neighbours`);
    assert.deepEqual(shown.nodes.map((n) => n.path), want.map.nodes.map((n) => n.path));
    assert.deepEqual(shown.nodes.map((n) => [n.x, n.y]), want.layout.nodes.map((n) => [n.x, n.y]), 'same seed, same positions as in Node');
    assert.equal(shown.nodes.filter((n) => n.centre).map((n) => n.path)[0], NOTE);
    const legend = await page.locator('.kindred-map-legend-item').allTextContents();
    assert.equal(legend.length, new Set(want.map.nodes.map((n) => n.cluster)).size, legend.join(' / '));
    assert.ok(legend.some((l) => l.startsWith(want.map.clusters[0].words.join(', '))), legend.join(' / '));
    await screenshot(page, 'map-light');
    await page.evaluate(() => window.harness.setTheme('dark'));
    await screenshot(page, 'map-dark');
    await page.evaluate(() => window.harness.setTheme('light'));
  });

  test('the dashed lines are exactly the similar pairs that are not linked, the solid ones the linked pairs', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { edges } = await drawn(h.page);
    const want = (await expected.map(NOTE, OPTIONS)).map.edges;
    const pair = (e: { source: string; target: string }) => `${e.source} | ${e.target}`;
    assert.deepEqual(edges.filter((e) => e.dashed).map((e) => e.pair).sort(), want.filter((e) => !e.linked).map(pair).sort());
    assert.deepEqual(edges.filter((e) => !e.dashed).map((e) => e.pair).sort(), want.filter((e) => e.linked).map(pair).sort());
    assert.ok(edges.some((e) => e.dashed) && edges.some((e) => !e.dashed), 'both kinds on this map');
    // Solid means linked in the notes themselves, one way or the other; dashed means neither links.
    for (const e of edges) {
      const [a, b] = e.pair.split(' | ');
      assert.equal(!e.dashed, expected.links(a).includes(b) || expected.links(b).includes(a), e.pair);
      assert.equal(e.dasharray !== 'none', e.dashed, `${e.pair} is drawn ${e.dasharray}`);
    }
  });

  test('hover: the page preview fires for the note, and the passage pair shows', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const want = (await expected.map(NOTE, OPTIONS)).map.nodes[1];
    const hit = page.locator(`.kindred-map-hit[data-path="${want.path}"]`);
    const before = (await page.evaluate(() => window.harness.hoverLinks())).length;
    await hit.hover();
    const hovers = (await page.evaluate(() => window.harness.hoverLinks())).slice(before);
    assert.ok(hovers.some((e) => e.source === 'kindred-map' && e.linktext === want.path), JSON.stringify(hovers));
    assert.match((await page.locator('.kindred-map-info').textContent()) ?? '', new RegExp(want.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(await page.locator('.kindred-map-info .kindred-passage-theirs .kindred-passage-text').textContent(), plainText(want.passage!.text));
    assert.equal(await page.locator('.kindred-map-info .kindred-passage-mine .kindred-passage-text').textContent(), plainText(want.otherPassage!.text));
    // With Mod held, as the hover source asks, Obsidian's page preview opens.
    await page.mouse.move(5, 5);
    await page.keyboard.down('Control');
    await hit.hover();
    await page.keyboard.up('Control');
    await page.waitForSelector(`.hover-popover[data-path="${want.path}"]`, { timeout: 5000 });
    await screenshot(page, 'map-hover-light');
  });

  test('keyboard: the arrows move the focus to the nearest note that way, Enter opens it', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const { layout } = await expected.map(NOTE, OPTIONS);
    await page.locator(`.kindred-map-hit[data-path="${NOTE}"]`).focus();
    let from = layout.nodes[0];
    let moves = 0;
    for (const key of ['ArrowRight', 'ArrowDown', 'ArrowLeft', 'ArrowUp', 'ArrowRight'] as const) {
      const next = nearestInDirection(layout.nodes, from, ({ ArrowRight: 'right', ArrowDown: 'down', ArrowLeft: 'left', ArrowUp: 'up' } as const)[key]);
      await page.keyboard.press(key);
      const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-path') ?? null);
      assert.equal(focused, (next ?? from).path, key);
      if (next) {
        from = next;
        moves++;
      }
    }
    assert.ok(moves >= 3, `the focus moved ${moves} times`);
    await page.keyboard.press('Enter');
    const opened = (await page.evaluate(() => window.harness.opened())).at(-1);
    assert.equal(opened?.linktext.split('#')[0], from.path);
    assert.equal(opened?.newLeaf, false);
    // The map follows the note Enter opened.
    await waitForMap(page, from.path);
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForMap(page, NOTE);
  });

  test('double-click re-centres without opening; back and forward return', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const target = (await expected.map(NOTE, OPTIONS)).map.nodes[3].path;
    const openedBefore = (await page.evaluate(() => window.harness.opened())).length;
    await page.locator(`.kindred-map-hit[data-path="${target}"]`).dblclick();
    await waitForMap(page, target);
    const want = await expected.map(target, OPTIONS);
    const shown = await drawn(page);
    assert.deepEqual(shown.nodes.map((n) => n.path), want.map.nodes.map((n) => n.path));
    assert.deepEqual(shown.nodes.map((n) => [n.x, n.y]), want.layout.nodes.map((n) => [n.x, n.y]));
    await new Promise((r) => setTimeout(r, 400));
    assert.equal((await page.evaluate(() => window.harness.opened())).length, openedBefore, 'a double-click opens nothing');
    await page.locator('.kindred-map-back').click();
    await waitForMap(page, NOTE);
    assert.deepEqual((await drawn(page)).nodes.map((n) => n.path), (await expected.map(NOTE, OPTIONS)).map.nodes.map((n) => n.path));
    assert.equal(await page.locator('.kindred-map-forward').isEnabled(), true);
    await page.locator('.kindred-map-forward').click();
    await waitForMap(page, target);
    await page.locator('.kindred-map-back').click();
    await waitForMap(page, NOTE);
  });

  test('click opens the note, Mod-click in a new tab; dragging a note into the editor inserts a link', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const { map } = await expected.map(NOTE, OPTIONS);
    const second = map.nodes[2];
    await page.locator(`.kindred-map-hit[data-path="${second.path}"]`).click({ modifiers: ['Control'] });
    let opened = (await page.evaluate(() => window.harness.opened())).at(-1);
    assert.equal(opened?.linktext.split('#')[0], second.path);
    assert.equal(opened?.newLeaf, 'tab');
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForMap(page, NOTE);
    const editor = page.locator('.workspace-leaf.mod-active .kindred-harness-editor');
    await editor.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
    const third = map.nodes[3];
    await page.locator(`.kindred-map-hit[data-path="${third.path}"]`).dragTo(editor, { targetPosition: { x: 30, y: 10 } });
    const basename = third.path.split('/').pop()!.replace(/\.md$/, '');
    assert.ok((await editor.inputValue()).includes(`[[${basename}]]`), 'the dropped link is in the editor');
    const count = (await page.evaluate(() => window.harness.opened())).length;
    await page.locator(`.kindred-map-hit[data-path="${second.path}"]`).click();
    // A click opens after the time a double-click would take.
    await page.waitForFunction((n) => window.harness.opened().length > n, count);
    opened = (await page.evaluate(() => window.harness.opened())).at(-1);
    assert.equal(opened?.newLeaf, false);
    await waitForMap(page, second.path);
  });

  test('time axis: dated notes along x, and the before and after lists the core computes', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForMap(page, NOTE);
    await page.locator('.kindred-map-time-toggle input').check();
    await page.waitForSelector('.kindred-map-axis');
    await waitForMap(page, NOTE);
    const want = await expected.map(NOTE, { ...OPTIONS, time: true });
    assert.deepEqual((await drawn(page)).nodes.map((n) => [n.x, n.y]), want.layout.nodes.map((n) => [n.x, n.y]));
    const list = (cls: string) => page.locator(`.kindred-map-time-list.${cls} .kindred-map-time-item`).evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path ?? ''));
    assert.deepEqual(await list('is-before'), want.map.time.before.slice(0, 10));
    assert.deepEqual(await list('is-after'), want.map.time.after.slice(0, 10));
    assert.ok(want.map.time.before.length > 0 && want.map.time.after.length > 0);
    await screenshot(page, 'map-time-light');
    await page.locator('.kindred-map-time-toggle input').uncheck();
    await waitForMap(page, NOTE);
    const saved = await page.evaluate(() => window.harness.plugin?.settings.mapTimeAxis);
    assert.equal(saved, false);
  });

  test('the slider sets how many notes the map shows', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.locator('.kindred-map-count input').fill('10');
    await page.locator('.kindred-map-count input').dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kindred-map')?.dataset.nodes === '11');
    const want = await expected.map(NOTE, { ...OPTIONS, k: 10 });
    assert.deepEqual((await drawn(page)).nodes.map((n) => n.path), want.map.nodes.map((n) => n.path));
    await page.locator('.kindred-map-count input').fill('25');
    await page.locator('.kindred-map-count input').dispatchEvent('change');
    // Up to 25 neighbours: as many as pass the minimum similarity, as the core finds them.
    const back = await expected.map(NOTE, { ...OPTIONS, k: 25 });
    await page.waitForFunction((n) => document.querySelector<HTMLElement>('.kindred-map')?.dataset.nodes === n, String(back.map.nodes.length));
    assert.deepEqual((await drawn(page)).nodes.map((n) => n.path), back.map.nodes.map((n) => n.path));
  });

  test('an empty note, and a note with nothing above the minimum score, each say so', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate(() => window.harness.addFiles({ 'Empty.md': '---\ntags: [draft]\n---\n\n' }));
    await page.evaluate(() => window.harness.openNote('Empty.md'));
    await waitForMap(page, 'Empty.md', 'empty-note');
    assert.match((await page.locator('.kindred-map-message').textContent()) ?? '', /This note is empty/);
    await page.evaluate(() => (window.harness.plugin!.settings.minScore = 0.99));
    await page.evaluate((p) => window.harness.openNote(p), OTHER);
    await waitForMap(page, OTHER, 'no-neighbours');
    assert.match((await page.locator('.kindred-map-message').textContent()) ?? '', /No note is related above the minimum score \(0\.99\)/);
    await page.evaluate((s) => (window.harness.plugin!.settings.minScore = s), SETTINGS.minScore);
  });

  test('the file menu and the related pane open the map for a note', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const items = await page.evaluate((p) => window.harness.fileMenu(p), OTHER);
    assert.ok(items.includes('Open map of related notes'), items.join(', '));
    await page.locator('.menu .menu-item', { hasText: 'Open map of related notes' }).click();
    await waitForMap(page, OTHER);
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await page.evaluate(() => window.harness.runCommand('kindred:open-related-notes'));
    await waitForMap(page, NOTE);
    await page.locator('.kindred-related').waitFor();
    const button = page.locator('.workspace-leaf-content:has(.kindred-related) .view-action[aria-label="Open map of related notes"]');
    assert.equal(await button.count(), 1);
    await page.evaluate((p) => window.harness.openNote(p), OTHER);
    await waitForMap(page, OTHER);
    // The map leaf is one: the button re-centres it on the active note.
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await button.click();
    await waitForMap(page, NOTE);
    assert.equal(await page.locator('.kindred-map').count(), 1);
  });

  test('zoom and pan: the wheel zooms where the pointer is, dragging the background pans, the buttons zoom and fit', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForMap(page, NOTE);
    const viewBox = async () => ((await page.locator('.kindred-map-svg').getAttribute('viewBox')) ?? '').split(' ').map(Number);
    const home = await viewBox();
    const box = (await page.locator('.kindred-map-svg').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await page.waitForFunction((w) => Number(document.querySelector('.kindred-map-svg')!.getAttribute('viewBox')!.split(' ')[2]) < w, home[2]);
    const zoomed = await viewBox();
    assert.ok(zoomed[2] < home[2] * 0.8, `zoomed in: ${zoomed[2]} against ${home[2]}`);
    // Drag the background (the top left corner, away from any note) to the right: the view moves left.
    const corner = await page.evaluate(() => {
      const svg = document.querySelector('.kindred-map-svg')!;
      const r = svg.getBoundingClientRect();
      return document.elementFromPoint(r.left + 4, r.top + 4) === svg ? { x: r.left + 4, y: r.top + 4 } : null;
    });
    assert.ok(corner, 'the corner is background');
    await page.mouse.move(corner.x, corner.y);
    await page.mouse.down();
    await page.mouse.move(corner.x + 100, corner.y + 20, { steps: 5 });
    await page.mouse.up();
    const panned = await viewBox();
    assert.ok(panned[0] < zoomed[0], `panned: x ${zoomed[0]} → ${panned[0]}`);
    assert.equal(panned[2], zoomed[2], 'panning keeps the zoom');
    await page.locator('.kindred-map-zoom button[aria-label="Fit the map"]').click();
    assert.deepEqual(await viewBox(), home);
    await page.locator('.kindred-map-zoom button[aria-label="Zoom in"]').click();
    assert.ok((await viewBox())[2] < home[2]);
    await page.locator('.kindred-map-zoom button[aria-label="Fit the map"]').click();
  });

  test('with every network request refused the map still draws', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page, context } = h;
    const refused: string[] = [];
    await context.route('**/*', (route) => {
      refused.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await page.evaluate((p) => window.harness.openNote(p), OTHER);
    await waitForMap(page, OTHER);
    const want = await expected.map(OTHER, OPTIONS);
    assert.deepEqual((await drawn(page)).nodes.map((n) => [n.path, n.x, n.y]), want.layout.nodes.map((n) => [n.path, n.x, n.y]));
    assert.deepEqual(refused, [], 'the map asked for nothing');
    await context.unroute('**/*');
  });

  test('unload leaves nothing of the map behind', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate(() => window.harness.unloadPlugin());
    await new Promise((r) => setTimeout(r, 300));
    const left = await page.evaluate(() => window.harness.leftovers());
    assert.equal(left.kindredLeaves, 0);
    assert.equal(left.workspaceListeners, 0);
    assert.equal(left.domListeners, 0);
    assert.equal(left.intervals, 0);
  });
});
