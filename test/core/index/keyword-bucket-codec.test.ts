import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sortedByGlobalId } from '../../../src/core/index/keyword-bucket-codec';

test("a bucket's words are put in vocabulary order by one numeric sort, the same order a comparator gives", () => {
  // 5,000 local words, each mapped to a distinct vocabulary id in a shuffled order.
  const count = 5000;
  const globalOf = new Uint32Array(count);
  let seed = 7;
  const ids = Array.from({ length: count }, (_, i) => i * 977 + 3);
  for (let i = count - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  globalOf.set(ids);
  const words = Uint32Array.from({ length: count }, (_, i) => (i * 31) % count);
  const packed = sortedByGlobalId(words, globalOf);
  const compared = sortedByGlobalId(words, globalOf, count); // at the limit: the comparator's path
  assert.deepEqual([...packed], [...compared]);
  for (let k = 1; k < count; k++) assert.ok(globalOf[words[packed[k - 1]]] < globalOf[words[packed[k]]], `in order at ${k}`);
  assert.equal(new Set(packed).size, count, 'every position once');
});
