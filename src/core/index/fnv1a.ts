/**
 * FNV-1a over a string's UTF-16 units, 32 bits unsigned: a fast, stable hash where no one needs
 * it to resist anyone (which keyword bucket a note is in, which lines of a vault are the same).
 * Its value is part of what the index saves, so it must never change.
 */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
