/**
 * Problems reach the person, through the built plugin in Chromium: a background sync that fails
 * puts the status bar in its error state and shows one notice, and a damaged index file found at
 * start shows one notice naming it (and its part is rebuilt).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { loadIndexedWithFakeEmbedder, loadPlugin, prerequisites, screenshot, startHarness, unloadAndWaitForClose } from './harness/browser-harness';

const words = (topic: string, n: number): string => Array.from({ length: n }, (_, i) => `${topic}${i % 40}`).join(' ') + '.';
const notes = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`Notes/note ${i}.md`, `# Note ${i}\n\n${words(`topic${i}x`, 60)}`]));

const statusBar = (page: Page) => page.evaluate(() => document.querySelector<HTMLElement>('.kindred-status'));

test('a background sync that fails on its second batch: the status bar shows the error, and one notice says why', async (t) => {
  if (!prerequisites(t, false)) return;
  const h = await startHarness();
  try {
    const { page } = h;
    await loadIndexedWithFakeEmbedder(page, notes);
    const before = await page.evaluate(() => window.harness.notices().length);

    // Six new notes: the plugin indexes four at a time, so the second batch's embedding fails.
    await page.evaluate(() => window.harness.breakEmbedder(2));
    await page.evaluate((more) => window.harness.addFiles(more), Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`Notes/new ${i}.md`, `# New ${i}\n\n${words(`fresh${i}y`, 60)}`])));
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.kindred-status')?.dataset.state === 'error', undefined, { timeout: 30_000 });
    assert.ok(await statusBar(page));
    const status = await page.locator('.kindred-status').evaluate((el) => ({ text: el.textContent, label: el.getAttribute('aria-label') }));
    assert.equal(status.text, 'Kindred: error');
    assert.match(status.label ?? '', /^Indexing failed \(the embedding worker stopped\).*Click to retry\.$/);
    // Give a storm the time to show itself: there is none.
    await page.waitForTimeout(3000);
    const shown = (await page.evaluate(() => window.harness.notices())).slice(before);
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.match(shown[0], /^Kindred: Indexing failed \(the embedding worker stopped\)/);
    assert.equal(await page.locator('.notice', { hasText: 'Indexing failed' }).count(), 1, 'the notice is on screen');
    await screenshot(page, 'problem-sync-failed');
  } finally {
    await h.close();
  }
});

test('a damaged index file found at start: one notice names it, the status bar is not in error, and the part is rebuilt', async (t) => {
  if (!prerequisites(t, false)) return;
  const h = await startHarness();
  try {
    const { page } = h;
    const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`Notes/note ${i}.md`, `# Note ${i}\n\n${words(`topic${i}x`, 60)}`]));
    await loadIndexedWithFakeEmbedder(page, many);
    await unloadAndWaitForClose(page);
    const files = await page.evaluate(() => window.harness.pluginFiles());
    const damaged = files.find((f) => /^index\/notes-\d\d\.bin$/.test(f));
    assert.ok(damaged, files.join(', '));
    await page.evaluate((name) => window.harness.damagePluginFile(name, 200), damaged);
    const before = await page.evaluate(() => window.harness.notices().length);

    await loadPlugin(page);
    await page.waitForFunction((n) => window.harness.notices().length > n, before, { timeout: 30_000 });
    await page.waitForTimeout(2000);
    const shown = (await page.evaluate(() => window.harness.notices())).slice(before);
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.ok(shown[0].includes(damaged), shown[0]);
    assert.match(shown[0], /is unusable \(checksum mismatch: the file was damaged\); its part will be rebuilt/);
    assert.equal(await page.locator('.notice', { hasText: damaged }).count(), 1, 'the notice is on screen');
    assert.notEqual(await page.locator('.kindred-status').getAttribute('data-state'), 'error');
    // The notes of the damaged bucket are back in the index.
    await page.waitForFunction(() => (window.harness.plugin?.engine?.index as { noteCount(): number } | null)?.noteCount() === 12, undefined, { timeout: 30_000 });
    await screenshot(page, 'problem-damaged-file');
  } finally {
    await h.close();
  }
});
