/** Arrow keys on the map: which node is next in a direction. */
export type Direction = 'left' | 'right' | 'up' | 'down';

const UNIT: Record<Direction, [number, number]> = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] };

/**
 * The node an arrow key moves to from `from`: among the nodes within 60° of the direction, the
 * nearest, with distance off the line counting double (so "right" prefers the node straight to
 * the right over a nearer one far above it). `null` when nothing lies that way.
 */
export function nearestInDirection<T extends { x: number; y: number }>(nodes: readonly T[], from: T, direction: Direction): T | null {
  const [ux, uy] = UNIT[direction];
  let best: T | null = null;
  let bestCost = Infinity;
  for (const node of nodes) {
    if (node === from) continue;
    const dx = node.x - from.x;
    const dy = node.y - from.y;
    const along = dx * ux + dy * uy;
    const across = Math.abs(dx * uy - dy * ux);
    // Within 60° of the direction: tan 60° ≈ 1.732.
    if (along <= 0 || across > along * 1.732) continue;
    const cost = along + 2 * across;
    if (cost < bestCost) {
      best = node;
      bestCost = cost;
    }
  }
  return best;
}
