import { LiveChunks } from './live-chunks';
import type { NoteRecord } from './note-record';
import { LineCounts } from './repeated-lines';

/**
 * The index's note records by path: a Map whose set, delete and clear also count the chunk ids
 * the records use (`live`) and the notes holding each line (`lines`). The counting is in the
 * collection itself so that no way of changing the records can forget it: a chunk counted as
 * unused would lose its vector at the next save, and a line miscounted would be left out of
 * notes, or kept, against the vault's own texts.
 */
export class NoteRecords extends Map<string, NoteRecord> {
  /** The chunk ids some record uses, kept up to date with every change to the records. */
  readonly live = new LiveChunks();
  /** How many notes hold each line (repeated-lines.ts), from the records' `lines`. */
  readonly lines = new LineCounts();

  override set(path: string, record: NoteRecord): this {
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
    const old = super.get(path);
    if (!super.delete(path)) return false;
    if (old) this.live.release(old.chunks);
    this.lines.remove(old?.lines, old !== undefined);
    return true;
  }

  override clear(): void {
    for (const path of [...this.keys()]) this.delete(path);
  }
}
