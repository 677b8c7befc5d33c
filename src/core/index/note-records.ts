import { LiveChunks } from './live-chunks';
import type { NoteRecord } from './note-record';
import { LineCounts } from './repeated-lines';

/**
 * The index's note records by path: a Map whose set, delete and clear also count the chunk ids
 * the records use (`live`) and the notes holding each line (`lines`). The counting is in the
 * collection itself so that no way of changing the records can forget it: a chunk counted as
 * unused would lose its vector at the next save, and a line miscounted would be left out of
 * notes, or kept, against the vault's own texts.
 *
 * Records read from the saved index (`load`) are counted later (`countLoaded`): at 50,000 notes
 * counting their 350,000 chunks and their lines took 0.7 s, and related notes need none of it.
 * Whatever reads or changes the counts first has them brought up to date before it does, so a
 * count put off is never a count seen wrong.
 */
export class NoteRecords extends Map<string, NoteRecord> {
  /** The chunk ids some record uses, kept up to date with every change to the records. */
  readonly live = new LiveChunks(() => this.countAll());
  /** How many notes hold each line (repeated-lines.ts), from the records' `lines`. */
  readonly lines = new LineCounts(() => this.countAll());
  /** Records put in by `load` and not counted yet. */
  private uncounted: NoteRecord[] = [];
  private counting = false;

  override set(path: string, record: NoteRecord): this {
    this.countAll();
    const old = super.get(path);
    super.set(path, record);
    // The new chunks first: a chunk both records have never drops to zero uses in between.
    this.live.use(record.chunks);
    if (old) this.live.release(old.chunks);
    this.lines.remove(old?.lines, old !== undefined);
    this.lines.add(record.lines);
    return this;
  }

  override delete(path: string): boolean {
    this.countAll();
    const old = super.get(path);
    if (!super.delete(path)) return false;
    if (old) this.live.release(old.chunks);
    this.lines.remove(old?.lines, old !== undefined);
    return true;
  }

  override clear(): void {
    for (const path of [...this.keys()]) this.delete(path);
  }

  /** A record read from the saved index, counted by `countLoaded` or before the counts are next used. */
  load(record: NoteRecord): void {
    if (super.has(record.path)) {
      this.set(record.path, record);
      return;
    }
    super.set(record.path, record);
    this.uncounted.push(record);
  }

  /** Counts the records `load` put in, `slice` at a time with `breathe()` awaited between. */
  async countLoaded(breathe: () => Promise<void>, slice = 256): Promise<void> {
    while (this.uncounted.length > 0) {
      this.count(this.uncounted.splice(Math.max(0, this.uncounted.length - slice)));
      await breathe();
    }
  }

  private countAll(): void {
    if (this.uncounted.length > 0 && !this.counting) this.count(this.uncounted.splice(0));
  }

  /** Counts `records`, already taken out of `uncounted`; the counts' hooks wait meanwhile, since this is what they would do. */
  private count(records: NoteRecord[]): void {
    this.counting = true;
    try {
      for (const record of records) {
        this.live.use(record.chunks);
        this.lines.add(record.lines);
      }
    } finally {
      this.counting = false;
    }
  }
}
