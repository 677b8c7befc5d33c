import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FieldPostings, MAX_COUNT } from '../../../src/core/index/field-postings';

/** What the packed arrays say, as word → [[note, count], …] in note order. */
function readBack(field: FieldPostings): Map<number, Array<[number, number]>> {
  field.seal();
  const { words, starts, notes, counts } = field.packed;
  const out = new Map<number, Array<[number, number]>>();
  words.forEach((word, i) => out.set(word, Array.from({ length: starts[i + 1] - starts[i] }, (_, k) => [notes[starts[i] + k], counts[starts[i] + k]])));
  return out;
}

/** The same from a plain model: each note's words counted. */
function expected(model: Map<number, number[]>): Map<number, Array<[number, number]>> {
  const out = new Map<number, Array<[number, number]>>();
  for (const id of [...model.keys()].sort((a, b) => a - b)) {
    const counts = new Map<number, number>();
    for (const w of model.get(id)!) counts.set(w, (counts.get(w) ?? 0) + 1);
    for (const [w, c] of counts) out.set(w, [...(out.get(w) ?? []), [id, c]]);
  }
  return new Map([...out].sort(([a], [b]) => a - b));
}

test('after any mix of adds, replacements and removals, sealed now and then, the postings are those of the notes held', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), id: fc.integer({ min: 1, max: 12 }), words: fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 15 }) }),
    fc.record({ kind: fc.constant('remove' as const), id: fc.integer({ min: 1, max: 12 }) }),
    fc.record({ kind: fc.constant('seal' as const) }),
  );
  fc.assert(
    fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const field = new FieldPostings();
      const model = new Map<number, number[]>();
      for (const s of steps) {
        if (s.kind === 'add') {
          field.add(s.id, s.words);
          model.set(s.id, s.words);
        } else if (s.kind === 'remove') {
          field.remove(s.id);
          model.delete(s.id);
        } else field.seal();
      }
      assert.deepEqual(readBack(field), expected(model));
      let lengths = 0;
      for (const [id, words] of model) {
        assert.equal(field.length(id), words.length);
        assert.equal(field.distinctLength(id), new Set(words).size);
        lengths += words.length;
      }
      assert.equal(field.lengthSum(), lengths);
      for (let id = 1; id <= 12; id++) if (!model.has(id)) assert.equal(field.length(id), 0, `note ${id} gone`);
    }),
    { numRuns: 400 },
  );
});

test('a word repeated beyond what a count holds is kept at the most it holds', () => {
  const field = new FieldPostings();
  field.add(1, new Array<number>(MAX_COUNT + 10).fill(7));
  assert.deepEqual(readBack(field).get(7), [[1, MAX_COUNT]]);
  assert.equal(field.length(1), MAX_COUNT + 10, 'the length still counts every word');
});

test('packed postings from elsewhere are checked before use', () => {
  const field = new FieldPostings();
  field.add(1, [3, 5]);
  field.add(2, [5]);
  field.seal();
  const good = field.packed;
  const lengths = [0, 2, 1];
  assert.doesNotThrow(() => FieldPostings.fromPacked(good, lengths, [0, 2, 1], [1, 2]));
  assert.throws(() => FieldPostings.fromPacked(good, lengths, [0, 2, 1], [1]), /does not hold/);
  assert.throws(() => FieldPostings.fromPacked({ ...good, words: Uint32Array.of(5, 3) }, lengths, [0, 2, 1], [1, 2]), /out of order/);
  assert.throws(() => FieldPostings.fromPacked({ ...good, counts: new Uint16Array(good.counts.length) }, lengths, [0, 2, 1], [1, 2]), /names no note/);
  assert.throws(() => FieldPostings.fromPacked({ ...good, starts: Uint32Array.of(0, 1) }, lengths, [0, 2, 1], [1, 2]), /do not fit/);
});
