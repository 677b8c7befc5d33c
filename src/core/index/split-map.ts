/**
 * A Map (and a Set) kept as 16 smaller ones, for the collections that hold one entry per
 * passage of the vault (346,000 at 50,000 notes). A JavaScript Map grows by copying all its
 * entries into a table twice the size, in one piece: past 262,144 entries that copy held the UI
 * thread for over 50 ms while an index opened. Split 16 ways, each copy is a sixteenth of that.
 * The part of a key is cheap to find and spreads content hashes (chunk ids are hex, line
 * hashes are 32-bit) evenly; any key is correct, only the spread depends on it. They have only
 * what their users need: lookups, no iteration.
 */
const PARTS = 16;

function partOf(key: string | number): number {
  if (typeof key === 'number') return (key ^ (key >>> 4)) & (PARTS - 1);
  const n = key.length;
  return n === 0 ? 0 : (key.charCodeAt(n - 1) + key.charCodeAt(0) + n) & (PARTS - 1);
}

export class SplitMap<K extends string | number, V> {
  private readonly parts = Array.from({ length: PARTS }, () => new Map<K, V>());

  get size(): number {
    let n = 0;
    for (const part of this.parts) n += part.size;
    return n;
  }

  get(key: K): V | undefined {
    return this.parts[partOf(key)].get(key);
  }

  has(key: K): boolean {
    return this.parts[partOf(key)].has(key);
  }

  set(key: K, value: V): this {
    this.parts[partOf(key)].set(key, value);
    return this;
  }

  delete(key: K): boolean {
    return this.parts[partOf(key)].delete(key);
  }

}

export class SplitSet<K extends string | number> {
  private readonly parts = Array.from({ length: PARTS }, () => new Set<K>());

  get size(): number {
    let n = 0;
    for (const part of this.parts) n += part.size;
    return n;
  }

  has(key: K): boolean {
    return this.parts[partOf(key)].has(key);
  }

  /** Adds `key`; whether it was new (one lookup, where `has` then `add` would take two). */
  addNew(key: K): boolean {
    const part = this.parts[partOf(key)];
    const before = part.size;
    part.add(key);
    return part.size > before;
  }

  delete(key: K): boolean {
    return this.parts[partOf(key)].delete(key);
  }
}
