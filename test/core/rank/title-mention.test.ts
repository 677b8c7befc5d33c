import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mentionIndex, titleMention } from '../../../src/core/rank/title-mention';
import { tokenize } from '../../../src/core/index/tokenize';

const text = 'As we saw when making beliefs pay rent, a belief should constrain anticipation.';
const index = mentionIndex(text, tokenize);

test('a title counts as mentioned by the share of its adjacent word pairs found side by side', () => {
  // "Making Beliefs Pay Rent" → making beliefs, beliefs pay, pay rent: all three are in the text.
  assert.equal(titleMention(index, 'Making Beliefs Pay Rent', tokenize), 1);
  // "Pay Rent in Gold" → pay rent (found), rent gold (not found).
  assert.equal(titleMention(index, 'Pay Rent in Gold', tokenize), 0.5);
});

test('the same words far apart are not a mention', () => {
  assert.equal(titleMention(index, 'Rent Making', tokenize), 0);
  assert.equal(titleMention(index, 'Anticipation Beliefs', tokenize), 0);
});

test('a one-word title is mentioned when the word occurs; stop words alone mention nothing', () => {
  assert.equal(titleMention(index, 'Anticipation', tokenize), 1);
  assert.equal(titleMention(index, 'Rationalization', tokenize), 0);
  assert.equal(titleMention(index, 'The', tokenize), 0);
  assert.equal(titleMention(index, '', tokenize), 0);
});
