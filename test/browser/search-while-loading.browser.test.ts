/**
 * Just after start, the keyword side of a saved index is still loading. Through the built plugin in
 * Chromium, with the keyword files' reads held back as a slow disk would: the search modal answers
 * at once by meaning and says the keyword index is still loading, then, once it has loaded, shows
 * the full answer in its place, the matched words marked.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { loadIndexedWithFakeEmbedder, loadPlugin, prerequisites, screenshot, startHarness, unloadAndWaitForClose } from './harness/browser-harness';

const words = (topic: string, n: number): string => Array.from({ length: n }, (_, i) => `${topic}${i % 40}`).join(' ') + '.';
const notes = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`Notes/note ${i}.md`, `# Note ${i}\n\n${words(`topic${i}x`, 60)}\n\n${words('shared', 20)}`]));

const rows = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.suggestion-item')].map((el) => ({
      path: el.dataset.path ?? null,
      message: el.querySelector('.kindred-search-message')?.textContent ?? null,
      partial: el.querySelector('.kindred-search-partial') !== null,
      marked: el.querySelectorAll('mark').length,
    })),
  );

test('the search modal answers while the keyword index loads, says so, and then shows the full answer', async (t) => {
  if (!prerequisites(t, false)) return;
  const h = await startHarness();
  try {
    const { page } = h;
    await loadIndexedWithFakeEmbedder(page, notes);
    await unloadAndWaitForClose(page);
    const files = await page.evaluate(() => window.harness.pluginFiles());
    assert.ok(files.some((f) => /^index\/keyword-\d\d\.bin$/.test(f)), files.join(', '));

    // Start again with the keyword files slow to read.
    await page.evaluate(() => window.harness.holdPluginReads('index/keyword-\\d+\\.bin'));
    await loadPlugin(page);
    await page.evaluate(() => window.harness.useFakeEmbedder(32));
    await page.waitForFunction(() => window.harness.plugin?.engine?.index != null, undefined, { timeout: 30_000 });
    await page.evaluate(() => window.harness.runCommand('kindred:search-notes-by-meaning'));
    assert.equal(await page.locator('.kindred-mode.is-active').textContent(), 'Hybrid');
    await page.locator('.prompt-input').fill('topic7x3 topic7x4');
    await page.waitForSelector('.kindred-search-partial', { timeout: 10_000 });
    const partial = await rows(page);
    assert.deepEqual(partial[0], { path: null, message: 'The keyword index is still loading; these results are by meaning only for now.', partial: true, marked: 0 });
    assert.ok(partial.slice(1).length > 0 && partial.slice(1).every((r) => r.path !== null), 'results by meaning below it');
    await screenshot(page, 'search-modal-keyword-loading');

    // Keywords alone say they are loading instead of "No notes match."
    await page.locator('.kindred-mode', { hasText: 'Keywords' }).click();
    await page.waitForFunction(() => document.querySelector('.suggestion-item .kindred-search-partial')?.textContent?.startsWith('The keyword index is still loading; results follow'), undefined, { timeout: 10_000 });
    assert.equal(await page.locator('.kindred-search-message', { hasText: 'No notes match' }).count(), 0);

    // Once the keyword side has loaded, the same query is answered again, in full.
    await page.evaluate(() => window.harness.releasePluginReads());
    await page.waitForFunction(() => document.querySelector('.kindred-search-partial') === null && document.querySelector('.suggestion-item[data-path]') !== null, undefined, { timeout: 20_000 });
    const full = await rows(page);
    assert.equal(full[0].path, 'Notes/note 7.md', 'the note with the words, by keyword');
    assert.ok(full[0].marked > 0, 'its matched words marked');
    assert.ok(full.every((r) => !r.partial));
  } finally {
    await h.close();
  }
});
