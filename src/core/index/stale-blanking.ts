import type { FileInfo } from '../ports';
import type { NoteRecord } from './note-record';

/**
 * The notes to chunk again because the vault's repeated lines are not the ones they were chunked
 * without: a line they hold became repeated (a template's twentieth note), or stopped being (a
 * site's footer falling under 5% as the vault grows). `only` limits the search to the notes a
 * sync just put, when the set of repeated lines is the one every other record was chunked
 * against; otherwise every record is looked at.
 */
export function staleBlanking(records: ReadonlyMap<string, NoteRecord>, repeated: ReadonlySet<number>, only: Iterable<string> | null): FileInfo[] {
  const stale: FileInfo[] = [];
  const look = (record: NoteRecord | undefined): void => {
    if (record && !blankedAsIn(record, repeated)) stale.push({ path: record.path, mtime: record.mtime, size: record.size });
  };
  if (only === null) for (const record of records.values()) look(record);
  else for (const path of only) look(records.get(path));
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
