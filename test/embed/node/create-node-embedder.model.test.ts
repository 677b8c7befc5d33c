// Real USE-lite in worker threads against the same model in the calling thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createNodeEmbedder } from '../../../src/embed/node/create-node-embedder';
import { WorkerPoolEmbedder } from '../../../src/embed/node/worker-pool-embedder';

const texts = [
  'How to actually change your mind.',
  'The map is not the territory.',
  '',
  'Conservation of expected evidence: you cannot expect to be surprised on average.',
  'Mysterious answers to mysterious questions.',
  'An alien god: evolution does not care about you.',
  'Fake explanations and guessing the teacher’s password.',
];

test('two worker threads give the same vectors, in the same order, as the model in this thread', async () => {
  const inProcess = await createNodeEmbedder({ workers: 0, batchSize: 2 });
  const pool = await createNodeEmbedder({ workers: 2, batchSize: 2 });
  try {
    assert.ok(pool instanceof WorkerPoolEmbedder);
    assert.equal(pool.size, 2);
    assert.equal(pool.backend, 'wasm');
    assert.equal(pool.modelId, inProcess.modelId);
    const expected = await inProcess.embed(texts);
    const actual = await pool.embed(texts); // 4 batches shared by 2 workers
    assert.equal(actual.length, texts.length);
    actual.forEach((v, i) => {
      const maxDiff = Math.max(...v.map((x, j) => Math.abs(x - expected[i][j])));
      assert.ok(maxDiff < 1e-6, `text ${i} differs by ${maxDiff}`);
    });
    assert.deepEqual(await pool.embed([]), []);
  } finally {
    await Promise.all([inProcess.dispose(), pool.dispose()]);
  }
});

test('the cpu backend, chosen by option, agrees with wasm', async () => {
  const wasm = await createNodeEmbedder({ workers: 0 });
  const cpu = await createNodeEmbedder({ workers: 1, backend: 'cpu' }); // its own thread, its own tfjs backend
  try {
    assert.equal((cpu as WorkerPoolEmbedder).backend, 'cpu');
    const [expected] = await wasm.embed([texts[1]]);
    const [actual] = await cpu.embed([texts[1]]);
    const maxDiff = Math.max(...actual.map((x, j) => Math.abs(x - expected[j])));
    assert.ok(maxDiff < 1e-4, `cpu differs from wasm by ${maxDiff}`);
  } finally {
    await Promise.all([wasm.dispose(), cpu.dispose()]);
  }
});

test('cancelling a call drops its queued batches and leaves the pool working', async () => {
  const pool = await createNodeEmbedder({ workers: 1, batchSize: 1 });
  try {
    const controller = new AbortController();
    const cancelled = pool.embed(texts, controller.signal); // one batch in flight, six queued
    controller.abort();
    await assert.rejects(cancelled, { name: 'AbortError' });
    const [vector] = await pool.embed(['Still here.']);
    assert.equal(vector.length, 512);
  } finally {
    await pool.dispose();
  }
});

test('a disposed pool refuses new work with a clear error', async () => {
  const pool = await createNodeEmbedder({ workers: 1 });
  await pool.dispose();
  await assert.rejects(pool.embed(['x']), /This embedder has been disposed/);
});
