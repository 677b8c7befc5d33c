import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeTimeLeft, TimeLeft } from '../../../src/core/index/time-left';

test('no estimate until a pace is known: the first batch (with the warm-up) only starts the clock', () => {
  const left = new TimeLeft(1000);
  assert.equal(left.secondsLeft(0), null);
  left.record(100, 10_000);
  assert.equal(left.secondsLeft(10_000), null);
  left.record(100, 12_000);
  // 100 bytes in 2 s after the first batch: 800 bytes left take 16 s.
  assert.equal(left.secondsLeft(12_000), 16);
  assert.equal(left.secondsLeft(15_000), 13, 'the clock runs down between batches');
  assert.equal(left.secondsLeft(60_000), 0, 'never below zero');
});

test('counted in bytes, short notes first do not make a long run look short', () => {
  // 10 short notes of 100 bytes, then 10 long ones of 1,000, indexed at a steady 100 bytes a second.
  const sizes = [...new Array<number>(10).fill(100), ...new Array<number>(10).fill(1000)];
  const total = sizes.reduce((s, x) => s + x, 0);
  const left = new TimeLeft(total);
  let at = 0;
  let done = 0;
  let notesLeftEstimate = 0;
  sizes.forEach((bytes, i) => {
    at += (bytes / 100) * 1000;
    done += bytes;
    left.record(bytes, at);
    if (i === 4) {
      const secondsSoFar = at / 1000;
      // The estimate before: notes left ÷ notes per second so far.
      notesLeftEstimate = (sizes.length - 5) / (5 / secondsSoFar);
      const truth = (total - done) / 100;
      assert.ok(Math.abs(left.secondsLeft(at)! - truth) < 1e-9, `bytes: ${left.secondsLeft(at)} against ${truth}`);
      assert.ok(notesLeftEstimate < truth / 5, 'the note-count estimate is far too hopeful here');
    }
  });
  assert.equal(left.secondsLeft(at), 0);
});

test('time spent paused counts neither against the pace nor against the time left', () => {
  const left = new TimeLeft(1000);
  left.record(100, 10_000);
  left.record(100, 12_000);
  assert.equal(left.secondsLeft(12_000), 16);
  // Paused for a minute, then the next batch takes 2 s as before.
  left.paused(60_000);
  assert.equal(left.secondsLeft(72_000), 16, 'resumed where it was');
  left.record(100, 74_000);
  assert.equal(left.bytesPerSecond, 50);
  assert.equal(left.secondsLeft(74_000), 14);
});

test('time left reads as a rounded estimate: seconds, minutes, then hours and minutes', () => {
  assert.deepEqual([0, 3, 44, 89, 91, 720, 5340, 5400, 7800].map(describeTimeLeft), [
    'about 5 s',
    'about 5 s',
    'about 45 s',
    'about 90 s',
    'about 2 min',
    'about 12 min',
    'about 89 min',
    'about 1 h 30 min',
    'about 2 h 10 min',
  ]);
});
