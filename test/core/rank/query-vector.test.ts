import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noteVector } from '../../../src/core/index/note-matrix';
import { QUERY_WINDOW_WORDS, queryVector, queryWindows } from '../../../src/core/rank/query-vector';

const words = (n: number, stem = 'w') => Array.from({ length: n }, (_, i) => `${stem}${i}`).join(' ');

/** A stand-in model's vector of a text: its words and its characters. */
const fakeVector = (text: string) => Float32Array.from([text.split(/\s+/).length, text.length]);

/** The stand-in model, keeping every call. */
function recordingEmbed() {
  const calls: string[][] = [];
  const embed = (texts: string[]) => {
    calls.push(texts);
    return Promise.resolve(texts.map(fakeVector));
  };
  return { calls, embed };
}

test('a query the model reads whole is embedded as it is, in one call', async () => {
  const { calls, embed } = recordingEmbed();
  const text = 'how do  people\nchange their minds';
  const vector = await queryVector(embed, text);
  assert.deepEqual(calls, [[text]], 'its own text, spacing and all');
  assert.deepEqual(vector, fakeVector(text));
  assert.deepEqual(queryWindows(words(QUERY_WINDOW_WORDS)), [words(QUERY_WINDOW_WORDS)]);
});

test('a longer query is cut into windows of 64 words, each embedded, and its vector is their normalised mean', async () => {
  const { calls, embed } = recordingEmbed();
  const text = words(150);
  const vector = await queryVector(embed, text);
  assert.equal(calls.length, 1, 'the windows go to the model in one call');
  assert.deepEqual(calls[0].map((w) => w.split(' ').length), [64, 64, 22]);
  assert.deepEqual(calls[0].map((w) => w.split(' ')[0]), ['w0', 'w64', 'w128']);
  assert.deepEqual(vector, noteVector(calls[0].map(fakeVector)));
  assert.ok(Math.abs(Math.hypot(...vector) - 1) < 1e-6);
});

test('a tail under a third of a window joins the window before it, so no window is a few stray words', () => {
  assert.deepEqual(queryWindows(words(64 + 21)).map((w) => w.split(' ').length), [85]);
  assert.deepEqual(queryWindows(words(64 + 22)).map((w) => w.split(' ').length), [64, 22]);
  assert.deepEqual(queryWindows(words(200), 50).map((w) => w.split(' ').length), [50, 50, 50, 50]);
});
