/**
 * The built plugin in Chromium: "Import saved pages…" on a vault folder of saved pages and on a
 * .txt list of addresses; per-item progress, then a summary note listing every outcome.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPlugin, prerequisites, SHARED, startHarness } from './harness/browser-harness';

const FIXTURES = join(SHARED, 'fixtures/html/defuddle/tests/fixtures');

test('import: a folder of saved pages and a list of addresses, each outcome in the summary note', async (t) => {
  if (!prerequisites(t)) return;
  const pg = readFileSync(join(FIXTURES, 'table-layout--paulgraham.com-makersschedule.html'));
  const h = await startHarness({ routes: { '/makers': { body: pg } } });
  try {
    const { page, baseUrl } = h;
    await loadPlugin(page);
    const lw = [...readFileSync(join(FIXTURES, 'general--lesswrong.com-s-N7nDePaNabJdnbXeE-p-vJFdjigzmcXMhNTsx.html'))];
    await page.evaluate(
      ([a, b, list]) => {
        window.harness.addBinary('Saved/simulators.html', a);
        window.harness.addBinary('Saved/deeper/makers.html', b);
        window.harness.addBinary('Saved/empty.html', []);
        window.harness.addFiles({ 'Saved/to-read.txt': list });
      },
      [lw, [...pg], `# reading list\n${baseUrl}/makers\n${baseUrl}/missing\n`] as const,
    );

    await page.evaluate(() => window.harness.runCommand('kindred:import-saved-pages'));
    await page.locator('.prompt-input').fill('Saved');
    await page.waitForSelector('.suggestion-item');
    const choices = await page.locator('.suggestion-item').allTextContents();
    assert.ok(choices.includes('Saved') && choices.includes('Saved/to-read.txt'), choices.join(', '));
    assert.ok(!choices.some((c) => c.endsWith('.md')), 'notes are not offered');
    await page.locator('.suggestion-item', { hasText: /^Saved$/ }).click();
    await page.waitForSelector('.kindred-import-modal');
    await page.waitForFunction(() => /Open the summary/.test(document.querySelector('.notice-container')?.textContent ?? ''), undefined, { timeout: 30_000 });
    const items = await page.locator('.kindred-import-items li').allTextContents();
    assert.equal(items.length, 3, items.join('\n'));
    assert.equal(await page.locator('.kindred-import-count').textContent(), '2 created, 1 failed');
    const files = await page.evaluate(() => window.harness.list());
    const summaryPath = files.find((f) => f.startsWith('Clippings/Import '));
    assert.ok(summaryPath, files.join(', '));
    const summary = (await page.evaluate((p) => window.harness.read(p), summaryPath)) ?? '';
    assert.match(summary, /^# Import of Saved\n/);
    assert.match(summary, /\| Saved\/simulators\.html \| created \| \[\[Clippings\/Simulators/);
    assert.match(summary, /\| Saved\/empty\.html \| failed: .+ \| {2}\|/);
    await page.locator('.kindred-import-modal button').click(); // "Close" once finished

    // The .txt list: one page, and one address that is missing (404).
    await page.evaluate(() => window.harness.runCommand('kindred:import-saved-pages'));
    await page.locator('.prompt-input').fill('to-read');
    await page.locator('.suggestion-item', { hasText: 'Saved/to-read.txt' }).click();
    await page.waitForFunction(() => (document.querySelector('.kindred-import-count')?.textContent ?? '').includes('failed'), undefined, { timeout: 30_000 });
    const count = await page.locator('.kindred-import-count').textContent();
    // The saved copy carried no address, so the fetched page is a new note, not a duplicate.
    assert.equal(count, '1 created, 1 failed');
    const failed = await page.locator('.kindred-import-failed').allTextContents();
    assert.ok(failed.some((f) => /404 Not Found/.test(f)), failed.join('\n'));
  } finally {
    await h.close();
  }
});
