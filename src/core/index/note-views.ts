import type { ChunkVectors } from './chunk-vectors';
import type { ChunkEntry, NoteEntry } from './index-reader';
import { dequantiseRow, emptyInt8Rows, type RowRef } from './int8-vectors';
import { buildNoteMatrix, chunkRows, noteVectorOfRows, withRowRecomputed, type NoteMatrix } from './note-matrix';
import type { NoteRecord } from './note-record';
import type { LinkResolver } from './resolve-links';

/**
 * What ranking reads of the notes (`IndexReader`'s note entries, the path order, the note
 * matrix), made from the records and the answering vectors on demand and cached until a sync
 * changes them. A one-note edit recomputes that note's matrix row, not the whole matrix.
 */
export class NoteViews {
  private readonly entries = new Map<string, NoteEntry>();
  private sortedPaths: string[] | null = null;
  private matrix: NoteMatrix | null = null;

  constructor(
    private readonly records: ReadonlyMap<string, NoteRecord>,
    private readonly resolver: LinkResolver,
    /** The vectors that answer now (they change during a re-embedding). */
    private readonly vectors: () => ChunkVectors | null,
  ) {}

  getNote(path: string): NoteEntry | undefined {
    const cached = this.entries.get(path);
    if (cached) return cached;
    const rec = this.records.get(path);
    if (!rec) return undefined;
    const vectors = this.vectors();
    let chunks: ChunkEntry[] = [];
    let vector: Float32Array | null = null;
    const rows = vectors ? chunkRows(rec.chunks.map((c) => c.id), (id) => vectors.rowOf(id)) : null;
    if (rows) {
      chunks = rec.chunks.map((c, i) => new IndexedChunk(c.id, path, c.headingPath, c.start, c.end, rows[i]));
      vector = noteVectorOfRows(rows);
    }
    const entry: NoteEntry = {
      path,
      title: rec.title,
      folder: rec.folder,
      tags: rec.tags,
      frontMatter: rec.frontMatter,
      links: this.resolver.resolve(rec.linkTargets, path),
      vector,
      chunks,
      ...(rec.blanked ? { blanked: rec.blanked } : {}),
    };
    this.entries.set(path, entry);
    return entry;
  }

  /** In path order, so answers do not depend on the order notes were indexed in. */
  *allNotes(): Iterable<NoteEntry> {
    for (const path of this.paths()) {
      const entry = this.getNote(path);
      if (entry) yield entry;
    }
  }

  noteMatrix(): NoteMatrix {
    if (this.matrix) return this.matrix;
    const vectors = this.vectors();
    this.matrix = vectors
      ? buildNoteMatrix(this.paths(), (path) => this.records.get(path)!.chunks.map((c) => c.id), (id) => vectors.rowOf(id), vectors.dims)
      : { paths: [], vectors: emptyInt8Rows(0, 0) };
    return this.matrix;
  }

  /**
   * Forgets what a change made stale: everything when notes came or went or the answering
   * vectors changed (`pathsChanged`, or no `path`), else the one note whose content changed.
   */
  invalidate(pathsChanged: boolean, path?: string): void {
    if (pathsChanged || path === undefined) {
      this.entries.clear();
      this.sortedPaths = null;
      this.matrix = null;
      return;
    }
    this.entries.delete(path);
    if (!this.matrix) return;
    const vectors = this.vectors();
    const record = this.records.get(path);
    const rows = vectors && record ? chunkRows(record.chunks.map((c) => c.id), (id) => vectors.rowOf(id)) : null;
    this.matrix = vectors ? withRowRecomputed(this.matrix, path, rows, vectors.dims) : null;
  }

  private paths(): string[] {
    return (this.sortedPaths ??= [...this.records.keys()].sort());
  }
}

/**
 * An indexed chunk as ranking reads it. Its vector stays int8 in the index and is dequantised
 * when read, a fresh copy each time: a note entry kept in the cache holds no float copy of its
 * chunks (at 10,000 notes those were 150 MB). Read it once per use, not inside a loop.
 */
class IndexedChunk implements ChunkEntry {
  constructor(
    readonly id: string,
    readonly notePath: string,
    readonly headingPath: string[],
    readonly start: number,
    readonly end: number,
    private readonly row: RowRef,
  ) {}

  get vector(): Float32Array {
    return dequantiseRow(this.row.rows, this.row.row);
  }
}
