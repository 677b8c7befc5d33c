/**
 * The built plugin in Chromium and the vault's writer lock (src/core/vault-lock.ts), the same one
 * `kindred` takes: while a `kindred index` holds the index, the plugin says so and waits; once the
 * lock is free it opens the index and holds the lock itself until it unloads.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadPluginWithoutLayout, prerequisites, startHarness } from './harness/browser-harness';

const LOCK = '.obsidian/plugins/kindred/index.lock';

test('the plugin waits while kindred index writes the vault, then opens the index and holds the lock until it unloads', async (t) => {
  if (!prerequisites(t, false)) return;
  const h = await startHarness();
  try {
    const { page } = h;
    await loadPluginWithoutLayout(page);
    await page.evaluate((lock) => {
      window.harness.addFiles({ 'a.md': '# A\nSome words about bread.', 'b.md': '# B\nSome words about soup.' });
      const now = Date.now();
      const holder = { holder: 'kindred index', pid: 4242, host: 'laptop', startedAt: now, heartbeatAt: now, token: 'the-cli' };
      return window.harness.app.vault.adapter.write(lock, JSON.stringify(holder));
    }, LOCK);
    await page.evaluate(() => window.harness.layoutReady());
    await page.waitForFunction(() => window.harness.notices().some((n) => n.includes('is writing this vault')), undefined, { timeout: 10_000 });
    const notices = await page.evaluate(() => window.harness.notices());
    assert.ok(
      notices.some((n) => /^Kindred: kindred index \(pid 4242 on laptop, since .* UTC\) is writing this vault's index; the index opens when it is done\.$/.test(n)),
      notices.join('\n'),
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(await page.evaluate(() => window.harness.plugin?.engine?.index ?? null), null, 'no index opened while another writer holds it');

    // kindred index is done: its lock goes. The plugin opens the index within a poll (5 s).
    await page.evaluate((lock) => window.harness.app.vault.adapter.remove(lock), LOCK);
    await page.waitForFunction(() => window.harness.plugin?.engine?.index != null, undefined, { timeout: 15_000 });
    const held = await page.evaluate((lock) => window.harness.app.vault.adapter.read(lock), LOCK);
    assert.equal((JSON.parse(held) as { holder: string }).holder, 'Obsidian');

    await page.evaluate(() => window.harness.unloadPlugin());
    let present = true;
    for (let i = 0; i < 100 && present; i++) {
      await new Promise((r) => setTimeout(r, 100));
      present = await page.evaluate((lock) => window.harness.app.vault.adapter.exists(lock), LOCK);
    }
    assert.equal(present, false, 'unloaded: the plugin let go of the lock');
  } finally {
    await h.close();
  }
});
