import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MANIFEST_NAME } from '../../../src/core/index/manifest-codec';
import { indexFixture, paragraph } from './index-fixture';

const notes = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`n${i}.md`, `# Part ${i}\n${paragraph(`word${i}q`, 40)}\n\n# More\n${paragraph(`more${i}q`, 200)}`]));

const losses = {
  deleted: (files: Map<string, Uint8Array>) => files.delete(MANIFEST_NAME),
  truncated: (files: Map<string, Uint8Array>) => files.set(MANIFEST_NAME, files.get(MANIFEST_NAME)!.slice(0, 40)),
  emptied: (files: Map<string, Uint8Array>) => files.set(MANIFEST_NAME, new Uint8Array(0)),
  'one bit flipped': (files: Map<string, Uint8Array>) => {
    files.get(MANIFEST_NAME)![60] ^= 0x04;
  },
};

for (const [loss, apply] of Object.entries(losses)) {
  test(`a manifest ${loss} costs a re-scan, not a re-embedding, opened as kindred index opens it (the model set after opening)`, async () => {
    const fx = indexFixture(notes);
    const first = await fx.open();
    const built = await first.sync();
    await first.close();
    const matrix = first.noteMatrix();
    apply(fx.store.files);
    fx.embedder.resetCounts();

    const index = await fx.open({}, false);
    assert.match(index.warnings.join('\n'), /manifest/);
    index.setEmbedder(fx.embedder);
    const summary = await index.sync();
    assert.equal(summary.indexedNotes, 12, 'every note is read again');
    assert.equal(summary.embeddedChunks, 0, `0 of ${built.chunks} chunks embedded again`);
    assert.equal(fx.embedder.calls, 0);
    assert.deepEqual(index.noteMatrix(), matrix);
  });
}

test('a first build killed after its first shards were written (no manifest yet) keeps them, opened as kindred index opens it', async () => {
  const fx = indexFixture(notes, { batchNotes: 2, checkpointMs: 0 });
  const first = await fx.open();
  const embed = fx.embedder.embed.bind(fx.embedder);
  let calls = 0;
  fx.embedder.embed = (texts) => (++calls === 3 ? Promise.reject(new Error('killed')) : embed(texts));
  await assert.rejects(first.sync(), /killed/);
  assert.equal(fx.store.files.has(MANIFEST_NAME), false, 'never saved');
  fx.embedder.embed = embed;
  fx.embedder.resetCounts();

  const index = await fx.open({}, false);
  index.setEmbedder(fx.embedder);
  const summary = await index.sync();
  assert.equal(summary.notes, 12);
  assert.equal(summary.reusedChunks, 8, 'the two checkpointed batches (4 notes, 8 chunks)');
  assert.equal(summary.embeddedChunks, summary.chunks - 8);
});

test('opened without a model and without a manifest (kindred stats), the saved vectors still answer', async () => {
  const fx = indexFixture(notes);
  const first = await fx.open();
  await first.sync();
  await first.close();
  fx.store.files.delete(MANIFEST_NAME);
  const index = await fx.open({}, false);
  await index.sync();
  assert.equal(index.stats().embeddedNotes, 12);
  assert.equal(index.stats().keywordOnly, false);
  assert.deepEqual(index.noteMatrix(), first.noteMatrix());
  await index.close();
  assert.ok([...fx.store.files.keys()].some((n) => n.startsWith('index/vectors/')), 'a keyword-only run keeps the vectors it cannot use itself');
});
