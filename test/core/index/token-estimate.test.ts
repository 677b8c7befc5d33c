import { test } from 'node:test';
import assert from 'node:assert/strict';
import { USE_TOKENS_PER_WORD, estimateUseTokens } from '../../../src/core/index/token-estimate';

test('estimates tokens as whitespace words times the measured ratio, rounded up', () => {
  assert.equal(USE_TOKENS_PER_WORD, 1.78);
  assert.equal(estimateUseTokens(''), 0);
  assert.equal(estimateUseTokens('   \n\t '), 0);
  assert.equal(estimateUseTokens('one'), 2);
  assert.equal(estimateUseTokens('The map is  not\nthe territory.'), 11); // 6 words × 1.78 = 10.68
});
