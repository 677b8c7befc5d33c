import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fnv1a32 } from '../../../src/core/index/fnv1a';

test("FNV-1a gives the published 32-bit values: saved bucket layouts and line hashes depend on them", () => {
  assert.equal(fnv1a32(''), 0x811c9dc5);
  assert.equal(fnv1a32('a'), 0xe40c292c);
  assert.equal(fnv1a32('foobar'), 0xbf9cf968);
});
