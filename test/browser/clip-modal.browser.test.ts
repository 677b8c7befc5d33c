/**
 * The built plugin in Chromium: "Clip web page…" against a loopback server serving a saved
 * LessWrong page. It creates the note, names the existing note for a duplicate, and explains a 404.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadPlugin, prerequisites, screenshot, SHARED, startHarness } from './harness/browser-harness';

const FIXTURE = join(SHARED, 'fixtures/html/defuddle/tests/fixtures/general--lesswrong.com-s-N7nDePaNabJdnbXeE-p-vJFdjigzmcXMhNTsx.html');

test('clip modal: creates the note, names the existing one for a duplicate, explains a failure', async (t) => {
  if (!prerequisites(t)) return;
  const h = await startHarness({
    routes: { '/posts/simulators': { body: readFileSync(FIXTURE) }, '/report.pdf': { type: 'application/pdf', body: '%PDF-1.4' } },
  });
  try {
    const { page, baseUrl } = h;
    await loadPlugin(page);
    const url = `${baseUrl}/posts/simulators`;
    await page.evaluate((u) => navigator.clipboard.writeText(u), url);

    await page.evaluate(() => window.harness.runCommand('kindred:clip-web-page'));
    const input = page.locator('.kindred-clip-url');
    // The clipboard holds a URL, so the field is pre-filled with it.
    await page.waitForFunction((u) => document.querySelector<HTMLInputElement>('.kindred-clip-url')?.value === u, url);
    assert.equal(await input.inputValue(), url);
    await screenshot(page, 'clip-modal-light');
    await page.evaluate(() => window.harness.setTheme('dark'));
    await screenshot(page, 'clip-modal-dark');
    await page.evaluate(() => window.harness.setTheme('light'));
    await page.locator('.kindred-clip-modal button.mod-cta').click();
    await page.waitForSelector('.kindred-clip-created', { timeout: 20_000 });

    const notes = await page.evaluate(() => window.harness.list());
    const clipped = notes.filter((p) => p.startsWith('Clippings/'));
    assert.equal(clipped.length, 1, `one note in Clippings, got ${notes.join(', ')}`);
    const text = (await page.evaluate((p) => window.harness.read(p), clipped[0])) ?? '';
    assert.match(text, /^---\n/, 'front matter first');
    assert.match(text, /title: Simulators/);
    assert.match(text, /author: janus/);
    assert.match(text, /Self-supervised learning may create AGI/);
    const notice = await page.locator('.kindred-clip-created').textContent();
    assert.equal(notice, `Clipped to ${clipped[0]}`);
    // The notice's link opens the new note.
    await page.locator('.kindred-clip-created a').click();
    const opened = await page.evaluate(() => window.harness.opened());
    assert.equal(opened.at(-1)?.linktext, clipped[0]);

    // Same page again: nothing new, and the notice names the existing note.
    await page.evaluate(() => window.harness.runCommand('kindred:clip-web-page'));
    await page.waitForFunction((u) => document.querySelector<HTMLInputElement>('.kindred-clip-url')?.value === u, url);
    await page.locator('.kindred-clip-modal button.mod-cta').click();
    await page.waitForSelector('.kindred-clip-skipped', { timeout: 20_000 });
    assert.equal(await page.locator('.kindred-clip-skipped').textContent(), `Already clipped as ${clipped[0]}`);
    assert.deepEqual(await page.evaluate(() => window.harness.list()), notes, 'the vault is unchanged');

    // A PDF is refused with the reason, the modal stays open, and the vault is as it was.
    await page.evaluate(() => window.harness.runCommand('kindred:clip-web-page'));
    await input.fill(`${baseUrl}/report.pdf`);
    await page.locator('.kindred-clip-modal button.mod-cta').click();
    await page.waitForSelector('.kindred-clip-failed', { timeout: 20_000 });
    assert.match((await page.locator('.kindred-clip-failed').textContent()) ?? '', /not an HTML page \(application\/pdf\)/);
    assert.match((await page.locator('.kindred-clip-status').textContent()) ?? '', /^Could not clip: /);
    assert.deepEqual(await page.evaluate(() => window.harness.list()), notes);

    // A 404 likewise.
    await input.fill(`${baseUrl}/gone`);
    await page.locator('.kindred-clip-modal button.mod-cta').click();
    await page.waitForFunction(() => document.querySelectorAll('.kindred-clip-failed').length === 2, undefined, { timeout: 20_000 });
    assert.match((await page.locator('.kindred-clip-failed').last().textContent()) ?? '', /404 Not Found/);

    // Not a web address at all: the modal says what to enter and fetches nothing.
    const before = h.requests.length;
    await input.fill('not a url');
    await page.locator('.kindred-clip-modal button.mod-cta').click();
    assert.match((await page.locator('.kindred-clip-status').textContent()) ?? '', /full web address/);
    assert.equal(h.requests.length, before);
  } finally {
    await h.close();
  }
});
