import type { Problem } from '../../../src/core/problems';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IndexFiles, VECTOR_FOLDER } from '../../../src/core/index/index-files';
import { dequantiseRows } from '../../../src/core/index/int8-vectors';
import type { NoteRecord } from '../../../src/core/index/note-record';
import { NoteRecords } from '../../../src/core/index/note-records';
import { TimeSlicer } from '../../../src/core/index/time-slicer';
import { VectorGenerations } from '../../../src/core/index/vector-generations';
import { decodeVectorShard, encodeVectorShard, vectorsPerShard } from '../../../src/core/index/vector-shard-codec';
import { encodeFloatShard } from '../../helpers/float-shards';
import { MemoryBlobStore } from '../../helpers/memory-vault';
import { ManualClock } from './index-fixture';

const MODEL = { modelId: 'model-a', dims: 2 };
const id = (n: number): string => n.toString(16).padStart(32, '0');
// Few chunk ids for few notes, so that notes share chunks and a chunk often loses or regains its last note.
const CHUNKS = Array.from({ length: 10 }, (_, n) => id(n + 1));
const PATHS = ['a.md', 'b.md', 'c.md', 'd.md'];
const record = (path: string, ids: string[], mtime = 0): NoteRecord => ({
  path,
  mtime,
  size: 0,
  hash: '',
  title: path,
  folder: '',
  tags: [],
  frontMatter: {},
  linkTargets: [],
  chunks: ids.map((chunk) => ({ id: chunk, headingPath: [], start: 0, end: 1 })),
});

/**
 * What a save decided before shards kept live counts, kept here as it was: the live set built
 * from every record, every shard's ids filtered through it. The incremental `ChunkVectors` must
 * decide exactly the same.
 */
class FullScanVectors {
  readonly inMemory = new Set<string>();
  private readonly shards = new Map<string, string[]>();
  private readonly floatShards = new Set<string>();
  private pending = new Set<string>();
  private nextShard = 0;

  add(chunk: string): void {
    if (this.inMemory.has(chunk)) return;
    this.inMemory.add(chunk);
    this.pending.add(chunk);
  }

  loadShard(name: string, ids: string[], float: boolean): void {
    for (const chunk of ids) this.inMemory.add(chunk);
    this.shards.set(name, ids);
    if (float) this.floatShards.add(name);
    this.numberAfter([name]);
  }

  numberAfter(names: Iterable<string>): void {
    for (const name of names) {
      const n = /(\d+)\.bin$/.exec(name);
      if (n) this.nextShard = Math.max(this.nextShard, Number(n[1]) + 1);
    }
  }

  planSave(live: ReadonlySet<string>, folder: string): { write: Array<{ name: string; ids: string[] }>; drop: string[] } {
    const drop: string[] = [];
    const carry: string[] = [];
    const liveOf = new Map([...this.shards].map(([name, ids]) => [name, ids.filter((chunk) => live.has(chunk))]));
    const rewrite = (name: string): boolean => this.floatShards.has(name) || liveOf.get(name)!.length * 2 < this.shards.get(name)!.length;
    const smallLimit = Math.floor(vectorsPerShard(MODEL.dims) / 8);
    const small = [...this.shards].filter(([, ids]) => ids.length < smallLimit).map(([name]) => name);
    const writesAnyway = this.pending.size > 0 || [...this.shards.keys()].some(rewrite);
    const mergeSmall = writesAnyway && small.length > 4;
    for (const name of this.shards.keys()) {
      if (rewrite(name) || (mergeSmall && small.includes(name))) {
        drop.push(name);
        carry.push(...liveOf.get(name)!);
      }
    }
    const dropped = drop.map((name) => this.shards.get(name)!);
    for (const name of drop) {
      this.shards.delete(name);
      this.floatShards.delete(name);
    }
    const candidates = [...dropped.flat(), ...this.pending];
    let inKept: (chunk: string) => boolean = () => false;
    if (dropped.length > 0) {
      const kept = new Set<string>();
      for (const ids of this.shards.values()) for (const chunk of ids) kept.add(chunk);
      inKept = (chunk) => kept.has(chunk);
    }
    const toWrite = [...new Set([...carry, ...[...this.pending].filter((chunk) => live.has(chunk))])].filter((chunk) => !inKept(chunk));
    for (const chunk of candidates) if (!live.has(chunk) && !inKept(chunk)) this.inMemory.delete(chunk);
    this.pending = new Set();
    return { write: this.packShards(toWrite, folder), drop };
  }

  planCheckpoint(folder: string): Array<{ name: string; ids: string[] }> {
    const ids = [...this.pending];
    this.pending = new Set();
    return this.packShards(ids, folder);
  }

  unsaved(name: string): void {
    const ids = this.shards.get(name);
    if (!ids) return;
    this.shards.delete(name);
    for (const chunk of ids) if (this.inMemory.has(chunk)) this.pending.add(chunk);
  }

  private packShards(ids: readonly string[], folder: string): Array<{ name: string; ids: string[] }> {
    const out: Array<{ name: string; ids: string[] }> = [];
    const per = vectorsPerShard(MODEL.dims);
    for (let from = 0; from < ids.length; from += per) {
      const slice = ids.slice(from, from + per);
      const name = `${folder}/shard-${String(this.nextShard++).padStart(5, '0')}.bin`;
      out.push({ name, ids: slice });
      this.shards.set(name, slice);
    }
    return out;
  }
}

type Op =
  | { kind: 'put'; path: string; chunks: number[] }
  | { kind: 'touch'; path: string }
  | { kind: 'remove'; path: string }
  | { kind: 'clear' }
  | { kind: 'embed'; chunks: number[] }
  | { kind: 'checkpoint' }
  // `crash`: the new shards are written, then the app dies before the old ones are removed.
  // `fail`: the write of the `failAt`-th planned shard fails (a full disk).
  | { kind: 'save'; outcome: 'done' | 'crash' | 'fail'; failAt: number }
  // `float`: one saved shard is as an earlier version wrote it.
  | { kind: 'reopen'; float: number | null };

const chunkIndexes = fc.array(fc.nat(CHUNKS.length - 1), { maxLength: 5, size: 'max' });
const path = fc.constantFrom(...PATHS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('put' as const), path, chunks: chunkIndexes }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('touch' as const), path }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), path }), weight: 3 },
  { arbitrary: fc.constant({ kind: 'clear' as const }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('embed' as const), chunks: chunkIndexes }), weight: 5 },
  { arbitrary: fc.constant({ kind: 'checkpoint' as const }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('save' as const), outcome: fc.constantFrom('done' as const, 'done' as const, 'done' as const, 'crash' as const, 'fail' as const), failAt: fc.nat(3) }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('reopen' as const), float: fc.option(fc.nat(5), { nil: null }) }), weight: 2 },
);

/** The index's records and vectors over a store, as the app has them, opened again as often as the steps say. */
class Subject {
  readonly store = new MemoryBlobStore();
  readonly warnings: string[] = [];
  private readonly files = new IndexFiles(this.store, new TimeSlicer(new ManualClock()), (p: Problem) => this.warnings.push(p.message));
  records = new NoteRecords();
  generations = new VectorGenerations(MODEL, this.records.live, (p) => this.warnings.push(p.message));

  get vectors() {
    return this.generations.current!;
  }

  /** Opens again from the store: shards first, then the records (as `loadIndex` does). */
  async reopen(): Promise<void> {
    const records = [...this.records.values()];
    this.records = new NoteRecords();
    this.generations = new VectorGenerations(MODEL, this.records.live, (p) => this.warnings.push(p.message));
    await this.generations.load(null, this.files, MODEL);
    for (const rec of records) this.records.set(rec.path, rec);
  }
}

/** The same steps on plain maps, with the full-scan save. */
class Reference {
  readonly records = new Map<string, string[]>();
  vectors = new FullScanVectors();

  live(): Set<string> {
    return new Set([...this.records.values()].flat());
  }

  async reopen(store: MemoryBlobStore): Promise<void> {
    this.vectors = new FullScanVectors();
    const names = await store.list(VECTOR_FOLDER);
    for (const name of names) {
      const shard = decodeVectorShard((await store.read(name))!);
      this.vectors.loadShard(name, shard.ids, shard.format === 'float32');
    }
    this.vectors.numberAfter(names);
  }
}

/** The chunk ids of every shard file in the store. */
async function idsOnDisk(store: MemoryBlobStore): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const name of await store.list(VECTOR_FOLDER)) for (const chunk of decodeVectorShard((await store.read(name))!).ids) ids.add(chunk);
  return ids;
}

/** A saved shard rewritten in the float format of an earlier version, under its own name. */
async function asFloatShard(store: MemoryBlobStore, which: number): Promise<void> {
  const names = await store.list(VECTOR_FOLDER);
  if (names.length === 0) return;
  const name = names[which % names.length];
  const shard = decodeVectorShard((await store.read(name))!);
  await store.write(name, encodeFloatShard({ modelId: shard.modelId, dims: shard.dims, ids: shard.ids, vectors: dequantiseRows(shard.rows) }));
}

function assertSameVectorsInMemory(subject: Subject, reference: Reference): void {
  assert.equal(subject.vectors.size, reference.vectors.inMemory.size, 'as many vectors in memory');
  for (const chunk of reference.vectors.inMemory) assert.ok(subject.vectors.has(chunk), `${chunk} in memory`);
}

async function step(subject: Subject, reference: Reference, o: Op): Promise<void> {
  switch (o.kind) {
    case 'put': {
      const ids = o.chunks.map((n) => CHUNKS[n]);
      subject.records.set(o.path, record(o.path, ids));
      reference.records.set(o.path, ids);
      return;
    }
    case 'touch': {
      const old = subject.records.get(o.path);
      if (old) subject.records.set(o.path, { ...old, mtime: old.mtime + 1 });
      return;
    }
    case 'remove':
      assert.equal(subject.records.delete(o.path), reference.records.delete(o.path));
      return;
    case 'clear':
      subject.records.clear();
      reference.records.clear();
      return;
    case 'embed':
      for (const n of o.chunks) {
        subject.vectors.add(CHUNKS[n], Float32Array.from([1, n]));
        reference.vectors.add(CHUNKS[n]);
      }
      return;
    case 'checkpoint': {
      const written = subject.generations.planCheckpoint();
      assert.deepEqual(
        written.map((w) => ({ name: w.name, ids: w.shard.ids })),
        reference.vectors.planCheckpoint(VECTOR_FOLDER),
      );
      for (const { name, shard } of written) await subject.store.write(name, encodeVectorShard(shard));
      return;
    }
    case 'save': {
      const live = reference.live();
      const hadVectors = [...live].filter((chunk) => reference.vectors.inMemory.has(chunk));
      const expected = reference.vectors.planSave(live, VECTOR_FOLDER);
      const actual = subject.vectors.planSave(VECTOR_FOLDER);
      assert.deepEqual(
        actual.write.map((w) => ({ name: w.name, ids: w.shard.ids })),
        expected.write,
        'the same shards to write',
      );
      assert.deepEqual(actual.drop, expected.drop, 'the same shards to drop');
      assertSameVectorsInMemory(subject, reference);
      for (const chunk of hadVectors) assert.ok(subject.vectors.has(chunk), `live chunk ${chunk} keeps its vector`);

      const failAt = o.outcome === 'fail' ? Math.min(o.failAt, actual.write.length) : actual.write.length;
      for (const { name, shard } of actual.write.slice(0, failAt)) await subject.store.write(name, encodeVectorShard(shard));
      if (failAt < actual.write.length) {
        const unwritten = actual.write.slice(failAt).map((w) => w.name);
        subject.generations.unsaved(unwritten);
        for (const name of unwritten) reference.vectors.unsaved(name);
        return;
      }
      if (o.outcome === 'crash') {
        await subject.reopen();
        await reference.reopen(subject.store);
        assertSameVectorsInMemory(subject, reference);
        return;
      }
      for (const name of actual.drop) await subject.store.remove(name);
      // A save that went through leaves every vector a note uses on disk.
      const onDisk = await idsOnDisk(subject.store);
      for (const chunk of hadVectors) assert.ok(onDisk.has(chunk), `live chunk ${chunk} saved`);
      return;
    }
    case 'reopen':
      if (o.float !== null) await asFloatShard(subject.store, o.float);
      await subject.reopen();
      await reference.reopen(subject.store);
      assertSameVectorsInMemory(subject, reference);
      return;
  }
}

test('a save decides from the live counts exactly what the full scan decided, through edits, crashes, failed writes and re-opens', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 80, size: 'max' }), async (ops) => {
      const subject = new Subject();
      const reference = new Reference();
      for (const o of ops) await step(subject, reference, o);
      // The end of every run is a save that goes through, so every sequence is checked by one.
      await step(subject, reference, { kind: 'save', outcome: 'done', failAt: 0 });
      assert.deepEqual(subject.warnings, []);
    }),
    { numRuns: 300 },
  );
});

test('a shard loaded in slices holds exactly what one loaded at once holds', async () => {
  const { ChunkVectors } = await import('../../../src/core/index/chunk-vectors');
  const { LiveChunks } = await import('../../../src/core/index/live-chunks');
  const { quantiseRows } = await import('../../../src/core/index/int8-vectors');
  const ids = Array.from({ length: 10 }, (_, i) => String(i).padStart(32, 'a'));
  const shard = { modelId: 'm', dims: 4, ids, rows: quantiseRows(Float32Array.from({ length: 40 }, (_, i) => Math.sin(i)), 4), format: 'int8' as const };
  const live = new LiveChunks();
  live.use(ids.slice(0, 4).map((id) => ({ id })));
  const atOnce = new ChunkVectors('m', 4, live);
  atOnce.loadDecodedShard('index/vectors/shard-00000.bin', shard);
  const sliced = new ChunkVectors('m', 4, live);
  let breaths = 0;
  await sliced.loadDecodedShardInSlices('index/vectors/shard-00000.bin', shard, async () => void breaths++, 3);
  assert.equal(breaths, 3, 'ten ids, three at a time');
  assert.equal(sliced.size, atOnce.size);
  for (const id of ids) assert.deepEqual(sliced.get(id), atOnce.get(id));
  assert.deepEqual(sliced.shardNames(), atOnce.shardNames());
});
