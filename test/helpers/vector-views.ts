/**
 * IndexReaders over another reader with the same notes, chunks, keyword side and passages, and
 * other vectors: the float vectors as embedded (`floatView`), or those as an int8 store holds
 * them (`int8View`). They are the two sides compact vectors are measured between
 * (`bench/vector-quality.bench.ts`), written apart from the index: test/core/index/int8-index.test.ts
 * checks that the index answers as `int8View(floatView(...))` does.
 */
import type { ChunkEntry, IndexReader, KeywordHit, KeywordQuery, KeywordWeights, NoteEntry } from '../../src/core/index/index-reader';
import { floatRows, int8RoundTrip, quantiseRows, type VectorRows } from '../../src/core/index/int8-vectors';
import { noteVector } from '../../src/core/index/note-matrix';
import { decodeFloatShard } from '../../src/core/index/vector-shard-codec';

/**
 * `inner` with its chunk vectors in float from `floatOf` (a float shard of an earlier version, or
 * the embedder run again); note vectors the normalised mean of those, held exactly in the matrix.
 */
export function floatView(inner: IndexReader, floatOf: (chunkId: string) => Float32Array | undefined): IndexReader {
  return new VectorView(
    inner,
    (chunk) => {
      const vector = floatOf(chunk.id);
      if (!vector) throw new Error(`no float vector for chunk ${chunk.id} of ${chunk.notePath}`);
      return vector;
    },
    floatRows,
  );
}

/**
 * `inner` as an int8 store holds it: every chunk vector quantised and read back (`code × scale`),
 * note vectors the normalised mean of those, note-matrix rows those means quantised again.
 */
export function int8View(inner: IndexReader): IndexReader {
  return new VectorView(inner, (chunk) => int8RoundTrip(chunk.vector), quantiseRows);
}

/** The float vectors of `shards` (files in the float format of earlier versions), by chunk id. */
export function floatShardVectors(shards: Iterable<Uint8Array>): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const bytes of shards) {
    const { ids, dims, vectors } = decodeFloatShard(bytes);
    ids.forEach((id, i) => out.set(id, vectors.subarray(i * dims, (i + 1) * dims)));
  }
  return out;
}

class VectorView implements IndexReader {
  private readonly entries = new Map<string, NoteEntry>();
  private matrix: { paths: string[]; vectors: VectorRows } | null = null;

  constructor(
    private readonly inner: IndexReader,
    private readonly vectorOf: (chunk: ChunkEntry) => Float32Array,
    private readonly rowsOf: (matrix: Float32Array, dims: number) => VectorRows,
  ) {}

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
    const chunks = note.chunks.map((c) => ({ id: c.id, notePath: c.notePath, headingPath: c.headingPath, start: c.start, end: c.end, vector: this.vectorOf(c) }));
    const entry = { ...note, chunks, vector: note.vector ? noteVector(chunks.map((c) => c.vector)) : null };
    this.entries.set(path, entry);
    return entry;
  }

  *allNotes(): Iterable<NoteEntry> {
    for (const note of this.inner.allNotes()) yield this.getNote(note.path)!;
  }

  noteMatrix(): { paths: string[]; vectors: VectorRows } {
    if (this.matrix) return this.matrix;
    const { paths } = this.inner.noteMatrix();
    const dims = this.dims;
    const floats = new Float32Array(paths.length * dims);
    paths.forEach((path, row) => floats.set(this.getNote(path)!.vector!, row * dims));
    this.matrix = { paths, vectors: this.rowsOf(floats, dims) };
    return this.matrix;
  }

  keywordSearch(query: KeywordQuery): Promise<KeywordHit[]> {
    return this.inner.keywordSearch(query);
  }

  termSearch(terms: readonly string[], limit: number, weights?: KeywordWeights): Promise<KeywordHit[]> {
    return this.inner.termSearch(terms, limit, weights);
  }

  documentFrequency(term: string): number {
    return this.inner.documentFrequency(term);
  }

  passageText(chunk: ChunkEntry): Promise<string> {
    return this.inner.passageText(chunk);
  }
}
