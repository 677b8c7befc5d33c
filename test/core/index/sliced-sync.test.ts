import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlobStore, Clock } from '../../../src/core/ports';
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { TimeSlicer } from '../../../src/core/index/time-slicer';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { ManualClock, paragraph } from './index-fixture';

/**
 * A UI-thread clock as far as the index can tell: it can yield (a real new task, through
 * setImmediate), and every reading of the time is 100 ms later than the last, so every
 * `breathe()` finds its slice used up and yields.
 */
class YieldingClock implements Clock {
  private t = 0;
  constructor(private readonly log: string[], private readonly duringYield: () => void = () => {}) {}
  now(): number {
    return (this.t += 100);
  }
  setTimeout(fn: () => void, ms: number): () => void {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  }
  yield(): Promise<void> {
    this.log.push('yield');
    return new Promise((resolve) =>
      setImmediate(() => {
        this.duringYield();
        resolve();
      }),
    );
  }
}

/** A blob store that notes each write in the shared log. */
class LoggingStore implements BlobStore {
  readonly inner = new MemoryBlobStore();
  constructor(private readonly log: string[]) {}
  read(name: string) {
    return this.inner.read(name);
  }
  write(name: string, data: Uint8Array) {
    this.log.push(`write ${name}`);
    return this.inner.write(name, data);
  }
  createExclusive(name: string, data: Uint8Array) {
    return this.inner.createExclusive(name, data);
  }
  remove(name: string) {
    return this.inner.remove(name);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
}

// Enough notes to fill every keyword bucket (60 notes at 8 a bucket make 8), so the save writes many files. (The clocks'
// time runs fast, so checkpoints are put out of reach: the files written are the save's.)
const KEYWORD_BUCKETS = 8;
const notes: Record<string, string> = {};
for (let i = 0; i < 60; i++) notes[`Topic ${i % 6}/Note ${i}.md`] = `# Note ${i}\n\n${paragraph(`word${i % 6}x`, 80)}\n\n## More\n\n${paragraph(`other${i}y`, 40)}`;

test('on a clock that can yield, a sync hands the thread back between every two files it writes and between notes', async () => {
  const log: string[] = [];
  const store = new LoggingStore(log);
  const index = await KindredIndex.open({ vault: new MemoryVault(notes), store, embedder: new FakeEmbedder(16), clock: new YieldingClock(log) }, { batchNotes: 8, checkpointMs: 1e12, notesPerKeywordBucket: KEYWORD_BUCKETS });
  const summary = await index.sync();
  assert.equal(summary.notes, 60);

  const writes = log.flatMap((entry, i) => (entry.startsWith('write') ? [i] : []));
  assert.ok(writes.length >= 1 + KEYWORD_BUCKETS * 2 + 1, `vector shard, ${KEYWORD_BUCKETS} note and keyword buckets each, manifest: ${writes.length} writes`);
  for (let k = 1; k < writes.length; k++) {
    assert.ok(log.slice(writes[k - 1], writes[k]).includes('yield'), `no yield between ${log[writes[k - 1]]} and ${log[writes[k]]}`);
  }
  // Indexing yields too: at least once per note before the first file is written.
  assert.ok(log.slice(0, writes[0]).filter((e) => e === 'yield').length >= 60);
  await index.close();
});

test('a sliced sync writes exactly the files an unsliced one writes, and the index answers while it runs', async () => {
  const plainStore = new MemoryBlobStore();
  const plain = await KindredIndex.open({ vault: new MemoryVault(notes), store: plainStore, embedder: new FakeEmbedder(16), clock: new ManualClock() }, { batchNotes: 8, checkpointMs: 1e12, notesPerKeywordBucket: KEYWORD_BUCKETS });
  await plain.sync();

  const log: string[] = [];
  const store = new LoggingStore(log);
  let reads = 0;
  let sliced: KindredIndex | null = null;
  // Reading while the sync is between slices, as the related pane does, must never throw.
  const clock = new YieldingClock(log, () => {
    if (!sliced) return;
    sliced.noteMatrix();
    for (const note of sliced.allNotes()) void note.vector;
    reads++;
  });
  sliced = await KindredIndex.open({ vault: new MemoryVault(notes), store, embedder: new FakeEmbedder(16), clock }, { batchNotes: 8, checkpointMs: 1e12, notesPerKeywordBucket: KEYWORD_BUCKETS });
  await sliced.sync();
  assert.ok(reads > 60);

  assert.deepEqual([...store.inner.files.keys()].sort(), [...plainStore.files.keys()].sort());
  for (const [name, bytes] of plainStore.files) assert.deepEqual(store.inner.files.get(name), bytes, name);

  // And it opens again whole.
  const reopened = await KindredIndex.open({ vault: new MemoryVault(notes), store: store.inner, embedder: new FakeEmbedder(16), clock: new ManualClock() }, { notesPerKeywordBucket: KEYWORD_BUCKETS });
  await reopened.whenKeywordReady();
  assert.deepEqual(reopened.warnings, []);
  assert.equal(reopened.stats().embeddedNotes, 60);
  assert.equal((await reopened.keywordSearch({ text: 'other7y3', limit: 1 }))[0]?.path, 'Topic 1/Note 7.md');
});

test('opened on a clock that can yield, the index loads in slices exactly what an unsliced open loads', async () => {
  const store = new MemoryBlobStore();
  const options = { batchNotes: 8, checkpointMs: 1e12, notesPerKeywordBucket: KEYWORD_BUCKETS };
  const builder = await KindredIndex.open({ vault: new MemoryVault(notes), store, embedder: new FakeEmbedder(16), clock: new ManualClock() }, options);
  await builder.sync();
  await builder.close();
  const everything = async (index: KindredIndex) => {
    await index.whenVectorsReady();
    await index.whenKeywordReady();
    return {
      matrix: index.noteMatrix(),
      notes: [...index.allNotes()].map((n) => ({ ...n, chunks: n.chunks.map((c) => ({ ...c, vector: [...(c.vector ?? [])] })), vector: [...(n.vector ?? [])] })),
      stats: index.stats(),
      found: await index.keywordSearch({ text: 'other7y3 word1x', limit: 5 }),
    };
  };
  const plain = await KindredIndex.open({ vault: new MemoryVault(notes), store, embedder: new FakeEmbedder(16), clock: new ManualClock() }, options);
  const expected = await everything(plain);
  await plain.close();

  const log: string[] = [];
  let sliced: KindredIndex | null = null;
  let readsWhileLoading = 0;
  const clock = new YieldingClock(log, () => {
    if (!sliced) return;
    // The related pane reads the matrix between slices; it is whole from the moment open resolves.
    assert.deepEqual(sliced.noteMatrix(), expected.matrix);
    readsWhileLoading++;
  });
  sliced = await KindredIndex.open({ vault: new MemoryVault(notes), store, embedder: new FakeEmbedder(16), clock }, options);
  const opening = log.length;
  assert.ok(opening >= 2 * KEYWORD_BUCKETS, `${opening} yields before open resolved, over ${KEYWORD_BUCKETS} buckets of records and note vectors`);
  assert.deepEqual(sliced.noteMatrix(), expected.matrix, 'related notes answer from the saved matrix, merged from every bucket in path order');
  const loaded = await everything(sliced);
  assert.ok(readsWhileLoading > 0 && log.length > opening, 'the rest loads in slices after open resolves');
  assert.deepEqual(loaded, expected);
  assert.deepEqual(sliced.warnings, []);
  // Counting put off, the first sync finds nothing to do.
  const summary = await sliced.sync();
  assert.equal(summary.indexedNotes, 0);
  assert.equal(summary.embeddedChunks, 0);
});

test('TimeSlicer yields only once a slice has used its budget, and never without Clock.yield', async () => {
  let now = 0;
  let yields = 0;
  const slicer = new TimeSlicer({ now: () => now, setTimeout: () => () => {}, yield: () => Promise.resolve(void yields++) }, 10);
  await slicer.breathe();
  now = 9;
  await slicer.breathe();
  assert.equal(yields, 0, 'within the budget');
  now = 10;
  await slicer.breathe();
  assert.equal(yields, 1);
  await slicer.breathe();
  assert.equal(yields, 1, 'a fresh slice starts after a yield');
  await slicer.yieldNow();
  assert.equal(yields, 2);

  // Without Clock.yield nothing waits, however late it is (the CLI, tests).
  const noYield = new TimeSlicer({ now: () => (now += 1000), setTimeout: () => () => {} }, 10);
  const done = Promise.all([noYield.breathe(), noYield.yieldNow()]).then(() => 'microtasks');
  const nextTask = new Promise((resolve) => setImmediate(() => resolve('a task later')));
  assert.equal(await Promise.race([done, nextTask]), 'microtasks');
});
