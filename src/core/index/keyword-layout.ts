import { fnv1a32 } from './fnv1a';

/**
 * How many keyword buckets a vault's notes are spread over, and which bucket holds a note. The
 * count follows the vault's size, so that a one-note edit rewrites a small file at any size, while
 * a small vault keeps few buckets (each bucket keeps its own copy of the vocabulary).
 */

/**
 * A bucket holds at most this many notes before the count doubles. Chosen by
 * `npx tsx bench/index-scale.bench.ts --notes N --bucket-notes M` (see docs/ARCHITECTURE.md):
 * the one-note edit from a vault event is almost all the save of one keyword file, which grows
 * with the notes in it (about 5.4 KB a note here, so 2,000 notes make an 11 MB file); every
 * bucket costs its own copy of the vocabulary in memory.
 */
export const NOTES_PER_KEYWORD_BUCKET = 2000;

/**
 * The bucket count for a vault of `notes` notes, laid out now in `current` buckets: a power of
 * two with at most `perBucket` notes in each. The count only changes when the notes leave the band
 * `(current · perBucket / 4, current · perBucket]` (at least one bucket), so a vault at a boundary
 * does not flip back and forth: it doubles past the top, and halves only once it has shrunk to a
 * quarter of it.
 */
export function keywordBucketsFor(notes: number, current: number, perBucket = NOTES_PER_KEYWORD_BUCKET): number {
  const isPowerOfTwo = Number.isInteger(current) && current >= 1 && (current & (current - 1)) === 0;
  if (isPowerOfTwo && notes <= current * perBucket && (current === 1 || notes > (current * perBucket) / 4)) return current;
  let count = 1;
  while (count * perBucket < notes) count *= 2;
  return count;
}

/** The bucket of `buckets` that holds `path` (FNV-1a of the path). */
export function bucketOf(path: string, buckets: number): number {
  return fnv1a32(path) % buckets;
}
