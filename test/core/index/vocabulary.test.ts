import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Vocabulary } from '../../../src/core/index/vocabulary';

test('a word keeps its number, and the words beginning with a prefix are found, in word order, however many came since the last merge', () => {
  fc.assert(
    fc.property(fc.array(fc.stringMatching(/^[a-d]{1,5}$/), { maxLength: 3000 }), fc.stringMatching(/^[a-d]{0,2}$/), (words, prefix) => {
      const vocabulary = new Vocabulary();
      const seen = new Map<string, number>();
      words.forEach((w, i) => {
        const id = vocabulary.intern(w);
        if (!seen.has(w)) seen.set(w, id);
        assert.equal(id, seen.get(w));
        // Ask now and then, as typed queries between edits do.
        if (i % 500 === 0) vocabulary.startingWith('a');
      });
      const found = vocabulary.startingWith(prefix).map((id) => vocabulary.wordOf(id));
      assert.deepEqual(found, [...seen.keys()].filter((w) => w.startsWith(prefix)).sort(), 'all of them, in word order');
      assert.equal(vocabulary.idOf('zzz'), undefined);
    }),
    { numRuns: 60 },
  );
});
