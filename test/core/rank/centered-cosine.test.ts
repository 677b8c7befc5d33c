import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centeredCosines } from '../../../src/core/rank/centered-cosine';
import { cosineAgainstRows } from '../../../src/core/rank/cosine';
import { floatRows, quantiseRows } from '../../../src/core/index/int8-vectors';

function normalised(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values.map((v) => v / norm));
}

/** The textbook computation: subtract the mean row, renormalise both sides, take the dot product. */
function explicitCentered(rows: Float32Array[], query: Float32Array): number[] {
  const mean = query.map((_, i) => rows.reduce((s, r) => s + r[i], 0) / rows.length);
  const centre = (v: Float32Array) => {
    const c = v.map((x, i) => x - mean[i]);
    const n = Math.hypot(...c);
    return c.map((x) => x / n);
  };
  const q = centre(query);
  return rows.map((r) => centre(r).reduce((s, x, i) => s + x * q[i], 0));
}

const rows = [
  normalised([1, 0.9, 0.1, 0]),
  normalised([1, 0.8, 0, 0.2]),
  normalised([1, 0.1, 0.9, 0]),
  normalised([1, 0, 0.8, 0.3]),
];
const matrix = floatRows(new Float32Array(rows.flatMap((r) => [...r])), 4);

test('centred cosines equal subtracting the mean note vector and renormalising', () => {
  const query = normalised([1, 0.7, 0.2, 0.1]);
  const got = centeredCosines(matrix, query, cosineAgainstRows(matrix, query));
  explicitCentered(rows, query).forEach((want, i) => assert.ok(Math.abs(got[i] - want) < 1e-5, `row ${i}`));
});

test('the shared direction is removed: raw cosines all look alike, centred ones separate the two groups', () => {
  const query = rows[0];
  const raw = cosineAgainstRows(matrix, query);
  const centred = centeredCosines(matrix, query, raw);
  assert.ok(raw[2] > 0.5, 'every raw cosine is high: the vectors share their first axis');
  assert.ok(centred[1] > 0.5 && centred[2] < 0 && centred[3] < 0);
});

test('a new matrix gets its own mean (the statistics are cached per matrix, not globally)', () => {
  const other = floatRows(new Float32Array([...rows[0], ...rows[2]]), 4);
  const query = rows[1];
  const got = centeredCosines(other, query, cosineAgainstRows(other, query));
  const want = explicitCentered([rows[0], rows[2]], query);
  want.forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-5));
});

test('a query equal to the mean scores 0 rather than dividing by zero', () => {
  const two = floatRows(new Float32Array([...rows[0], ...rows[0]]), 4);
  const got = centeredCosines(two, rows[0], cosineAgainstRows(two, rows[0]));
  assert.deepEqual([...got], [0, 0]);
});

test('over int8 rows, centred cosines are those of the rows read back in float', () => {
  const query = normalised([1, 0.7, 0.2, 0.1]);
  const int8 = quantiseRows(matrix.codes, 4);
  const got = centeredCosines(int8, query, cosineAgainstRows(int8, query));
  const readBack = Array.from({ length: 4 }, (_, r) => Float32Array.from(int8.codes.subarray(r * 4, r * 4 + 4), (c) => c * int8.scales[r]));
  explicitCentered(readBack, query).forEach((want, i) => assert.ok(Math.abs(got[i] - want) < 1e-5, `row ${i}`));
});
