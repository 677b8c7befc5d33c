import assert from 'node:assert/strict';
import { test } from 'node:test';
import { statusText } from '../../src/ui/status-bar';

test('the status bar names each state in a few words', () => {
  assert.equal(statusText({ kind: 'idle' }), 'Kindred: idle');
  assert.equal(statusText({ kind: 'downloading', percent: 42 }), 'Kindred: downloading model 42%');
  assert.equal(statusText({ kind: 'indexing', done: 120, total: 1000, chunksPerSecond: 11.04, secondsLeft: null }), 'Kindred: indexing 120 of 1000 (11.0 chunks/s)');
  assert.equal(statusText({ kind: 'indexing', done: 120, total: 1000, chunksPerSecond: 11.04, secondsLeft: 730 }), 'Kindred: indexing 120 of 1000, about 12 min left');
  assert.equal(statusText({ kind: 'indexing', done: 3, total: 45, chunksPerSecond: 0, secondsLeft: null }), 'Kindred: indexing 3 of 45');
  assert.equal(statusText({ kind: 'paused' }), 'Kindred: paused');
  assert.equal(statusText({ kind: 'error', message: 'x' }), 'Kindred: error');
});
