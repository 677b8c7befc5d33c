import type { ChunkVectors } from './chunk-vectors';
import type { ChunkEntry, NoteEntry } from './index-reader';
import { dequantiseRow, emptyInt8Rows, type RowRef } from './int8-vectors';
import { buildNoteMatrix, chunkRows, insertionPoint, matrixRowOf, noteVectorOfRows, withRowsOf, type NoteMatrix } from './note-matrix';
import type { ModelRef } from './vector-generations';
import type { NoteRecord } from './note-record';
import type { LinkResolver } from './resolve-links';

/**
 * What ranking reads of the notes (`IndexReader`'s note entries, the path order, the note
 * matrix), made from the records and the answering vectors on demand and cached until a sync
 * changes them. A note edited, added or removed changes its own matrix row, not the whole matrix.
 *
 * Just after opening, while the passage vectors still load, the matrix is the one saved with the
 * records (`seed`): note entries then have their note vector and no chunks, so related notes
 * answer without passages until `vectorsArrived`.
 */
export class NoteViews {
  private readonly entries = new Map<string, NoteEntry>();
  private sortedPaths: string[] | null = null;
  private matrix: NoteMatrix | null = null;
  /**
   * Notes whose matrix row may have changed since `matrix` was made: their rows are made again
   * all at once when the matrix is next read, so a batch of notes indexed costs one copy of it.
   */
  private readonly stale = new Set<string>();
  /** The model of the saved matrix answering while the passage vectors load; `null` once they have. */
  private seededModel: ModelRef | null = null;

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
    const vectors = this.seededModel ? null : this.vectors();
    let chunks: ChunkEntry[] = [];
    let vector: Float32Array | null = null;
    const rows = vectors ? chunkRows(rec.chunks.map((c) => c.id), (id) => vectors.rowOf(id)) : null;
    if (rows) {
      chunks = rec.chunks.map((c, i) => new IndexedChunk(c.id, path, c.headingPath, c.start, c.end, rows[i]));
      vector = noteVectorOfRows(rows);
    } else if (this.seededModel && this.matrix) {
      const row = matrixRowOf(this.matrix, path);
      if (row >= 0) vector = dequantiseRow(this.matrix.vectors, row);
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
    const vectors = this.vectors();
    if (this.matrix && this.stale.size > 0 && vectors) {
      this.matrix = withRowsOf(this.matrix, this.stale, (path) => this.rowsOf(path, vectors), vectors.dims);
      this.stale.clear();
    }
    if (this.matrix) return this.matrix;
    this.matrix = vectors
      ? buildNoteMatrix(this.paths(), (path) => this.records.get(path)!.chunks.map((c) => c.id), (id) => vectors.rowOf(id), vectors.dims)
      : { paths: [], vectors: emptyInt8Rows(0, 0) };
    return this.matrix;
  }

  /** While the passage vectors load: the model of the saved note matrix that answers meanwhile. */
  get loadingModel(): ModelRef | null {
    return this.seededModel;
  }

  /** Answers from a saved note matrix (of `model`'s vectors) until the passage vectors have loaded. */
  seed(matrix: NoteMatrix, model: ModelRef): void {
    this.entries.clear();
    this.matrix = matrix;
    this.seededModel = model;
  }

  /**
   * The passage vectors have loaded: note entries get their chunks. The saved matrix stays if
   * the vectors answering are its model's, with the row of any note whose passages it did not
   * match (a vector found for a note saved without one, or one gone) made again from them:
   * every row is then what `buildNoteMatrix` would make. `breathe` cuts the check into slices.
   */
  async vectorsArrived(breathe: () => Promise<void>): Promise<void> {
    const model = this.seededModel;
    this.seededModel = null;
    this.entries.clear();
    const vectors = this.vectors();
    if (!model || !this.matrix) return;
    if (!vectors || vectors.modelId !== model.modelId || vectors.dims !== model.dims) {
      this.matrix = null;
      return;
    }
    let checked = 0;
    for (const [path, record] of this.records) {
      if (++checked % 2000 === 0) await breathe();
      const hasVector = record.chunks.length > 0 && record.chunks.every((c) => vectors.has(c.id));
      if (hasVector !== matrixRowOf(this.matrix, path) >= 0) this.stale.add(path);
    }
  }

  /**
   * Forgets what a change made stale: everything when the answering vectors changed (no `path`);
   * for a note added, removed or changed (`path`), its matrix row and, when notes came or went
   * (`pathsChanged`, which can change how other notes' links resolve), every note entry.
   */
  invalidate(pathsChanged: boolean, path?: string): void {
    if (path === undefined) {
      this.entries.clear();
      this.sortedPaths = null;
      this.matrix = null;
      this.stale.clear();
      return;
    }
    const record = this.records.get(path);
    if (pathsChanged) {
      this.entries.clear();
      if (this.sortedPaths) this.sortedPaths = withPath(this.sortedPaths, path, record !== undefined);
    } else {
      this.entries.delete(path);
    }
    if (this.matrix) this.stale.add(path);
  }

  /** The rows a note's vector is the mean of, `null` when it is gone or lacks a vector. */
  private rowsOf(path: string, vectors: ChunkVectors): RowRef[] | null {
    const record = this.records.get(path);
    return record ? chunkRows(record.chunks.map((c) => c.id), (id) => vectors.rowOf(id)) : null;
  }

  private paths(): string[] {
    return (this.sortedPaths ??= [...this.records.keys()].sort());
  }
}

/** `sorted` with `path` in it (`present`) or not, in order; the same array when nothing changes. */
function withPath(sorted: string[], path: string, present: boolean): string[] {
  const at = insertionPoint(sorted, path);
  const there = sorted[at] === path;
  if (there === present) return sorted;
  return present ? [...sorted.slice(0, at), path, ...sorted.slice(at)] : [...sorted.slice(0, at), ...sorted.slice(at + 1)];
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
    readonly headingPath: readonly string[],
    readonly start: number,
    readonly end: number,
    private readonly row: RowRef,
  ) {}

  get vector(): Float32Array {
    return dequantiseRow(this.row.rows, this.row.row);
  }
}
