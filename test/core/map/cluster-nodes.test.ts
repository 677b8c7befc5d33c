import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { clusterNodes } from '../../../src/core/map/cluster-nodes';

/** Groups as a comparable value: each group sorted, the groups sorted. */
function partition(groups: string[][]): string[] {
  return groups.map((g) => [...g].sort().join(' ')).sort();
}

test('average linkage: groups merge while their mean similarity reaches the threshold', () => {
  // a–b–c are close to each other, d–e to each other, f to no one; b–d is close but a–d, c–d are not.
  const close = new Set(['a b', 'a c', 'b c', 'd e', 'b d']);
  const paths = ['a', 'b', 'c', 'd', 'e', 'f'];
  const sim = (i: number, j: number) => (close.has([paths[i], paths[j]].sort().join(' ')) ? 0.9 : 0.1);
  assert.deepEqual(partition(clusterNodes(paths, sim, 0.5)), ['a b c', 'd e']);
  // At a low threshold everything joins; above every similarity nothing does.
  assert.deepEqual(partition(clusterNodes(paths, sim, 0.05)), ['a b c d e f']);
  assert.deepEqual(clusterNodes(paths, sim, 0.95), []);
});

test('a note without a similarity (no vector) stays on its own', () => {
  const paths = ['a', 'b', 'c'];
  const sim = (i: number, j: number) => (i === 2 || j === 2 ? NaN : 0.9);
  assert.deepEqual(partition(clusterNodes(paths, sim, -1)), ['a b']);
});

test('clusters are the same whatever order the notes come in', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 14 }).chain((n) =>
        fc.record({
          n: fc.constant(n),
          // Similarities on a coarse grid, so that ties (the hard case for order) are common.
          values: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
          order: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
          threshold: fc.integer({ min: 1, max: 5 }).map((t) => t / 5),
        }),
      ),
      ({ n, values, order, threshold }) => {
        const paths = [...Array(n).keys()].map((i) => `note-${String(i).padStart(2, '0')}.md`);
        const key = (a: number, b: number) => (a < b ? a * n + b : b * n + a);
        const table = new Map<number, number>();
        let at = 0;
        for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) table.set(key(i, j), values[at++] / 5);
        const straight = clusterNodes(paths, (i, j) => table.get(key(i, j))!, threshold);
        const shuffledPaths = order.map((i) => paths[i]);
        const shuffled = clusterNodes(shuffledPaths, (i, j) => table.get(key(order[i], order[j]))!, threshold);
        assert.deepEqual(partition(shuffled), partition(straight));
      },
    ),
    { numRuns: 300 },
  );
});
