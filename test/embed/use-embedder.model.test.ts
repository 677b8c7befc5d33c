// Real USE-lite weights on the wasm backend, a handful of texts (a few seconds of inference).
import '@tensorflow/tfjs-backend-wasm';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer, UniversalSentenceEncoder } from '@tensorflow-models/universal-sentence-encoder';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { chooseBackend } from '../../src/embed/choose-backend';
import { loadUseModel, type UseModel } from '../../src/embed/load-use-model';
import { runUseBatch, UseEmbedder } from '../../src/embed/use-embedder';
import { USE_LITE_MAX_TOKENS } from '../../src/embed/model-files';
import { verifyModelFiles } from '../../src/embed/verify-model';
import { folderModelSource, installedPackageModelDir } from '../../src/embed/node/folder-model-source';

let model: UseModel;
let embedder: UseEmbedder;

test.before(async () => {
  await chooseBackend('wasm', ['wasm']);
  model = await loadUseModel(await verifyModelFiles(folderModelSource(installedPackageModelDir() as string)));
  embedder = new UseEmbedder(model, 4);
});

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

function norm(v: Float32Array): number {
  return Math.sqrt(cosine(v, v));
}

test('related sentences are closer than unrelated ones', async () => {
  const [cat, kitten, tax] = await embedder.embed([
    'The cat slept on the warm windowsill all afternoon.',
    'A kitten was napping in the sunlight by the window.',
    'Quarterly tax filings are due at the end of the fiscal year.',
  ]);
  const related = cosine(cat, kitten);
  const unrelated = cosine(cat, tax);
  assert.ok(related > unrelated + 0.2, `related ${related.toFixed(3)} vs unrelated ${unrelated.toFixed(3)}`);
});

test('vectors match the USE package’s own model.embed within 1e-4, in input order, unit length', async () => {
  const texts = [
    'Belief in belief is not the same as belief.',
    'Making beliefs pay rent in anticipated experiences.',
    'short',
    'Tsuyoku naritai! I want to become stronger. '.repeat(20),
    'Politics is the mind-killer.',
  ];
  const ours = await embedder.embed(texts); // batch size 4: two batches, in order
  const raw = new UniversalSentenceEncoder();
  // The package's own tokenizer, so the comparison covers ours too.
  const vocabulary = JSON.parse(readFileSync(join(installedPackageModelDir()!, 'vocab.json'), 'utf8')) as [string, number][];
  Object.assign(raw, { model: model.graph, tokenizer: new Tokenizer(vocabulary) });
  const tensor: Tensor2D = await raw.embed(texts);
  const reference = await tensor.array();
  tensor.dispose();
  assert.equal(ours.length, texts.length);
  ours.forEach((vector, i) => {
    assert.equal(vector.length, 512);
    assert.ok(Math.abs(norm(vector) - 1) < 1e-5, `vector ${i} has norm ${norm(vector)}`);
    const expected = Float32Array.from(reference[i]);
    const expectedNorm = norm(expected);
    const maxDiff = Math.max(...vector.map((x, j) => Math.abs(x - expected[j] / expectedNorm)));
    assert.ok(maxDiff < 1e-4, `text ${i} differs by ${maxDiff}`);
  });
});

test('no texts give no vectors; the empty string gets a unit vector wherever it sits in a batch', async () => {
  assert.deepEqual(await embedder.embed([]), []);
  const [empty, word, emptyLast] = await embedder.embed(['', 'word', '']);
  for (const v of [empty, word, emptyLast]) assert.ok(Math.abs(norm(v) - 1) < 1e-5);
  assert.deepEqual(empty, emptyLast);
  assert.ok(cosine(empty, word) < 0.99, 'the empty string is not given the vector of a neighbour');
  const [alone] = await embedder.embed(['']);
  assert.deepEqual(alone, empty);
});

test('a cancelled call stops before the next batch', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(embedder.embed(['one', 'two'], controller.signal), { name: 'AbortError' });
});

test('the model reads the first 128 tokens of a text and no more (the graph clips the rest)', async () => {
  const long = model.tokenizer.encode('Tsuyoku naritai! I want to become stronger, said the student. '.repeat(20));
  assert.ok(long.length > 200);
  const [whole, first128, first127] = await Promise.all(
    [long, long.slice(0, USE_LITE_MAX_TOKENS), long.slice(0, USE_LITE_MAX_TOKENS - 1)].map((ids) => runUseBatch(model, [ids])),
  );
  assert.deepEqual(first128, whole, 'the first 128 tokens give the same numbers as all of them');
  assert.ok(Math.max(...first127.map((x, i) => Math.abs(x - whole[i]))) > 1e-3, 'one token fewer changes the vector');
});

test('batches by width give the vectors of batches in input order', async () => {
  const texts = ['a short one', 'Tsuyoku naritai! '.repeat(60), 'Politics is the mind-killer.', 'Belief in belief. '.repeat(10), 'x'];
  const plain = new UseEmbedder(model, 2, { batchByWidth: false });
  const [tuned, reference] = [await embedder.embed(texts), await plain.embed(texts)];
  tuned.forEach((v, i) => assert.ok(Math.max(...v.map((x, j) => Math.abs(x - reference[i][j]))) < 1e-6, `text ${i}`));
});

test('the attention on SIMD kernels gives the vectors of the graph as shipped, within 1e-5', async () => {
  const shipped = await loadUseModel(await verifyModelFiles(folderModelSource(installedPackageModelDir() as string)), { simdAttention: false });
  try {
    const texts = ['Belief in belief is not the same as belief.', 'Tsuyoku naritai! I want to become stronger. '.repeat(20), 'ok'];
    const [ours, reference] = [await embedder.embed(texts), await new UseEmbedder(shipped, 4).embed(texts)];
    ours.forEach((v, i) => assert.ok(Math.max(...v.map((x, j) => Math.abs(x - reference[i][j]))) < 1e-5, `text ${i}`));
  } finally {
    shipped.graph.dispose();
  }
});

test('a text’s vector is bit for bit the same whatever texts share its call and in whatever order', async () => {
  const text = 'The map is not the territory, said the student.';
  const others = ['Tsuyoku naritai! '.repeat(60), 'short', 'Belief in belief. '.repeat(4), 'Politics is the mind-killer, again and again.'];
  const [alone] = await embedder.embed([text]);
  const amongLong = (await embedder.embed([others[0], text]))[1];
  const amongMany = (await embedder.embed([...others, text, ...others]))[4];
  assert.deepEqual(amongLong, alone);
  assert.deepEqual(amongMany, alone);
});
