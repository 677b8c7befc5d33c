/**
 * FNV-1a over a string's UTF-16 units, 32 bits unsigned: a fast, stable hash where no one needs
 * it to resist anyone (which keyword bucket a note is in, which lines of a vault are the same).
 * Its value is part of what the index saves, so it must never change.
 */
export function fnv1a32(text: string): number {
  return fnv1a32Continue(FNV1A32_START, text) >>> 0;
}

/** FNV-1a's starting value: `fnv1a32(a + b)` is `fnv1a32Continue(fnv1a32Continue(FNV1A32_START, a), b) >>> 0`. */
export const FNV1A32_START = 0x811c9dc5;

/** The hash `h` carried on over `text`, for hashing several strings as one without joining them. */
export function fnv1a32Continue(h: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}
