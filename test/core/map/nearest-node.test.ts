import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nearestInDirection } from '../../../src/core/map/nearest-node';

const at = (name: string, x: number, y: number) => ({ name, x, y });

test('arrow keys go to the nearest node that way, preferring the one straight ahead', () => {
  const centre = at('centre', 0, 0);
  const nodes = [centre, at('right', 100, 5), at('up-right', 40, -60), at('left', -80, 0), at('below', 0, 90), at('far-right', 300, 0)];
  const go = (from: typeof centre, d: 'left' | 'right' | 'up' | 'down') => nearestInDirection(nodes, from, d)?.name ?? null;
  assert.equal(go(centre, 'right'), 'right');
  assert.equal(go(centre, 'left'), 'left');
  assert.equal(go(centre, 'down'), 'below');
  assert.equal(go(centre, 'up'), 'up-right');
  assert.equal(go(nodes[5], 'right'), null, 'nothing further right');
  assert.equal(go(nodes[1], 'right'), 'far-right');
  // Screen y grows downward: "up" from below is the centre.
  assert.equal(go(nodes[4], 'up'), 'centre');
});
