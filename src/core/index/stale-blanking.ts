import type { FileInfo } from '../ports';
import type { NoteRecord } from './note-record';
import type { Steps } from './time-slicer';

/**
 * The notes to chunk again because the vault's repeated lines are not the ones they were chunked
 * without: a line they hold became repeated (a template's twentieth note), or stopped being (a
 * site's footer falling under 5% as the vault grows). `only` limits the search to the notes a
 * sync just put, when the set of repeated lines is the one every other record was chunked
 * against; otherwise every record is looked at. It pauses (a `yield`) after every `slice`
 * records, since the first sync after start looks at all of them.
 */
export function* staleBlankingSteps(records: ReadonlyMap<string, NoteRecord>, repeated: ReadonlySet<number>, only: Iterable<string> | null, slice = 2048): Steps<FileInfo[]> {
  const stale: FileInfo[] = [];
  let looked = 0;
  for (const record of only === null ? records.values() : [...only].map((path) => records.get(path))) {
    if (record && !blankedAsIn(record, repeated)) stale.push({ path: record.path, mtime: record.mtime, size: record.size });
    if (++looked % slice === 0) yield;
  }
  return stale;
}

/** Whether a record's blanked lines are exactly its lines that are in `repeated`. */
export function blankedAsIn(record: Pick<NoteRecord, 'lines' | 'blanked'>, repeated: ReadonlySet<number>): boolean {
  const blanked = record.blanked ?? [];
  let expected = 0;
  for (const h of record.lines ?? []) if (repeated.has(h)) expected++;
  return expected === blanked.length && blanked.every((h) => repeated.has(h));
}

/** Whether two sets hold the same members. */
export function sameMembers(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
