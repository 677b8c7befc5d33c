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

test('a passage cut inside a link shows the link\'s words, never a stray bracket', () => {
  const plain = (md: string) => passageSegments(md).map((s) => s.text).join('');
  assert.equal(plain('Rent|pay rent]] is what a belief owes.'), 'pay rent is what a belief owes.');
  assert.equal(plain('Fake Explanations]] says so.'), 'Fake Explanations says so.');
  assert.equal(plain('the map](https://example.org/map) is not the territory'), 'the map is not the territory');
  assert.equal(plain('example.org/map) is not the territory'), ' is not the territory');
  assert.equal(plain('as the essay [[Making Beliefs Pay'), 'as the essay Making Beliefs Pay');
  assert.equal(plain('as the essay [[making-beliefs|Making Beliefs'), 'as the essay Making Beliefs');
  assert.equal(plain('see ![a diagram](https://exam'), 'see a diagram');
  assert.equal(plain('see [the map'), 'see the map');
  // Whole links and brackets that are not links stay as they were.
  assert.equal(plain('[[a|b]] and [x](https://e.org) [sic]'), 'b and x [sic]');
  assert.equal(plain('2) the second point (see above)'), '2) the second point (see above)');
});
