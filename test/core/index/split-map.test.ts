import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SplitMap, SplitSet } from '../../../src/core/index/split-map';

/** A deterministic sequence of keys: hex ids, words, the empty string, 32-bit hashes and small numbers. */
function keys(n: number): Array<string | number> {
  let seed = 99;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  return Array.from({ length: n }, (_, i) => {
    const r = next();
    if (i % 5 === 0) return (r >>> 0).toString(16).padStart(8, '0');
    if (i % 5 === 1) return ['', 'a', 'word', 'über', 'constructor'][r % 5] + (r % 40);
    if (i % 5 === 2) return r >>> 0;
    if (i % 5 === 3) return r % 50;
    return '';
  });
}

test('a split map answers every lookup as one Map does, through sets, replacements and deletions', () => {
  const split = new SplitMap<string | number, number>();
  const plain = new Map<string | number, number>();
  for (const [i, key] of keys(20_000).entries()) {
    if (i % 3 === 2) assert.equal(split.delete(key), plain.delete(key));
    else {
      split.set(key, i);
      plain.set(key, i);
    }
    assert.equal(split.size, plain.size);
  }
  for (const key of keys(20_000)) {
    assert.equal(split.has(key), plain.has(key));
    assert.equal(split.get(key), plain.get(key));
  }
  assert.ok(plain.size > 1000);
});

test('a split set says whether a key was new, as a Set would', () => {
  const split = new SplitSet<string | number>();
  const plain = new Set<string | number>();
  for (const [i, key] of keys(20_000).entries()) {
    if (i % 4 === 3) assert.equal(split.delete(key), plain.delete(key));
    else {
      const wasNew = !plain.has(key);
      plain.add(key);
      assert.equal(split.addNew(key), wasNew);
    }
    assert.equal(split.size, plain.size);
  }
  for (const key of keys(20_000)) assert.equal(split.has(key), plain.has(key));
});
