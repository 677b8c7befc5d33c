import type {
  ChunkEntry,
  IndexReader,
  KeywordHit,
  KeywordQuery,
  NoteEntry,
} from '../../src/core/index/index-reader';
import { floatRows, type FloatRows } from '../../src/core/index/int8-vectors';
import { noteVector } from '../../src/core/index/note-matrix';
import { matchesFilter } from '../../src/core/rank/note-filter';
import type { Embedder } from '../../src/core/ports';

const STOP = new Set('a an and are as at be but by for from in is it of on or that the this to was with'.split(' '));

/** A small stand-in for the index's tokenizer: lower-case words, a few stop words out, no stemming. */
export function simpleTokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !STOP.has(w));
}

/** A note for {@link MemoryIndexReader}: sections start at `#` headings, links are `[[Name]]`. */
export interface MemoryNote {
  path: string;
  text: string;
  tags?: string[];
  frontMatter?: Record<string, unknown>;
  /** Leave the note unembedded (no vector, no chunks), as before the model has run. */
  unembedded?: boolean;
}

/**
 * An in-memory IndexReader for ranking tests: one chunk per `#` section, FakeEmbedder-style
 * vectors, a plain BM25 over the tokens, links resolved by note name. It is the contract,
 * small enough to read in a test failure; the real index is tested by its own suite.
 */
export class MemoryIndexReader implements IndexReader {
  readonly modelId: string;
  readonly dims: number;
  private notes = new Map<string, NoteEntry>();
  private texts = new Map<string, string>();
  private termCounts = new Map<string, Map<string, number>>();
  private lengths = new Map<string, number>();
  private df = new Map<string, number>();

  private constructor(embedder: Embedder) {
    this.modelId = embedder.modelId;
    this.dims = embedder.dims;
  }

  static async build(notes: MemoryNote[], embedder: Embedder): Promise<MemoryIndexReader> {
    const reader = new MemoryIndexReader(embedder);
    const byName = new Map(notes.map((n) => [n.path.split('/').pop()!.replace(/\.md$/, '').toLowerCase(), n.path]));
    for (const n of notes) {
      const sections = splitSections(n.text);
      const vectors = n.unembedded ? [] : await embedder.embed(sections.map((s) => s.text));
      const chunks: ChunkEntry[] = n.unembedded
        ? []
        : sections.map((s, i) => ({
            id: `${n.path}#${i}`,
            notePath: n.path,
            headingPath: s.headingPath,
            start: s.start,
            end: s.end,
            vector: vectors[i],
          }));
      const links = [...n.text.matchAll(/\[\[([^\]|#]+)/g)]
        .map((m) => byName.get(m[1].trim().toLowerCase()))
        .filter((p): p is string => p !== undefined);
      const slash = n.path.lastIndexOf('/');
      reader.notes.set(n.path, {
        path: n.path,
        title: n.path.slice(slash + 1).replace(/\.md$/, ''),
        folder: slash < 0 ? '' : n.path.slice(0, slash),
        tags: n.tags ?? [],
        frontMatter: n.frontMatter ?? {},
        links: [...new Set(links)],
        vector: noteVector(chunks.map((c) => c.vector)),
        chunks,
      });
      reader.texts.set(n.path, n.text);
      const counts = new Map<string, number>();
      const tokens = simpleTokenize(n.text);
      for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
      reader.termCounts.set(n.path, counts);
      reader.lengths.set(n.path, tokens.length);
      for (const t of counts.keys()) reader.df.set(t, (reader.df.get(t) ?? 0) + 1);
    }
    return reader;
  }

  /** The full text of a note (what the vault would return). */
  text(path: string): Promise<string> {
    const text = this.texts.get(path);
    return text === undefined ? Promise.reject(new Error(`no note ${path}`)) : Promise.resolve(text);
  }

  noteCount(): number {
    return this.notes.size;
  }
  getNote(path: string): NoteEntry | undefined {
    return this.notes.get(path);
  }
  allNotes(): Iterable<NoteEntry> {
    return this.notes.values();
  }
  /** Float rows: this stand-in keeps its vectors exact (the index's are int8). */
  noteMatrix(): { paths: string[]; vectors: FloatRows } {
    const embedded = [...this.notes.values()].filter((n) => n.vector);
    const vectors = new Float32Array(embedded.length * this.dims);
    embedded.forEach((n, i) => vectors.set(n.vector!, i * this.dims));
    return { paths: embedded.map((n) => n.path), vectors: floatRows(vectors, this.dims) };
  }
  keywordSearch(query: KeywordQuery): Promise<KeywordHit[]> {
    return Promise.resolve(this.bm25(simpleTokenize(query.text), query.limit, query));
  }
  termSearch(terms: readonly string[], limit: number): Promise<KeywordHit[]> {
    return Promise.resolve(this.bm25(terms, limit, {}));
  }
  private bm25(terms: readonly string[], limit: number, query: Omit<KeywordQuery, 'text' | 'limit'>): KeywordHit[] {
    const n = this.notes.size;
    const avg = [...this.lengths.values()].reduce((s, l) => s + l, 0) / Math.max(1, n);
    const hits: KeywordHit[] = [];
    for (const note of this.notes.values()) {
      if (!matchesFilter(note, query)) continue;
      const counts = this.termCounts.get(note.path)!;
      const len = this.lengths.get(note.path)!;
      let score = 0;
      for (const t of terms) {
        const tf = counts.get(t) ?? 0;
        if (tf === 0) continue;
        const df = this.df.get(t) ?? 0;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * len) / avg));
      }
      if (score > 0) hits.push({ path: note.path, score });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, limit);
  }
  documentFrequency(term: string): number {
    return this.df.get(term) ?? 0;
  }
  passageText(chunk: ChunkEntry): Promise<string> {
    return Promise.resolve((this.texts.get(chunk.notePath) ?? '').slice(chunk.start, chunk.end));
  }
}

function splitSections(text: string): { headingPath: string[]; text: string; start: number; end: number }[] {
  const out: { headingPath: string[]; text: string; start: number; end: number }[] = [];
  const heading = /^(#{1,6}) +(.+)$/gm;
  const marks = [...text.matchAll(heading)];
  const starts = [0, ...marks.map((m) => m.index)];
  const path: string[] = [];
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1] : text.length;
    if (i > 0) {
      const m = marks[i - 1];
      path.length = Math.min(path.length, m[1].length - 1);
      path.push(m[2].trim());
    }
    const body = text.slice(start, end);
    if (body.trim()) out.push({ headingPath: [...path], text: body, start, end });
  });
  return out;
}
