import { SplitSet } from './split-map';

/** Hears of a chunk id that gained its first use (`live`) or lost its last. */
export type LivenessWatcher = (id: string, live: boolean) => void;

/**
 * How many note records use each chunk id (two notes with the same passage share its
 * content-addressed id), counted as records are set and deleted (`NoteRecords`), so whether any
 * note still uses a chunk is one lookup rather than a pass over every record. Watchers hear only
 * of the ids whose count leaves or reaches zero: the vectors keep each saved shard's live count
 * from those, so a save need not filter every shard.
 */
export class LiveChunks {
  /** Every chunk id some record uses. */
  private readonly used = new SplitSet<string>();
  /** Uses beyond the first, for the few ids more than one chunk record has (most have one). */
  private readonly moreUses = new Map<string, number>();
  private readonly watchers = new Set<LivenessWatcher>();

  /** `settle`: brings the counts up to date before any of them is read or changed (counting put off, note-records.ts). */
  constructor(private readonly settle: () => void = () => {}) {}

  /** Whether some note record uses the chunk. */
  has(id: string): boolean {
    this.settle();
    return this.used.has(id);
  }

  /** How many distinct chunk ids are in use. */
  get size(): number {
    this.settle();
    return this.used.size;
  }

  /** Calls `watcher` for each id that becomes live or dead from now on; returns the unsubscribe function. */
  watch(watcher: LivenessWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** One more use of each of these chunks (a record set). */
  use(chunks: ReadonlyArray<{ id: string }>): void {
    this.settle();
    for (const { id } of chunks) {
      // One lookup for an id's first use, the common case: opening counts every chunk of the vault.
      if (this.used.addNew(id)) this.tell(id, true);
      else this.moreUses.set(id, (this.moreUses.get(id) ?? 0) + 1);
    }
  }

  /** One use fewer of each of these chunks (a record replaced or deleted). */
  release(chunks: ReadonlyArray<{ id: string }>): void {
    this.settle();
    for (const { id } of chunks) {
      const more = this.moreUses.get(id);
      if (more === undefined) {
        // Its last use (an id not in use, which the records never release, is left as it is).
        if (this.used.delete(id)) this.tell(id, false);
      } else if (more > 1) {
        this.moreUses.set(id, more - 1);
      } else {
        this.moreUses.delete(id);
      }
    }
  }

  private tell(id: string, live: boolean): void {
    for (const watcher of this.watchers) watcher(id, live);
  }
}
