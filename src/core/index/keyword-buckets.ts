import type { Vault } from '../ports';
import { messageOf, problems, type Problem } from '../problems';
import { openSealedFileInSlices, sealFileInSlices } from './checksum';
import { describeNote, type NoteDescription } from './describe-note';
import { KEYWORD_FILE, NOTE_VECTORS_FILE, NOTES_FILE, type IndexFiles } from './index-files';
import type { KeywordHit, KeywordWeights } from './index-reader';
import { EarlierKeywordFormat } from './keyword-bucket-codec';
import type { Manifest } from './manifest-codec';
import { keywordBucketsFor } from './keyword-layout';
import { emptyInt8Rows, copyRow } from './int8-vectors';
import { matrixRowOf, type NoteMatrix } from './note-matrix';
import { encodeNoteVectors, noteVectorKey, type NoteVectorBucket } from './note-vector-codec';
import { NoteStore, type KeywordDocument } from './note-store';
import { readableText } from './repeated-lines';
import { encodeNoteRecords, type NoteRecord } from './note-record';
import type { TimeSlicer } from './time-slicer';

/** How much of the keyword side a search sees while it loads: `searched` of `total` buckets. */
export interface KeywordParts {
  searched: number;
  total: number;
}

/** The note vectors a save writes beside the records: the answering model's note matrix. */
export interface SavedNoteVectors {
  modelId: string;
  dims: number;
  /** Asked only when a bucket is written (a matrix not made yet is made then). */
  matrix: () => NoteMatrix;
}

/**
 * The keyword side (Orama databases with packed postings, one document per note) and the bucket
 * files it is saved in. Notes are spread over buckets by a hash of their path, as many as the
 * vault's size calls for (keyword-layout.ts); each bucket is three files, its note records
 * (`notes-NN.bin`), their note vectors (`notevec-NN.bin`, note-vector-codec.ts) and its keyword
 * index (`keyword-NN.bin`), and a save rewrites only the buckets a change touched. A keyword
 * bucket is only trusted beside its own notes bucket; one that is missing or damaged is rebuilt
 * from the notes, without embedding anything (quietly for a file of an earlier Kindred, which is
 * not damage). While the buckets load, searches answer from the
 * ones loaded so far ({@link parts} says how many).
 */
export class KeywordBuckets {
  private store = new NoteStore(1);
  /** Buckets changed since the last save. */
  private readonly dirty = new Set<number>();
  private ready: Promise<void> = Promise.resolve();
  /** While loading: buckets loaded (or rebuilt) so far, in bucket order. */
  private loaded: number | null = null;
  /** After a change of layout, the bucket count the files on disk were written with (their pins go). */
  private retired = 0;
  /**
   * The model whose note vectors every saved bucket holds (`model/dims`), `null` for none or not
   * every one: a save for another model (a re-embedding done, a first save) rewrites every bucket.
   */
  private noteVectorsOnDisk: string | null = null;

  constructor(
    private readonly report: (problem: Problem) => void,
    private readonly slicer: TimeSlicer,
  ) {}

  /** Resolves once every bucket is loaded (or rebuilt). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  get bucketCount(): number {
    return this.store.bucketCount;
  }

  /** While the buckets load: how many a search sees now; `null` once every one has loaded. */
  parts(): KeywordParts | null {
    return this.loaded === null ? null : { searched: this.loaded, total: this.store.bucketCount };
  }

  /** Starts an empty keyword side of `buckets` buckets (before loading or rebuilding it). */
  layOut(buckets: number): void {
    this.store = new NoteStore(buckets);
  }

  /**
   * Lays the keyword side out again when a vault of `notes` notes calls for another bucket count
   * (`keywordBucketsFor`), from what it holds: nothing is read or embedded again, every score stays
   * the same, and every bucket is written at the next save. Searches answer from the old layout
   * until the new one is complete. Returns whether the layout changed.
   */
  async fitTo(notes: number, perBucket: number): Promise<boolean> {
    const old = this.store;
    const buckets = keywordBucketsFor(notes, old.bucketCount, perBucket);
    if (buckets === old.bucketCount) return false;
    const store = new NoteStore(buckets);
    for (let b = 0; b < old.bucketCount; b++) {
      for (const [path, terms] of old.termsByNote(b)) {
        store.upsertTerms(path, terms);
        // Re-inserting a vault is long work: one note per slice on a UI thread.
        await this.slicer.breathe();
      }
    }
    this.store = store;
    this.retired = Math.max(this.retired, old.bucketCount);
    this.markAllDirty();
    return true;
  }

  /** True while some bucket has changes not saved yet. */
  get unsaved(): boolean {
    return this.dirty.size > 0;
  }

  /**
   * Starts loading the saved keyword buckets in the background, beside the passage vectors
   * (related notes answer first, from the saved note vectors). `noteBuckets` are the buckets
   * whose note records loaded as saved.
   */
  startLoading(records: ReadonlyMap<string, NoteRecord>, noteBuckets: ReadonlySet<number>, manifest: Manifest, files: IndexFiles, vault: Vault): void {
    this.loaded = 0;
    this.ready = this.load(records, noteBuckets, manifest, files, vault).finally(() => (this.loaded = null));
  }

  /** The saved buckets all hold note vectors of `model` (`loadIndex` checked them), or not (`null`). */
  noteVectorsLoaded(model: { modelId: string; dims: number } | null): void {
    this.noteVectorsOnDisk = model ? `${model.modelId}/${model.dims}` : null;
  }

  /** Every bucket is written at the next save (the layout changed). */
  markAllDirty(): void {
    for (let b = 0; b < this.store.bucketCount; b++) this.dirty.add(b);
  }

  /** Indexes (or re-indexes) a note's words. */
  put(record: NoteRecord, description: NoteDescription): void {
    this.store.upsert(keywordDocument(record.path, description, record));
    this.dirty.add(this.store.bucketOf(record.path));
  }

  /** The note's record changed, not its words (a new mtime): its bucket is saved again. */
  touch(path: string): void {
    this.dirty.add(this.store.bucketOf(path));
  }

  remove(path: string): void {
    this.store.remove(path);
    this.dirty.add(this.store.bucketOf(path));
  }

  search(text: string, limit: number, accept: ((path: string) => boolean) | undefined, weights: KeywordWeights | undefined): KeywordHit[] {
    return this.store.search(text, limit, accept, weights);
  }

  termSearch(terms: readonly string[], limit: number, weights?: KeywordWeights): KeywordHit[] {
    return this.store.termSearch(terms, limit, undefined, weights);
  }

  documentFrequency(term: string): number {
    return this.store.documentFrequency(term);
  }

  /**
   * Writes the note records, note vectors and keyword index of every changed bucket, one pass
   * over the records for all of them; an emptied bucket's files are unpinned (the sweep removes
   * them). Without vectors (a keyword-only index) no note-vector file is kept.
   */
  async save(records: Iterable<NoteRecord>, files: IndexFiles, noteVectors: SavedNoteVectors | null): Promise<void> {
    const slicer = this.slicer;
    const model = noteVectors ? `${noteVectors.modelId}/${noteVectors.dims}` : null;
    if (model !== this.noteVectorsOnDisk) this.markAllDirty();
    // Files of an earlier layout beyond this one are no longer pinned (the sweep removes them).
    for (let b = this.store.bucketCount; b < this.retired; b++) {
      files.unpin(NOTES_FILE(b));
      files.unpin(NOTE_VECTORS_FILE(b));
      files.unpin(KEYWORD_FILE(b));
    }
    const byBucket = new Map<number, NoteRecord[]>();
    for (const b of this.dirty) byBucket.set(b, []);
    for (const rec of records) byBucket.get(this.store.bucketOf(rec.path))?.push(rec);
    for (const b of [...byBucket.keys()].sort((x, y) => x - y)) {
      await slicer.breathe();
      const inBucket = byBucket.get(b)!;
      if (inBucket.length === 0) {
        files.unpin(NOTES_FILE(b));
        files.unpin(NOTE_VECTORS_FILE(b));
        files.unpin(KEYWORD_FILE(b));
        this.dirty.delete(b);
        continue;
      }
      inBucket.sort((x, y) => (x.path < y.path ? -1 : 1));
      await files.write(NOTES_FILE(b), encodeNoteRecords(inBucket), true);
      await slicer.breathe();
      if (noteVectors) {
        await files.write(NOTE_VECTORS_FILE(b), await encodeNoteVectors(noteVectorsOf(inBucket, noteVectors), () => slicer.breathe()), true);
        await slicer.breathe();
      } else {
        files.unpin(NOTE_VECTORS_FILE(b));
      }
      // The packed postings are copied out as they are (a few milliseconds for a full bucket).
      const bytes = this.store.saveBucket(b);
      await slicer.breathe();
      await files.write(KEYWORD_FILE(b), await sealFileInSlices('keyword', bytes, () => slicer.breathe()), true);
      this.dirty.delete(b);
    }
    if (this.dirty.size === 0) this.noteVectorsOnDisk = model;
  }

  private async load(records: ReadonlyMap<string, NoteRecord>, noteBuckets: ReadonlySet<number>, manifest: Manifest, files: IndexFiles, vault: Vault): Promise<void> {
    const byBucket = new Map<number, string[]>();
    for (const path of records.keys()) {
      const b = this.store.bucketOf(path);
      const list = byBucket.get(b);
      if (list) list.push(path);
      else byBucket.set(b, [path]);
    }
    for (let b = 0; b < this.store.bucketCount; b++, this.loaded = b) {
      const paths = byBucket.get(b) ?? [];
      const bytes = noteBuckets.has(b) ? await files.readPinned(manifest, KEYWORD_FILE(b), (data) => openSealedFileInSlices('keyword', data, () => this.slicer.breathe())) : undefined;
      if (bytes) {
        try {
          await this.store.loadBucketInSlices(b, bytes, paths, () => this.slicer.breathe());
          files.keepPinned(manifest, KEYWORD_FILE(b));
          // A bucket is a long piece of work: the UI (and the rest of the loading) get a turn after each.
          await this.slicer.yieldNow();
          continue;
        } catch (error) {
          // A file of an earlier Kindred is rebuilt quietly: nothing is wrong with it.
          if (!(error instanceof EarlierKeywordFormat)) this.report(problems.keywordFileUnusable(KEYWORD_FILE(b), messageOf(error)));
        }
      }
      if (paths.length === 0) continue;
      // Rebuild this bucket from the notes themselves (no embedding involved).
      this.store.clearBucket(b);
      for (const path of paths) {
        const text = await vault.read(path).catch(() => null);
        if (text === null) continue;
        const record = records.get(path)!;
        this.store.upsert(keywordDocument(path, describeNote(path, text, readableText(text, record)), record));
      }
      this.dirty.add(b);
    }
  }
}

/** The note vectors of `records` (one bucket, in order) as the matrix has them; no row, no vector (scale 0). */
function noteVectorsOf(records: readonly NoteRecord[], saved: SavedNoteVectors): NoteVectorBucket {
  const { dims } = saved;
  const matrix = saved.matrix();
  const rows = emptyInt8Rows(records.length, dims);
  const keys = new Uint32Array(records.length);
  records.forEach((record, i) => {
    keys[i] = noteVectorKey(record);
    const row = matrixRowOf(matrix, record.path);
    if (row >= 0) copyRow(matrix.vectors, row, rows, i);
  });
  return { modelId: saved.modelId, dims, keys, rows };
}

function keywordDocument(path: string, description: NoteDescription, record: NoteRecord): KeywordDocument {
  const headings = [...new Set(record.chunks.flatMap((c) => c.headingPath))].join(' ');
  return { path, title: record.title, headings, text: description.keywordText, meta: [description.frontMatterText, record.tags.join(' ')].join(' ') };
}
