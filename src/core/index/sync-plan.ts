import type { FileInfo } from '../ports';
import type { NoteRecord } from './note-record';
import { runSteps, type Steps } from './time-slicer';

/**
 * What a sync does, decided from what the vault reports and what the index holds, before any
 * note is read: pure functions, so the rules are plain to read and test.
 */

/** What a look at the vault found. */
export type VaultScan =
  /** A full scan: `found` is every note to index; any indexed note not in it is gone. */
  | { complete: true; found: FileInfo[] }
  /** After vault events: the changed notes that still are notes, and the paths that are gone. */
  | { complete: false; found: FileInfo[]; gone: Iterable<string> };

export interface SyncPlan {
  /** Notes to read: new, or changed since their record (mtime or size), or with work pending. */
  toIndex: FileInfo[];
  /** Indexed notes to drop. */
  removed: Set<string>;
}

/** `redo(record)`: the note needs indexing again whatever its mtime (vectors missing, a re-chunk pending). */
export function planSync(records: ReadonlyMap<string, NoteRecord>, scan: VaultScan, redo: (record: NoteRecord) => boolean): SyncPlan {
  return runSteps(planSyncSteps(records, scan, redo));
}

/**
 * {@link planSync} pausing (a `yield`) after every `slice` notes looked at: the first sync after
 * start looks at every note of the vault, 56 ms in one piece at 10,000 notes in Chromium.
 */
export function* planSyncSteps(records: ReadonlyMap<string, NoteRecord>, scan: VaultScan, redo: (record: NoteRecord) => boolean, slice = 2048): Steps<SyncPlan> {
  const removed = new Set<string>();
  let looked = 0;
  if (scan.complete) {
    const present = new Set<string>();
    for (const f of scan.found) {
      present.add(f.path);
      if (++looked % slice === 0) yield;
    }
    for (const path of records.keys()) {
      if (!present.has(path)) removed.add(path);
      if (++looked % slice === 0) yield;
    }
  } else {
    for (const path of scan.gone) if (records.has(path)) removed.add(path);
    for (const file of scan.found) removed.delete(file.path);
  }
  // In the vault's order: the sync takes them in indexing order (indexing-order.ts), and a
  // passage's vector does not depend on the passages embedded with it (UseEmbedder.embed).
  const toIndex: FileInfo[] = [];
  for (const f of scan.found) {
    const rec = records.get(f.path);
    if (!rec || rec.mtime !== f.mtime || rec.size !== f.size || redo(rec)) toIndex.push(f);
    if (++looked % slice === 0) yield;
  }
  return { toIndex, removed };
}

/** Once a note is read: whether its text is the one indexed, so only its mtime and size are new. */
export function onlyTouched(old: NoteRecord | undefined, hash: string, redo: (record: NoteRecord) => boolean): old is NoteRecord {
  return old !== undefined && old.hash === hash && !redo(old);
}

/**
 * Which chunks of a batch to embed: each id once, however many notes (or renames) share it, and
 * none whose vector is known. Returns the texts to embed by id, and how many chunks reuse a vector.
 */
export function planEmbedding(chunksByNote: Iterable<ReadonlyMap<string, string>>, known: (id: string) => boolean): { wanted: Map<string, string>; reused: number } {
  const wanted = new Map<string, string>();
  let reused = 0;
  for (const chunks of chunksByNote) {
    for (const [id, text] of chunks) {
      if (known(id)) reused++;
      else wanted.set(id, text);
    }
  }
  return { wanted, reused };
}
