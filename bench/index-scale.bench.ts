/**
 * The index at scale: a synthetic vault of long notes cut and recombined from the Sequences
 * (about 950 words each, so 10,000 notes ≈ 9.5 M words), vectors from the fake bag-of-words
 * embedder at 512 dimensions (the model's size; its cost is not the point here).
 *
 * For each size: build time; from a cold open, time until related notes answer and until keyword
 * search answers; heap with everything loaded; keyword query p50/p95 against MiniSearch built on
 * the same notes in the same process; index files on disk; a one-note edit re-indexed, once by a
 * full sync (the CLI's `kindred index`: the vault is listed and stat'ed) and once from a modify
 * event (the plugin's path), each split into index and save, with the files the save wrote.
 * Open and keyword load are also split into their steps (read, checksum, decode, note matrix).
 *
 * `npx tsx bench/index-scale.bench.ts` runs 10,000 and 50,000 notes (each in a child process, so
 * heaps do not mix); `--quick` runs 1,000; `--notes N` one size; `--bucket-notes M` puts at most M
 * notes in a keyword bucket (`NOTES_PER_KEYWORD_BUCKET` otherwise). → bench/results/index-scale.json
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { KindredIndex } from '../src/core/index/kindred-index';
import { openSealedFile } from '../src/core/index/checksum';
import { NoteStore } from '../src/core/index/note-store';
import { NOTES_PER_KEYWORD_BUCKET } from '../src/core/index/keyword-layout';
import { ChunkVectors } from '../src/core/index/chunk-vectors';
import { LiveChunks } from '../src/core/index/live-chunks';
import type { NoteMatrix } from '../src/core/index/note-matrix';
import { cosineAgainstRows } from '../src/core/rank/cosine';
import { decodeNoteRecords, NOTE_RECORDS_KIND } from '../src/core/index/note-record';
import { decodeNoteVectors } from '../src/core/index/note-vector-codec';
import { SHARD_KIND } from '../src/core/index/vector-shard-codec';
import { tokenize } from '../src/core/index/tokenize';
import { NodeBlobStore } from '../src/cli/node-blob-store';
import { NodeVault } from '../src/cli/node-vault';
import { nodeClock } from '../src/cli/node-clock';
import { FakeEmbedder } from '../test/helpers/fake-embedder';
import type { VaultEvent } from '../src/core/ports';
import { printTable } from './print-table';
import { proseParagraphs, readEssaysOrExit } from './sequences-passages';
import { essayHeadings, mulberry32, scaleNotePath as notePath, scaleNotes } from './synthetic-notes';

const WORDS_PER_NOTE = 950;
const QUERIES = 200;

function writeVault(dir: string, notes: number, paragraphs: string[], headings: string[]): number {
  let words = 0;
  let i = 0;
  for (const note of scaleNotes(notes, paragraphs, headings, WORDS_PER_NOTE)) {
    const path = join(dir, note.path);
    if (i++ < 100) mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, note.text);
    words += note.words;
  }
  return words;
}

/** JS heap plus ArrayBuffers (the vector shards live there, outside heapUsed), after a full GC. */
function heapMB(): number {
  global.gc?.();
  global.gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Files under the index folder: count, bytes, the largest vector shard and the largest other file. */
function filesOnDisk(dir: string): { count: number; bytes: number; largest: number; largestShard: number; largestOther: { name: string; bytes: number } } {
  let count = 0;
  let bytes = 0;
  let largestShard = 0;
  let largestOther = { name: '', bytes: 0 };
  for (const name of readdirSync(dir, { recursive: true }).map(String)) {
    const st = statSync(join(dir, name));
    if (!st.isFile()) continue;
    count++;
    bytes += st.size;
    if (name.startsWith('vectors')) largestShard = Math.max(largestShard, st.size);
    else if (st.size > largestOther.bytes) largestOther = { name, bytes: st.size };
  }
  return { count, bytes, largest: Math.max(largestShard, largestOther.bytes), largestShard, largestOther };
}

function topByCosine(matrix: NoteMatrix, query: Float32Array, k: number): string[] {
  const cosines = cosineAgainstRows(matrix.vectors, query);
  const scores: Array<[number, number]> = [];
  for (let row = 0; row < matrix.paths.length; row++) scores.push([cosines[row], row]);
  scores.sort((a, b) => b[0] - a[0]);
  return scores.slice(0, k).map(([, row]) => matrix.paths[row]);
}

/**
 * Where a cold keyword load spends its time, step by step, on the files just written: reading
 * them, checking their checksums, then decoding the packed postings into Orama databases.
 * The same work `KindredIndex` does after open, minus the awaits between buckets.
 */
function keywordLoadSteps(indexDir: string, buckets: number): Record<string, number> {
  let t = performance.now();
  const files = Array.from({ length: buckets }, (_, b) => readFileSync(join(indexDir, `keyword-${String(b).padStart(2, '0')}.bin`)));
  const readMs = performance.now() - t;
  t = performance.now();
  const payloads = files.map((bytes) => openSealedFile('keyword', bytes));
  const checksumMs = performance.now() - t;
  const store = new NoteStore(buckets);
  t = performance.now();
  payloads.forEach((payload, b) => store.loadBucket(b, payload));
  return { keywordReadMs: readMs, keywordChecksumMs: checksumMs, keywordDecodeMs: performance.now() - t };
}

/** A NodeVault whose change events are fired by the bench (as Obsidian fires them on a save), not by fs.watch. */
class BenchVault extends NodeVault {
  private listener: ((event: VaultEvent) => void) | null = null;

  override onChange(listener: (event: VaultEvent) => void): () => void {
    this.listener = listener;
    return () => (this.listener = null);
  }

  fire(event: VaultEvent): void {
    this.listener?.(event);
  }
}

/** A NodeBlobStore that remembers what it wrote, to show which files an edit rewrites. */
class BenchStore extends NodeBlobStore {
  readonly written: Array<{ name: string; bytes: number }> = [];

  override async write(name: string, data: Uint8Array): Promise<void> {
    await super.write(name, data);
    this.written.push({ name, bytes: data.length });
  }
}

/**
 * Times one sync from its progress events: scan + read + chunk + embed + Orama upsert until
 * the batch is indexed, then the save; and the files the save wrote.
 */
async function timedSync(index: KindredIndex, store: BenchStore, run: () => Promise<unknown>): Promise<{ totalMs: number; indexMs: number; saveMs: number; written: string }> {
  const marks: Partial<Record<string, number>> = {};
  const stop = index.onProgress((p) => (marks[p.phase] ??= performance.now()));
  const done = new Promise<void>((resolve) => {
    const off = index.onProgress((p) => {
      if (p.phase === 'idle') {
        off();
        resolve();
      }
    });
  });
  store.written.length = 0;
  const t = performance.now();
  await run();
  await done;
  stop();
  const end = performance.now();
  const saving = marks.saving ?? end;
  return {
    totalMs: end - t,
    indexMs: saving - t,
    saveMs: end - saving,
    written: store.written.map((w) => `${w.name.replace(/^index\//, '')} ${(w.bytes / 1024).toFixed(0)} KB`).join(', '),
  };
}

/**
 * Where a cold open spends its time, step by step, on the files just written: the note records
 * (read, checksum alone, checksum + decode) and the note vectors saved beside them, which is
 * what related notes wait for; then the vector shards (read, checksum alone, then checksum +
 * decode into the id → vector map), which the passages wait for. The same work
 * `KindredIndex.open` does, file by file.
 */
function vectorOpenSteps(indexDir: string, modelId: string, dims: number, buckets: number): Record<string, number> {
  const shardDir = join(indexDir, 'vectors');
  let t = performance.now();
  const shards = readdirSync(shardDir).sort().map((name) => readFileSync(join(shardDir, name)));
  const shardReadMs = performance.now() - t;
  t = performance.now();
  for (const bytes of shards) openSealedFile(SHARD_KIND, bytes);
  const shardChecksumMs = performance.now() - t;
  // (Opening reads the records first, so their chunks are live as the shards load; here they are not: a floor.)
  const vectors = new ChunkVectors(modelId, dims, new LiveChunks());
  t = performance.now();
  shards.forEach((bytes, i) => vectors.loadShard(`index/vectors/shard-${i}.bin`, bytes));
  // Checksum included: a subtraction of the pass above is not reliable (JIT warm-up, caches).
  const shardLoadMs = performance.now() - t;
  t = performance.now();
  const records = Array.from({ length: buckets }, (_, b) => readFileSync(join(indexDir, `notes-${String(b).padStart(2, '0')}.bin`)));
  const recordsReadMs = performance.now() - t;
  t = performance.now();
  for (const bytes of records) openSealedFile(NOTE_RECORDS_KIND, bytes);
  const recordsChecksumMs = performance.now() - t;
  t = performance.now();
  for (const bytes of records) decodeNoteRecords(bytes);
  const recordsDecodeMs = performance.now() - t;
  t = performance.now();
  const noteVectors = Array.from({ length: buckets }, (_, b) => readFileSync(join(indexDir, `notevec-${String(b).padStart(2, '0')}.bin`)));
  const noteVectorsReadMs = performance.now() - t;
  t = performance.now();
  for (const bytes of noteVectors) decodeNoteVectors(bytes);
  const noteVectorsDecodeMs = performance.now() - t;
  return { shardReadMs, shardChecksumMs, shardLoadMs, recordsReadMs, recordsChecksumMs, recordsDecodeMs, noteVectorsReadMs, noteVectorsDecodeMs };
}

/** The plugin's clock as far as slicing goes: `yield` hands the thread back (Obsidian's does so through the window). */
const yieldingClock = { ...nodeClock, yield: () => new Promise<void>((resolve) => setImmediate(resolve)) };

/**
 * Watches the event loop every 5 ms; `stop` gives the longest gap between two ticks (ms), less
 * the 5 ms. `aside` runs the bench's own work (a forced GC to read the heap) outside the watch.
 */
function loopLag(): { stop: () => number; aside: <T>(work: () => T) => T } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 5);
    last = now;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(0, longest, performance.now() - last - 5);
    },
    aside: (work) => {
      longest = Math.max(longest, performance.now() - last - 5);
      const result = work();
      last = performance.now();
      return result;
    },
  };
}

async function measure(notes: number, notesPerKeywordBucket: number): Promise<Record<string, number>> {
  const essays = readEssaysOrExit();
  const paragraphs = proseParagraphs(essays);
  const headings = essayHeadings(essays);
  const root = mkdtempSync(join(tmpdir(), 'kindred-scale-'));
  const vaultDir = join(root, 'vault');
  const pluginDir = join(vaultDir, '.obsidian', 'plugins', 'kindred');
  try {
    const words = writeVault(vaultDir, notes, paragraphs, headings);
    const vault = new BenchVault(vaultDir);
    const store = new BenchStore(pluginDir);
    const deps = () => ({ vault, store, embedder: new FakeEmbedder(512), clock: nodeClock });
    // No debounce: the event-driven edit below is timed from the event to the end of its save.
    const options = { configDir: '.obsidian', batchNotes: 256, checkpointMs: 60_000, debounceMs: 0, notesPerKeywordBucket };

    let t = performance.now();
    // Built in its own scope so that nothing of it stays reachable when the heap is measured.
    const built = await (async () => {
      const builder = await KindredIndex.open(deps(), options);
      const summary = await builder.sync();
      await builder.close();
      return summary;
    })();
    const buildSeconds = (performance.now() - t) / 1000;

    const baseHeap = heapMB();
    // The longest stretch the event loop was held while the index loaded (what a UI thread would feel).
    const lag = loopLag();
    t = performance.now();
    // Opened as in Obsidian: with a clock that yields, the index cuts its work into slices.
    const index = await KindredIndex.open({ ...deps(), clock: yieldingClock }, options);
    const openMs = performance.now() - t;
    const opened = t;
    let vectorsMs = 0;
    let keywordReadyMs = 0;
    const vectorsReady = index.whenVectorsReady().then(() => (vectorsMs = performance.now() - opened));
    const keywordReady = index.whenKeywordReady().then(() => (keywordReadyMs = performance.now() - opened));
    let step = performance.now();
    const matrix = index.noteMatrix();
    const noteMatrixMs = performance.now() - step;
    step = performance.now();
    const source = index.getNote(notePath(7))!;
    const related = topByCosine(matrix, source.vector!, 11);
    const scanMs = performance.now() - step;
    const relatedMs = performance.now() - t;
    if (related.length !== 11) throw new Error('related notes did not answer');
    const heapAtRelated = lag.aside(heapMB) - baseHeap;
    // Keyword search answers from the buckets loaded so far: the first one is enough to answer.
    while ((index.keywordParts()?.searched ?? 1) === 0) await new Promise((resolve) => setImmediate(resolve));
    const partsAtFirst = index.keywordParts();
    const earlyHits = await index.keywordSearch({ text: 'bayesian evidence', limit: 10 });
    const firstKeywordMs = performance.now() - t;
    if (earlyHits.length === 0) throw new Error('keyword search found nothing in the first buckets');
    await keywordReady;
    const firstHits = await index.keywordSearch({ text: 'bayesian evidence', limit: 10 });
    if (firstHits.length === 0) throw new Error('keyword search found nothing');
    await vectorsReady;
    const longestBlockMs = lag.stop();
    if (index.getNote(notePath(7))!.chunks.length === 0) throw new Error('the passages did not load');
    const indexHeap = heapMB() - baseHeap;
    const totalHeap = heapMB();

    // Queries: 1 to 3 words drawn from the notes' own vocabulary.
    const random = mulberry32(42);
    const vocabulary = [...new Set(paragraphs.slice(0, 2000).flatMap((p) => tokenize(p)).filter((w) => w.length > 3))];
    const queries = Array.from({ length: QUERIES }, () =>
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' '),
    );
    const oramaTimes: number[] = [];
    for (const text of queries) {
      const q = performance.now();
      await index.keywordSearch({ text, limit: 10 });
      oramaTimes.push(performance.now() - q);
    }
    oramaTimes.sort((a, b) => a - b);

    // MiniSearch on the same notes, same tokenizer, in the same process.
    const heapBeforeMini = heapMB();
    t = performance.now();
    const mini = new MiniSearch<{ id: string; title: string; text: string }>({ fields: ['title', 'text'], tokenize: (s) => tokenize(s) });
    for (let i = 0; i < notes; i++) {
      const path = notePath(i);
      mini.add({ id: path, title: path, text: readFileSync(join(vaultDir, path), 'utf8') });
    }
    const miniBuildSeconds = (performance.now() - t) / 1000;
    const miniHeap = heapMB() - heapBeforeMini;
    const miniTimes: number[] = [];
    for (const text of queries) {
      const q = performance.now();
      mini.search(text).slice(0, 10);
      miniTimes.push(performance.now() - q);
    }
    miniTimes.sort((a, b) => a - b);

    const disk = filesOnDisk(join(pluginDir, 'index'));
    process.stdout.write(`largest file besides the vector shards: ${disk.largestOther.name}\n`);
    const buckets = readdirSync(join(pluginDir, 'index')).filter((n) => n.startsWith('keyword-')).length;
    const keywordLoad = keywordLoadSteps(join(pluginDir, 'index'), buckets);
    const vectorOpen = vectorOpenSteps(join(pluginDir, 'index'), index.modelId, index.dims, buckets);

    // One note edited: a paragraph added at the end, then a sync (full scan of the vault included,
    // as `kindred index` does). The scan alone is timed too: it is the Vault port's listing.
    appendFileSync(join(vaultDir, notePath(3)), `\n\n## Added\n${paragraphs[1]}\n`);
    let edit: Awaited<ReturnType<KindredIndex['sync']>> | null = null;
    const fullScanEdit = await timedSync(index, store, async () => (edit = await index.sync()));
    t = performance.now();
    await vault.listMarkdown();
    const listMarkdownMs = performance.now() - t;
    // The same edit the way the plugin sees it: a modify event for that one note (no vault scan).
    appendFileSync(join(vaultDir, notePath(5)), `\n\n## Added\n${paragraphs[2]}\n`);
    const stopWatching = index.watch();
    const eventEdit = await timedSync(index, store, () => Promise.resolve(vault.fire({ type: 'modify', path: notePath(5) })));
    stopWatching();
    // Related notes again after the edit: the matrix has one row recomputed, not all of them.
    t = performance.now();
    const relatedAgain = topByCosine(index.noteMatrix(), index.getNote(notePath(5))!.vector!, 11);
    const relatedAfterEditMs = performance.now() - t;
    if (relatedAgain.length !== 11) throw new Error('related notes did not answer after the edit');
    await index.close();
    process.stderr.write(`full-scan edit wrote: ${fullScanEdit.written}\nevent edit wrote: ${eventEdit.written}\n`);

    return {
      notes: built.notes,
      words,
      chunks: built.chunks,
      buildSeconds,
      openToRelatedMs: relatedMs,
      openToKeywordMs: keywordReadyMs,
      openToPassagesMs: vectorsMs,
      longestBlockMs,
      openToFirstKeywordMs: firstKeywordMs,
      keywordBuckets: buckets,
      bucketsAtFirstKeyword: partsAtFirst?.searched ?? buckets,
      heapAtRelatedMB: heapAtRelated,
      indexHeapMB: indexHeap,
      totalHeapMB: totalHeap,
      oramaP50Ms: percentile(oramaTimes, 0.5),
      oramaP95Ms: percentile(oramaTimes, 0.95),
      miniSearchP50Ms: percentile(miniTimes, 0.5),
      miniSearchP95Ms: percentile(miniTimes, 0.95),
      miniSearchBuildSeconds: miniBuildSeconds,
      miniSearchHeapMB: mini.documentCount > 0 ? miniHeap : 0,
      files: disk.count,
      diskMB: disk.bytes / 1024 / 1024,
      largestFileMB: disk.largest / 1024 / 1024,
      largestShardMB: disk.largestShard / 1024 / 1024,
      largestOtherFileMB: disk.largestOther.bytes / 1024 / 1024,
      editSeconds: fullScanEdit.totalMs / 1000,
      editIndexMs: fullScanEdit.indexMs,
      editSaveMs: fullScanEdit.saveMs,
      listMarkdownMs,
      eventEditMs: eventEdit.totalMs,
      eventEditIndexMs: eventEdit.indexMs,
      eventEditSaveMs: eventEdit.saveMs,
      relatedAfterEditMs,
      editFilesWritten: eventEdit.written.split(', ').length,
      ...keywordLoad,
      openMs,
      noteMatrixMs,
      relatedScanMs: scanMs,
      ...vectorOpen,
      editEmbeddedChunks: edit!.embeddedChunks,
      editIndexedNotes: edit!.indexedNotes,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const oneAt = process.argv.indexOf('--one');
  if (oneAt !== -1) {
    const result = await measure(Number(process.argv[oneAt + 1]), Number(process.argv[oneAt + 2]));
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  const quick = process.argv.includes('--quick');
  const notesAt = process.argv.indexOf('--notes');
  const sizes = notesAt !== -1 ? [Number(process.argv[notesAt + 1])] : quick ? [1000] : [10_000, 50_000];
  const perBucketAt = process.argv.indexOf('--bucket-notes');
  const perBucket = perBucketAt !== -1 ? Number(process.argv[perBucketAt + 1]) : NOTES_PER_KEYWORD_BUCKET;
  readEssaysOrExit();
  const results: Array<Record<string, number>> = [];
  const failures: Array<{ notes: number; exit: number; error: string }> = [];
  for (const size of sizes) {
    process.stdout.write(`${size} notes…\n`);
    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=8192', '--expose-gc', '--import', 'tsx', __filename, '--one', String(size), String(perBucket)],
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) {
      // Reported, not thrown: a size that runs out of memory is a result too.
      process.stderr.write(`the ${size}-note run failed (exit ${child.status}): ${child.stderr.slice(-2000)}\n`);
      failures.push({ notes: size, exit: child.status ?? -1, error: child.stderr.slice(-500) });
      continue;
    }
    results.push(JSON.parse(line.slice(7)) as Record<string, number>);
  }
  const fmt = (n: number, digits = 1): string => n.toFixed(digits);
  printTable(
    results.flatMap((r) => [
      { notes: r.notes, measure: 'words / chunks', value: `${r.words} / ${r.chunks}`, target: '', },
      { notes: r.notes, measure: 'build (fake embedder)', value: `${fmt(r.buildSeconds)} s`, target: '' },
      { notes: r.notes, measure: 'open → related notes answer', value: `${fmt(r.openToRelatedMs, 0)} ms`, target: '≤ 2000 ms' },
      { notes: r.notes, measure: '  open / note matrix / source + scan', value: `${fmt(r.openMs, 0)} / ${fmt(r.noteMatrixMs, 0)} / ${fmt(r.relatedScanMs, 0)} ms`, target: '' },
      { notes: r.notes, measure: '  open, vector shards: read / checksum alone / checksum + decode', value: `${fmt(r.shardReadMs, 0)} / ${fmt(r.shardChecksumMs, 0)} / ${fmt(r.shardLoadMs, 0)} ms`, target: '' },
      { notes: r.notes, measure: '  open, note records: read / checksum alone / checksum + decode', value: `${fmt(r.recordsReadMs, 0)} / ${fmt(r.recordsChecksumMs, 0)} / ${fmt(r.recordsDecodeMs, 0)} ms`, target: '' },
      { notes: r.notes, measure: '  open, note vectors: read / checksum + decode', value: `${fmt(r.noteVectorsReadMs, 0)} / ${fmt(r.noteVectorsDecodeMs, 0)} ms`, target: '' },
      { notes: r.notes, measure: 'open → keyword search answers, first buckets / all', value: `${fmt(r.openToFirstKeywordMs, 0)} ms (${r.bucketsAtFirstKeyword} of ${r.keywordBuckets}) / ${fmt(r.openToKeywordMs, 0)} ms`, target: '≤ 3000 ms' },
      { notes: r.notes, measure: 'open → passages (every vector shard loaded)', value: `${fmt(r.openToPassagesMs, 0)} ms`, target: '' },
      { notes: r.notes, measure: 'longest event-loop block while loading', value: `${fmt(r.longestBlockMs, 0)} ms`, target: '≤ 50 ms' },
      { notes: r.notes, measure: 'heap+buffers: when related first answer / whole index / process', value: `${fmt(r.heapAtRelatedMB)} / ${fmt(r.indexHeapMB)} / ${fmt(r.totalHeapMB)} MB`, target: '≤ 500 MB' },
      { notes: r.notes, measure: 'keyword p50 / p95: Orama buckets', value: `${fmt(r.oramaP50Ms, 2)} / ${fmt(r.oramaP95Ms, 2)} ms`, target: '' },
      { notes: r.notes, measure: 'keyword p50 / p95: MiniSearch', value: `${fmt(r.miniSearchP50Ms, 2)} / ${fmt(r.miniSearchP95Ms, 2)} ms`, target: '' },
      { notes: r.notes, measure: 'p95 ratio Orama / MiniSearch', value: fmt(r.oramaP95Ms / r.miniSearchP95Ms, 2), target: '≤ 1' },
      { notes: r.notes, measure: 'MiniSearch build / heap', value: `${fmt(r.miniSearchBuildSeconds)} s / ${fmt(r.miniSearchHeapMB)} MB`, target: '' },
      { notes: r.notes, measure: 'files on disk / total / largest', value: `${r.files} / ${fmt(r.diskMB)} MB / ${fmt(r.largestFileMB)} MB`, target: '' },
      { notes: r.notes, measure: '  largest vector shard / largest other file', value: `${fmt(r.largestShardMB)} MB / ${fmt(r.largestOtherFileMB)} MB`, target: 'shards ≤ 32 MB' },
      { notes: r.notes, measure: 'keyword load: read / checksum / decode', value: `${fmt(r.keywordReadMs, 0)} / ${fmt(r.keywordChecksumMs, 0)} / ${fmt(r.keywordDecodeMs, 0)} ms`, target: '' },
      { notes: r.notes, measure: '1-note edit re-indexed (full scan)', value: `${fmt(r.editSeconds, 2)} s (${r.editIndexedNotes} note, ${r.editEmbeddedChunks} chunks embedded)`, target: '< 1 s' },
      { notes: r.notes, measure: '  scan + index / save; of which vault listing', value: `${fmt(r.editIndexMs, 0)} / ${fmt(r.editSaveMs, 0)}; ${fmt(r.listMarkdownMs, 0)} ms`, target: '' },
      { notes: r.notes, measure: '1-note edit re-indexed (modify event, as in Obsidian)', value: `${fmt(r.eventEditMs / 1000, 2)} s (${r.editFilesWritten} files written)`, target: '< 1 s' },
      { notes: r.notes, measure: '  index / save; related notes again after it', value: `${fmt(r.eventEditIndexMs, 0)} / ${fmt(r.eventEditSaveMs, 0)}; ${fmt(r.relatedAfterEditMs, 0)} ms`, target: '' },
    ]),
  );
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'index-scale.json'), JSON.stringify({ bench: 'index-scale', quick, sizes: results, failures }, null, 2) + '\n');
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
