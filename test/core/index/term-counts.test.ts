import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TermCounts, termKey } from '../../../src/core/index/term-counts';

const TEXT = 2;
/** Two terms whose keys collide in the text field (found by trying w0, w1, … in base 36). */
const COLLIDING = ['w35zx', 'wapcd'];

test('counts each term of each field, lengths with duplicates, and says 1 for a term seen once', () => {
  const counts = new TermCounts(4);
  counts.set(7, [['bayes'], [], ['prior', 'prior', 'evidence', 'prior'], ['topic', 'topic']]);
  assert.equal(counts.count(7, termKey(TEXT, 'prior'), TEXT, 'prior'), 3);
  assert.equal(counts.count(7, termKey(TEXT, 'evidence'), TEXT, 'evidence'), 1);
  assert.equal(counts.count(7, termKey(3, 'topic'), 3, 'topic'), 2);
  assert.equal(counts.length(TEXT, 7), 4);
  assert.equal(counts.lengthSum(TEXT), 4);
  counts.set(7, [[], [], ['prior'], []]);
  assert.equal(counts.count(7, termKey(TEXT, 'prior'), TEXT, 'prior'), 1, 'set replaces');
  assert.equal(counts.lengthSum(TEXT), 1);
  counts.delete(7);
  assert.equal(counts.size, 0);
  assert.equal(counts.lengthSum(TEXT), 0);
});

test('a note whose keys collide keeps exact counts, so one term never gets another\'s count', () => {
  assert.equal(termKey(TEXT, COLLIDING[0]), termKey(TEXT, COLLIDING[1]));
  const counts = new TermCounts(4);
  counts.set(1, [[], [], [COLLIDING[0], COLLIDING[1], COLLIDING[1], COLLIDING[1]], []]);
  const key = termKey(TEXT, COLLIDING[0]);
  assert.equal(counts.count(1, key, TEXT, COLLIDING[0]), 1);
  assert.equal(counts.count(1, key, TEXT, COLLIDING[1]), 3);
  const loaded = TermCounts.load(JSON.parse(JSON.stringify(counts.save())), 4);
  assert.equal(loaded.count(1, key, TEXT, COLLIDING[0]), 1);
  assert.equal(loaded.count(1, key, TEXT, COLLIDING[1]), 3);
});

test('saved and loaded, every count and length is the same (fast-check)', () => {
  const note = fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', ...COLLIDING), { maxLength: 20 }), { minLength: 4, maxLength: 4 });
  fc.assert(
    fc.property(fc.array(note, { minLength: 1, maxLength: 12 }), (notes) => {
      const counts = new TermCounts(4);
      notes.forEach((fields, i) => counts.set(i * 3 + 1, fields));
      const loaded = TermCounts.load(JSON.parse(JSON.stringify(counts.save())), 4);
      assert.equal(loaded.size, counts.size);
      notes.forEach((fields, i) => {
        const id = i * 3 + 1;
        fields.forEach((terms, field) => {
          assert.equal(loaded.length(field, id), terms.length);
          assert.equal(loaded.lengthSum(field), counts.lengthSum(field));
          for (const term of new Set(terms)) {
            const expected = terms.filter((t) => t === term).length;
            assert.equal(counts.count(id, termKey(field, term), field, term), expected);
            assert.equal(loaded.count(id, termKey(field, term), field, term), expected);
          }
        });
      });
    }),
    { numRuns: 200, seed: 5 },
  );
});

test('counts saved by another format are refused', () => {
  assert.throws(() => TermCounts.load(undefined, 4), /no term counts/);
  assert.throws(() => TermCounts.load({ format: 2, fields: 4, notes: [], exact: [] }, 4), /no term counts/);
  assert.throws(() => TermCounts.load({ format: 1, fields: 4, notes: [1, 0, 0, 5, 0, 3, 99], exact: [] }, 4), /damaged/);
});
