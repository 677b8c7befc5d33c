/**
 * An IndexReader over a saved index whose vectors are what an int8 store would hold: every chunk
 * vector quantised and read back (`code × scale`), note vectors the normalised mean of those,
 * note-matrix rows quantised again. Scanning these floats with a float query gives the numbers an
 * int8 scan gives (see int8-vectors.ts), so rankings over this view are the int8 rankings of the
 * same saved vectors. Keyword search and passages are the wrapped index's.
 */
import type { ChunkEntry, IndexReader, KeywordHit, KeywordQuery, NoteEntry } from '../src/core/index/index-reader';
import { dequantiseRow, quantiseRows } from '../src/core/index/int8-vectors';
import { noteVector } from '../src/core/index/note-matrix';

/** A vector quantised to int8 and back. */
export function int8RoundTrip(vector: Float32Array): Float32Array {
  return dequantiseRow(quantiseRows(vector, vector.length), 0);
}

export class Int8View implements IndexReader {
  private readonly entries = new Map<string, NoteEntry>();
  private matrix: { paths: string[]; vectors: Float32Array } | null = null;

  constructor(private readonly inner: IndexReader) {}

  get modelId(): string {
    return this.inner.modelId;
  }

  get dims(): number {
    return this.inner.dims;
  }

  get pendingModelId(): string | null {
    return this.inner.pendingModelId ?? null;
  }

  noteCount(): number {
    return this.inner.noteCount();
  }

  getNote(path: string): NoteEntry | undefined {
    const cached = this.entries.get(path);
    if (cached) return cached;
    const note = this.inner.getNote(path);
    if (!note) return undefined;
    const chunks = note.chunks.map((c) => ({ ...c, vector: int8RoundTrip(c.vector) }));
    const entry = { ...note, chunks, vector: note.vector ? noteVector(chunks.map((c) => c.vector)) : null };
    this.entries.set(path, entry);
    return entry;
  }

  *allNotes(): Iterable<NoteEntry> {
    for (const note of this.inner.allNotes()) yield this.getNote(note.path)!;
  }

  noteMatrix(): { paths: string[]; vectors: Float32Array } {
    if (this.matrix) return this.matrix;
    const { paths } = this.inner.noteMatrix();
    const dims = this.dims;
    const floats = new Float32Array(paths.length * dims);
    paths.forEach((path, row) => floats.set(this.getNote(path)!.vector!, row * dims));
    const codes = quantiseRows(floats, dims);
    const vectors = new Float32Array(paths.length * dims);
    for (let row = 0; row < paths.length; row++) dequantiseRow(codes, row, vectors.subarray(row * dims, (row + 1) * dims));
    this.matrix = { paths, vectors };
    return this.matrix;
  }

  keywordSearch(query: KeywordQuery): Promise<KeywordHit[]> {
    return this.inner.keywordSearch(query);
  }

  termSearch(terms: readonly string[], limit: number): Promise<KeywordHit[]> {
    return this.inner.termSearch(terms, limit);
  }

  documentFrequency(term: string): number {
    return this.inner.documentFrequency(term);
  }

  passageText(chunk: ChunkEntry): Promise<string> {
    return this.inner.passageText(chunk);
  }
}
