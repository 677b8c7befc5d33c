import { test } from 'node:test';
import assert from 'node:assert/strict';
import { displayedText } from '../../../src/core/rank/displayed-text';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

test('a wiki link reads as the text it shows: its alias, else its target without the heading', () => {
  const text = displayedText('See [[belief-in-belief|act as if]] and [[Galaxies#Redshift]] and ![[Chart]].');
  assert.deepEqual(words(text), ['See', 'act', 'as', 'if', 'and', 'Galaxies', 'and', 'Chart', '.']);
  assert.doesNotMatch(text, /belief-in-belief|Redshift/);
});

test('markdown link targets and bare URLs are blanked, the link text stays', () => {
  const text = displayedText('Read [the essay](https://example.org/slug-words) or https://example.org/other-slug now.');
  assert.deepEqual(words(text), ['Read', 'the', 'essay', 'or', 'now.']);
});

test('front matter gives its values, not its keys, and not URL values', () => {
  const note = [
    '---',
    'title: "Belief as Attire"',
    'source: "https://www.readthesequences.com/Belief-As-Attire"',
    'sequence: Fake Beliefs',
    'tags: [rationality, signalling]',
    '---',
    '# Belief as Attire',
    'Body text.',
  ].join('\n');
  const text = displayedText(note);
  for (const value of ['Belief as Attire', 'Fake Beliefs', 'rationality', 'signalling', 'Body text.']) {
    assert.ok(text.includes(value), value);
  }
  assert.doesNotMatch(text, /sequence:|source|readthesequences|https/);
});

test('dates and times in front matter are not words of the note', () => {
  const text = displayedText('---\nclipped: 2026-11-27T10:31:05Z\npublished: 2019-03-04\nauthor: Ada\n---\nBody.');
  assert.deepEqual(words(text), ['Ada', 'Body.']);
});

test('a note without front matter is just its displayed body', () => {
  assert.equal(displayedText('plain words').trim(), 'plain words');
});
