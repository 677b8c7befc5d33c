import assert from 'node:assert/strict';
import { test } from 'node:test';
import { passageSegments } from '../../../src/core/rank/plain-passage';

test('a pane shows a passage as the words a reader reads, the matched words apart', () => {
  const segments = passageSegments('> As [[fake-explanations|Fake Explanations]] says, *a ==belief== should* pay `rent` in [anticipation](https://example.org/a).');
  assert.deepEqual(segments, [
    { text: 'As Fake Explanations says, a ', marked: false },
    { text: 'belief', marked: true },
    { text: ' should pay rent in anticipation.', marked: false },
  ]);
});

test('a passage with nothing marked is one plain segment; an empty one is none', () => {
  assert.deepEqual(passageSegments('## Heading\nPlain words [[Note]]'), [{ text: 'Heading\nPlain words Note', marked: false }]);
  assert.deepEqual(passageSegments(''), []);
});

test('the stand-in characters in a note never open or close a mark', () => {
  const segments = passageSegments('odd \uE000 text \uE001 and ==marked==');
  assert.deepEqual(segments.filter((s) => s.marked).map((s) => s.text), ['marked']);
  assert.ok(segments.every((s) => !/[\uE000\uE001]/.test(s.text)));
});
