/**
 * Every file Kindred writes goes to a temporary name first and is renamed (or linked) into place:
 * `<name>.<12 hex>.tmp`. The random part keeps two writers from sharing one; the fixed form lets
 * a sweep recognise Kindred's own leftovers and nothing else.
 */

/** `.` + 12 hex digits + `.tmp`: what a file name must leave room for (the clip caps names by bytes). */
export const TEMPORARY_SUFFIX_BYTES = 17;

const TEMPORARY = /\.[0-9a-f]{12}\.tmp$/;

/** The temporary name of `name`, given 6 random bytes. */
export function temporaryName(name: string, random: Uint8Array): string {
  if (random.length !== 6) throw new RangeError('a temporary name takes 6 random bytes');
  return `${name}.${[...random].map((b) => b.toString(16).padStart(2, '0')).join('')}.tmp`;
}

/** Whether a file name is one of Kindred's temporaries (never a user's own `.tmp` file of another form). */
export function isTemporaryName(name: string): boolean {
  return TEMPORARY.test(name);
}

/**
 * How long a temporary may go unwritten before a sweep removes it. A write in progress touches its
 * file continuously; one not written to for this long belongs to a writer that was killed.
 */
export const STALE_TEMPORARY_MS = 5 * 60_000;
