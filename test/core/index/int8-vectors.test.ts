import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cosine, cosineAgainstRows } from '../../../src/core/rank/cosine';
import { copyRow, dequantiseRow, dequantiseRows, emptyInt8Rows, floatRows, int8RoundTrip, quantiseInto, quantiseRows, rowCount } from '../../../src/core/index/int8-vectors';

/** One row's score, from the scan. */
const dotRow = (rows: ReturnType<typeof quantiseRows>, row: number, query: Float32Array): number => cosineAgainstRows(rows, query)[row];

let seed = 11;
const random = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
const unitVector = (dims: number): Float32Array => {
  const v = Float32Array.from({ length: dims }, random);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
};
const matrixOf = (rows: Float32Array[]): Float32Array => {
  const out = new Float32Array(rows.length * rows[0].length);
  rows.forEach((row, r) => out.set(row, r * row.length));
  return out;
};

test('a vector becomes 8-bit codes and one scale: its largest component is ±127, the rest in step', () => {
  const codes = new Int8Array(4);
  const scale = quantiseInto(Float32Array.from([0.5, -0.25, 0.125, -1]), codes, 0);
  assert.deepEqual([...codes], [64, -32, 16, -127]);
  assert.ok(Math.abs(scale - 1 / 127) < 1e-9);
});

test('a zero vector has scale 0 and all-zero codes, and scores 0 against anything', () => {
  const rows = quantiseRows(new Float32Array(8), 8);
  assert.equal(rows.scales[0], 0);
  assert.deepEqual([...rows.codes], new Array(8).fill(0));
  assert.equal(dotRow(rows, 0, unitVector(8)), 0);
});

test('read back, each component is within half a step of the original', () => {
  const v = unitVector(512);
  const rows = quantiseRows(v, 512);
  const back = dequantiseRow(rows, 0);
  const halfStep = rows.scales[0] / 2;
  for (let i = 0; i < 512; i++) assert.ok(Math.abs(back[i] - v[i]) <= halfStep + 1e-7, `component ${i}`);
});

test('a 512-d unit vector keeps its cosines to within 0.002', () => {
  const rows = Array.from({ length: 50 }, () => unitVector(512));
  const codes = quantiseRows(matrixOf(rows), 512);
  for (let r = 0; r < rows.length; r++) {
    const query = unitVector(512);
    assert.ok(Math.abs(dotRow(codes, r, query) - cosine(rows[r], query)) < 0.002);
  }
});

test('the int8 scan is the float scan of the dequantised rows, whatever the dimension (it takes four at a time)', () => {
  for (const dims of [1, 3, 4, 7, 512]) {
    const rows = Array.from({ length: 9 }, () => unitVector(dims));
    const codes = quantiseRows(matrixOf(rows), dims);
    assert.equal(rowCount(codes), 9);
    const query = unitVector(dims);
    const int8 = cosineAgainstRows(codes, query);
    const float = cosineAgainstRows(floatRows(dequantiseRows(codes), dims), query);
    for (let r = 0; r < 9; r++) {
      assert.ok(Math.abs(int8[r] - float[r]) < 1e-5, `dims ${dims}, row ${r}`);
      assert.ok(Math.abs(int8[r] - cosine(dequantiseRow(codes, r), query)) < 1e-5);
    }
  }
});

test('a row copied from one block to another keeps its codes and scale as they were (no second rounding)', () => {
  const source = quantiseRows(matrixOf([unitVector(16), unitVector(16)]), 16);
  const target = emptyInt8Rows(3, 16);
  copyRow(source, 1, target, 2);
  assert.deepEqual([...target.codes.subarray(32)], [...source.codes.subarray(16)]);
  assert.equal(target.scales[2], source.scales[1]);
  assert.deepEqual(dequantiseRow(target, 2), dequantiseRow(source, 1));
});

test('a vector round-tripped through int8 is what the index reads back, and quantising that again changes nothing', () => {
  const v = unitVector(64);
  const back = int8RoundTrip(v);
  assert.deepEqual(back, dequantiseRow(quantiseRows(v, 64), 0));
  assert.deepEqual([...quantiseRows(back, 64).codes], [...quantiseRows(v, 64).codes]);
});
