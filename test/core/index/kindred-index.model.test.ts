import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { createNodeEmbedder } from '../../../src/embed/node/create-node-embedder';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { ManualClock } from './index-fixture';

test('with the real USE-lite model: 512-d unit note vectors, and notes on one subject sit closer', async () => {
  const vault = new MemoryVault({
    'cats.md': '# Cats\nMy cat sleeps most of the day and chases mice at night.',
    'kittens.md': '# Kittens\nThe kitten plays with a ball of yarn and naps beside the other cats.',
    'taxes.md': '# Taxes\nFile your income tax return before the deadline to avoid a penalty from the revenue service.',
  });
  const embedder = await createNodeEmbedder({ workers: 0, backend: 'cpu' });
  try {
    const store = new MemoryBlobStore();
    const index = await KindredIndex.open({ vault, store, embedder, clock: new ManualClock() });
    const summary = await index.sync();
    assert.equal(summary.embeddedChunks, 3);
    const vec = (p: string): Float32Array => index.getNote(p)!.vector!;
    const cos = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * b[i], 0);
    assert.equal(vec('cats.md').length, 512);
    assert.ok(Math.abs(cos(vec('cats.md'), vec('cats.md')) - 1) < 1e-4);
    assert.ok(cos(vec('cats.md'), vec('kittens.md')) > cos(vec('cats.md'), vec('taxes.md')) + 0.1);

    // Reopened with the same model: the saved vectors are used, nothing is embedded again.
    const reopened = await KindredIndex.open({ vault, store, embedder, clock: new ManualClock() });
    assert.equal((await reopened.sync()).embeddedChunks, 0);
    assert.deepEqual([...reopened.getNote('taxes.md')!.vector!], [...vec('taxes.md')]);
    assert.equal(reopened.modelId, embedder.modelId);
  } finally {
    await embedder.dispose();
  }
});
