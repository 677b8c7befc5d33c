import { test } from 'node:test';
import assert from 'node:assert/strict';
import { plural } from '../../../src/cli/commands/plural';

test('a count agrees with its noun: 1 note, 0 notes, 6 items, 2 matches', () => {
  assert.equal(plural(1, 'note'), '1 note');
  assert.equal(plural(0, 'note'), '0 notes');
  assert.equal(plural(6, 'item'), '6 items');
  assert.equal(plural(2, 'match', 'matches'), '2 matches');
  assert.equal(plural(1, 'match', 'matches'), '1 match');
});
