/**
 * `kindred` code blocks in Chromium: the built plugin over Book I of the Sequences with a note
 * of blocks, drawn in the harness's reading view and live preview by the plugin's registered
 * processor. Results are held against the core's own answers in Node (`expectedRanking`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectedRanking } from './harness/expected-ranking';
import { loadPlugin, prerequisites, screenshot, startHarness, type Harness, waitForEmbeddedNotes } from './harness/browser-harness';
import { sequencesNotes } from './harness/sequences-vault';

const QUERIES = 'Queries.md';
const FENCE = '```';
const block = (lines: string[]) => `${FENCE}kindred\n${lines.join('\n')}\n${FENCE}`;
const QUERIES_TEXT = [
  '---',
  'tags: [reading]',
  '---',
  '# Queries',
  '',
  block(['query: phlogiston explains nothing', 'mode: keyword   # words only', 'k: 5']),
  '',
  block(['query: what do beliefs pay in anticipated experience', 'mode: semantic', 'k: 5']),
  '',
  block(['related: [[fake-explanations]]', 'k: 5']),
  '',
  block(['map: "[[fake-explanations]]"', 'k: 12']),
  '',
  block(['query: bayes', 'limit: 3']),
  '',
  block(['query: [unclosed']),
  '',
  block(['query: beliefs', 'mode: fuzzy']),
  '',
].join('\n');
const NOTE = 'book-i-map-and-territory/fake-explanations.md';

/** The rendered blocks of a view (reading or live), in the note's order. */
function blocks(page: Page, mode: 'reading' | 'live') {
  const root = mode === 'reading' ? '.markdown-reading-view' : '.markdown-source-view.is-live-preview';
  return page.evaluate((r) =>
    [...document.querySelectorAll<HTMLElement>(`${r} .kindred-block`)].map((el) => ({
      state: el.dataset.state ?? '',
      problem: el.dataset.problem ?? '',
      runs: Number(el.dataset.runs ?? 0),
      text: el.textContent ?? '',
      paths: [...el.querySelectorAll<HTMLElement>('.kindred-result')].map((e) => e.dataset.path ?? ''),
      nodes: el.querySelectorAll('.kindred-map-node').length,
    })),
  root);
}

async function waitForBlock(page: Page, index: number, ok: (b: Awaited<ReturnType<typeof blocks>>[number]) => boolean, mode: 'reading' | 'live' = 'reading', timeout = 20_000): Promise<void> {
  const started = Date.now();
  for (;;) {
    const all = await blocks(page, mode);
    if (all[index] && ok(all[index])) return;
    if (Date.now() - started > timeout) throw new Error(`block ${index} never got there: ${JSON.stringify(all[index])}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('kindred code blocks', () => {
  let h: Harness | null = null;
  let notes: Record<string, string>;
  let expected: Awaited<ReturnType<typeof expectedRanking>>;

  before(async () => {
    notes = { ...sequencesNotes(), [QUERIES]: QUERIES_TEXT };
    expected = await expectedRanking(notes, { k: 5, minScore: 0.3 });
  });
  after(async () => {
    await expected?.close();
    await h?.close();
  });

  test('before the model: a keyword block lists its results, the others say what is missing or wrong, in the block', async (t) => {
    if (!prerequisites(t)) return;
    h = await startHarness({ viewport: { width: 1200, height: 1400 } });
    const { page } = h;
    await page.evaluate((n) => window.harness.addFiles(n), notes);
    await loadPlugin(page, { minScore: 0.3 });
    await page.waitForFunction(() => (window.harness.plugin?.engine as unknown as { indexing: boolean } | undefined)?.indexing === false);
    await page.evaluate((p) => window.harness.renderNote(p, 'reading'), QUERIES);
    await waitForBlock(page, 0, (b) => b.state === 'results');
    const shown = await blocks(page, 'reading');
    assert.equal(shown.length, 7, 'every block drawn');
    // The note of the blocks matches its own query: it is left out.
    const keyword = (await expected.search('phlogiston explains nothing', 'keyword', 6)).map((r) => r.path);
    assert.ok(keyword.includes(QUERIES));
    assert.deepEqual(shown[0].paths, keyword.filter((p) => p !== QUERIES).slice(0, 5));
    assert.equal(shown[1].state, 'no-model');
    assert.match(shown[1].text, /a semantic search needs the embedding model, which is not downloaded yet\. Download it in Kindred's settings, or write "mode: keyword"\./);
    assert.deepEqual(shown.slice(4).map((b) => b.problem), ['unknown-key', 'bad-yaml', 'unknown-mode']);
    assert.match(shown[4].text, /^Kindred: Unknown key: "limit"\. The keys are query, related, map, mode, k, folder, tag, site, author\.$/);
    assert.match(shown[5].text, /^Kindred: The block is not valid YAML: .*\(line 1\)/);
    assert.match(shown[6].text, /^Kindred: Unknown mode: "fuzzy"\. Use hybrid, semantic or keyword\.$/);
    await screenshot(page, 'code-blocks-no-model-light');
  });

  test('with the model: the semantic block answers by itself; related and map blocks show the core answers', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate(() => window.harness.useFakeEmbedder(64));
    await waitForEmbeddedNotes(page, Object.keys(notes).length, 60_000);
    await waitForBlock(page, 1, (b) => b.state === 'results');
    const want = (await expected.search('what do beliefs pay in anticipated experience', 'semantic', 6)).map((r) => r.path).filter((p) => p !== QUERIES).slice(0, 5);
    await waitForBlock(page, 1, (b) => JSON.stringify(b.paths) === JSON.stringify(want));
    await waitForBlock(page, 2, (b) => b.state === 'results');
    await waitForBlock(page, 2, (b) => b.paths.length === 5);
    const related = (await expected.related(NOTE)).results.map((r) => r.path);
    await waitForBlock(page, 2, (b) => JSON.stringify(b.paths) === JSON.stringify(related));
    await waitForBlock(page, 3, (b) => b.state === 'map' && b.nodes > 1);
    const map = (await blocks(page, 'reading'))[3];
    assert.ok(map.nodes <= 13, `${map.nodes} nodes for k: 12`);
    await screenshot(page, 'code-blocks-light');
    await page.evaluate(() => window.harness.setTheme('dark'));
    await screenshot(page, 'code-blocks-dark');
    await page.evaluate(() => window.harness.setTheme('light'));
  });

  test('live preview draws the same blocks', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate((p) => window.harness.renderNote(p, 'live'), QUERIES);
    await waitForBlock(page, 0, (b) => b.state === 'results', 'live');
    await waitForBlock(page, 2, (b) => b.state === 'results', 'live');
    const reading = await blocks(page, 'reading');
    const live = await blocks(page, 'live');
    assert.deepEqual(live.map((b) => b.paths), reading.map((b) => b.paths));
    assert.deepEqual(live.map((b) => b.problem), reading.map((b) => b.problem));
    assert.equal(await page.locator('.is-live-preview .cm-embed-block.cm-lang-kindred .kindred-block').count(), 7);
  });

  test('a result opens on click (Mod: a new tab) and previews on hover', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const first = page.locator('.markdown-reading-view .kindred-block').first().locator('.kindred-result').first();
    const path = await first.getAttribute('data-path');
    await first.hover();
    const hover = (await page.evaluate(() => window.harness.hoverLinks())).at(-1);
    assert.deepEqual([hover?.source, hover?.linktext], ['kindred-block', path]);
    await first.locator('.kindred-result-title').click({ modifiers: ['Control'] });
    const opened = (await page.evaluate(() => window.harness.opened())).at(-1);
    assert.deepEqual([opened?.linktext.split('#')[0], opened?.newLeaf], [path, 'tab']);
  });

  test('a block refreshes after a note changes, and not while its own note is being typed in', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate(() => window.harness.closeRendered());
    await page.evaluate((p) => window.harness.renderNote(p, 'reading'), QUERIES);
    await waitForBlock(page, 0, (b) => b.state === 'results');
    // A new note about phlogiston: once indexed, the keyword block lists it.
    await page.evaluate(() => window.harness.addFiles({ 'Phlogiston.md': '# Phlogiston\n\nPhlogiston explains nothing: phlogiston, phlogiston, nothing explained by phlogiston.\n' }));
    await waitForBlock(page, 0, (b) => b.paths.includes('Phlogiston.md'), 'reading', 20_000);

    // Typing in the note of the blocks holds the refresh back until the typing stops.
    await page.evaluate((p) => window.harness.openNote(p), QUERIES);
    const editor = page.locator('.workspace-leaf.mod-active .kindred-harness-editor');
    await editor.click();
    const runsBefore = (await blocks(page, 'reading'))[0].runs;
    await page.evaluate(() => window.harness.addFiles({ 'More phlogiston.md': '# More phlogiston\n\nPhlogiston explains nothing, and nothing explains phlogiston.\n' }));
    const typingUntil = Date.now() + 4000;
    while (Date.now() < typingUntil) {
      await page.keyboard.type('x');
      await new Promise((r) => setTimeout(r, 250));
    }
    const duringTyping = (await blocks(page, 'reading'))[0];
    assert.equal(duringTyping.runs, runsBefore, 'no refresh while typing');
    assert.ok(!duringTyping.paths.includes('More phlogiston.md'));
    await waitForBlock(page, 0, (b) => b.paths.includes('More phlogiston.md'), 'reading', 10_000);
  });

  test('"Save this search" writes the block at the cursor, after the front matter, or into a new note', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    const editor = page.locator('.workspace-leaf.mod-active .kindred-harness-editor');
    // The cursor inside the front matter: the block goes after it.
    await editor.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(5, 5));
    await page.evaluate(() => window.harness.runCommand('kindred:search-notes-by-meaning'));
    await page.locator('.kindred-mode', { hasText: 'Keywords' }).click();
    await page.locator('.prompt-input').fill('curiosity: stoppers #1');
    await page.keyboard.press('Alt+Enter');
    const text = await editor.inputValue();
    const fmEnd = notes[NOTE].indexOf('\n---\n') + 5;
    assert.equal(text.slice(0, fmEnd), notes[NOTE].slice(0, fmEnd), 'the front matter is untouched');
    assert.ok(text.slice(fmEnd).startsWith('```kindred\nquery: "curiosity: stoppers #1"\nmode: keyword\nk: 20\n```\n# Fake Explanations'));

    // With no note open in an editor, the search goes into a new note, which then shows its results.
    await page.evaluate(() => window.harness.runCommand('kindred:open-map-of-related-notes'));
    await page.waitForFunction(() => document.querySelector('.workspace-leaf.mod-active .kindred-map') !== null);
    await page.evaluate(() => window.harness.runCommand('kindred:search-notes-by-meaning'));
    await page.locator('.kindred-mode', { hasText: 'Keywords' }).click();
    await page.locator('.prompt-input').fill('phlogiston');
    await page.locator('.kindred-save-search').click();
    await page.waitForFunction(() => window.harness.list().includes('Search phlogiston.md'));
    assert.equal(await page.evaluate(() => window.harness.read('Search phlogiston.md')), '# phlogiston\n\n```kindred\nquery: phlogiston\nmode: keyword\nk: 20\n```\n');
    await page.evaluate(() => window.harness.renderNote('Search phlogiston.md', 'reading'));
    await page.waitForSelector('.markdown-reading-view[data-path="Search phlogiston.md"] .kindred-block[data-state="results"]');
  });
});
