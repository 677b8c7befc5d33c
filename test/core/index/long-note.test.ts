import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMBED_STEP_CHUNKS } from '../../../src/core/index/sync-run';
import { indexFixture } from './index-fixture';

// Small chunks so that one note of unique words makes more than two steps' worth of chunks.
const OPTIONS = { maxTokens: 20, checkpointMs: 0 };
const words = Array.from({ length: 6_000 }, (_, i) => `w${i.toString(36)}`);
const longNote = '# Long\n\n' + Array.from({ length: words.length / 60 }, (_, p) => words.slice(p * 60, p * 60 + 60).join(' ') + '.').join('\n\n');

test('a long note is embedded in bounded steps, and a crash in the middle of it keeps the steps already done', async () => {
  const fx = indexFixture({ 'long.md': longNote, 'short.md': '# Short\nA short note.' }, OPTIONS);
  const index = await fx.open();
  const embed = fx.embedder.embed.bind(fx.embedder);
  const sizes: number[] = [];
  fx.embedder.embed = (texts) => {
    sizes.push(texts.length);
    return sizes.length === 3 ? Promise.reject(new Error('killed')) : embed(texts);
  };
  await assert.rejects(index.sync(), /killed/);
  assert.deepEqual(sizes.slice(0, 2), [EMBED_STEP_CHUNKS, EMBED_STEP_CHUNKS], 'steps of at most EMBED_STEP_CHUNKS');
  fx.embedder.embed = embed;
  fx.embedder.resetCounts();

  const reopened = await fx.open(OPTIONS);
  const summary = await reopened.sync();
  const chunks = reopened.getNote('long.md')!.chunks.length;
  assert.ok(chunks > 2 * EMBED_STEP_CHUNKS, `${chunks} chunks`);
  assert.equal(summary.reusedChunks, 2 * EMBED_STEP_CHUNKS, 'the two steps done before the crash were kept');
  assert.equal(summary.embeddedChunks, chunks + 1 - 2 * EMBED_STEP_CHUNKS);
  assert.ok(fx.embedder.embeddedTexts.length <= chunks, 'nothing embedded twice');
});
