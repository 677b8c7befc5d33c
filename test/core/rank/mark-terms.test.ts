import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countMatchedTerms, markTerms } from '../../../src/core/rank/mark-terms';
import { simpleTokenize } from '../../helpers/memory-index-reader';

test('matched words are wrapped in ==…== with their original case, others left alone', () => {
  const out = markTerms('Bread needs Yeast; yeast-free bread is flat.', new Set(['bread', 'yeast']), simpleTokenize);
  assert.equal(out.text, '==Bread== needs ==Yeast==; yeast-free ==bread== is flat.');
  assert.equal(out.matched, 2);
});

test('nothing to mark leaves the text as it was', () => {
  const out = markTerms('A plain sentence.', new Set(['galaxy']), simpleTokenize);
  assert.deepEqual(out, { text: 'A plain sentence.', matched: 0 });
  assert.equal(countMatchedTerms('galaxy galaxy star', new Set(['galaxy', 'moon']), simpleTokenize), 1);
});
