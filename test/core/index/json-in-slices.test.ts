import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { create, insert, save } from '@orama/orama';
import { stringifyInSlices } from '../../../src/core/index/json-in-slices';

const reference = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

test('stringifyInSlices writes exactly the bytes of JSON.stringify, for any JSON value, cut into any size of pieces', async () => {
  await fc.assert(
    fc.asyncProperty(fc.jsonValue(), fc.integer({ min: 0, max: 20 }), async (value, leafWeight) => {
      assert.deepEqual(await stringifyInSlices(value, () => Promise.resolve(), leafWeight), reference(value));
    }),
  );
});

test('it follows JSON.stringify on what JSON leaves out or rewrites: undefined, functions, toJSON, boxed values, lone surrogates', async () => {
  const value = {
    a: undefined,
    f: () => 1,
    list: [undefined, () => 2, Symbol('s'), 1],
    date: new Date(0),
    custom: { toJSON: (key: string) => `called with ${key}` },
    boxed: [new Number(3), new String('x'), new Boolean(false)],
    text: 'pair \ud83d\ude00 lone \ud800 end',
    nested: { deeper: { deepest: [{ x: 1 }] } },
  };
  for (const leafWeight of [0, 1, 2, 5, 1000]) assert.deepEqual(await stringifyInSlices(value, () => Promise.resolve(), leafWeight), reference(value), `leaf weight ${leafWeight}`);
});

test("a real Orama bucket's save serialises to the same bytes, breathing between pieces of a large one", async () => {
  const db = create({ schema: { title: 'string', text: 'string' } as const });
  for (let i = 0; i < 400; i++) {
    await insert(db, { id: `note ${i}.md`, title: `Note ${i}`, text: Array.from({ length: 200 }, (_, w) => `word${(i * 7 + w) % 900}`).join(' ') });
  }
  const raw = save(db);
  let breaths = 0;
  const bytes = await stringifyInSlices(raw, () => Promise.resolve(void breaths++));
  assert.deepEqual(bytes, reference(raw));
  assert.ok(bytes.length > 1 << 19 && breaths >= 2, `${bytes.length} bytes, ${breaths} breaths`);
});
