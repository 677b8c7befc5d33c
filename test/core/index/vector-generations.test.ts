import type { Problem } from '../../../src/core/problems';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndexFiles } from '../../../src/core/index/index-files';
import { LiveChunks } from '../../../src/core/index/live-chunks';
import type { NoteRecord } from '../../../src/core/index/note-record';
import { NoteRecords } from '../../../src/core/index/note-records';
import { TimeSlicer } from '../../../src/core/index/time-slicer';
import { VectorGenerations } from '../../../src/core/index/vector-generations';
import { encodeVectorShard } from '../../../src/core/index/vector-shard-codec';
import { MemoryBlobStore } from '../../helpers/memory-vault';
import { quantiseRows } from '../../../src/core/index/int8-vectors';
import { ManualClock } from './index-fixture';

const A = { modelId: 'model-a', dims: 2 };
const B = { modelId: 'model-b', dims: 2 };
const id = (n: number): string => n.toString(16).padStart(32, '0');
const note = (...ids: string[]): NoteRecord => ({ path: 'n.md', mtime: 0, size: 0, hash: '', title: '', folder: '', tags: [], frontMatter: {}, linkTargets: [], chunks: ids.map((i) => ({ id: i, headingPath: [], start: 0, end: 0 })) });
const manifest = (modelId: string | null, building?: { modelId: string; dims: number }) => ({ format: 1, chunkerVersion: 1, modelId, dims: 2, files: {}, ...(building ? { building } : {}) });

function setup() {
  const store = new MemoryBlobStore();
  const warnings: string[] = [];
  const warn = (p: Problem) => warnings.push(p.message);
  const files = new IndexFiles(store, new TimeSlicer(new ManualClock()), warn);
  return { store, warnings, files, generations: (model: typeof A | null) => new VectorGenerations(model, new LiveChunks(), warn) };
}

async function shard(store: MemoryBlobStore, name: string, model: typeof A, ids: string[]) {
  await store.write(`index/vectors/${name}`, encodeVectorShard({ ...model, ids, rows: quantiseRows(new Float32Array(ids.length * 2).fill(0.5), 2) }));
}

test('opened with the saved model: every shard of it is read, listed or not; a damaged one is named', async () => {
  const fx = setup();
  await shard(fx.store, 'shard-00000.bin', A, [id(1)]);
  await shard(fx.store, 'shard-00001.bin', A, [id(2)]);
  await shard(fx.store, 'shard-00002.bin', A, [id(3)]);
  fx.store.corrupt('index/vectors/shard-00002.bin', 40);
  const g = fx.generations(A);
  await g.load(manifest('model-a'), fx.files, A);
  assert.equal(g.answering, g.current);
  assert.equal(g.current!.size, 2);
  assert.equal(g.lacksVectors(note(id(1), id(2))), false);
  assert.equal(g.lacksVectors(note(id(1), id(3))), true);
  assert.match(fx.warnings.join('\n'), /Vector file index\/vectors\/shard-00002\.bin is unusable \(checksum mismatch/);
  // A new shard is numbered after every file seen, the damaged one included.
  g.current!.add(id(9), Float32Array.from([1, 0]));
  assert.deepEqual(g.planCheckpoint().map((s) => s.name), ['index/vectors/shard-00003.bin']);
});

test('a new model: the old vectors answer until the new ones cover every note, then switch in one step', async () => {
  const fx = setup();
  await shard(fx.store, 'shard-00000.bin', A, [id(1), id(2)]);
  const g = fx.generations(B);
  await g.load(manifest('model-a'), fx.files, B);
  assert.equal(fx.warnings.length, 1);
  assert.match(fx.warnings[0], /^The model changed \(model-a → model-b\).*answer from model-a/);
  assert.equal(g.answering!.modelId, 'model-a');
  assert.equal(g.pendingModelId, 'model-b');
  assert.deepEqual(g.manifestFields(), { modelId: 'model-a', dims: 2, vectorFormat: 'int8', building: { modelId: 'model-b', dims: 2 } });
  const notes = [note(id(1), id(2))];
  g.current!.add(id(1), Float32Array.from([1, 0]));
  assert.equal(g.switchWhenComplete(notes), false);
  g.current!.add(id(2), Float32Array.from([0, 1]));
  assert.equal(g.switchWhenComplete(notes), true);
  assert.equal(g.answering!.modelId, 'model-b');
  assert.equal(g.pendingModelId, null);
  assert.equal(g.manifestFields().building, undefined);
});

test('while another model is built, the answering model follows the notes: back to it, a shard no note uses any more is dropped', async () => {
  const fx = setup();
  await shard(fx.store, 'shard-00000.bin', A, [id(1), id(2)]);
  const records = new NoteRecords();
  const g = new VectorGenerations(A, records.live, () => {});
  await g.load(manifest('model-a'), fx.files, A);
  records.set('n.md', note(id(1), id(2)));
  g.setModel(B);
  records.delete('n.md');
  g.setModel(A);
  assert.deepEqual(g.current!.planSave('index/vectors').drop, ['index/vectors/shard-00000.bin']);
  assert.equal(g.current!.size, 0);
});

test('setting a model: the same keeps everything, another starts a re-embedding (warned once), the old one back drops the half-built', async () => {
  const fx = setup();
  await shard(fx.store, 'shard-00000.bin', A, [id(1)]);
  const g = fx.generations(null);
  await g.load(manifest('model-a'), fx.files, null);
  assert.equal(g.setModel(A), false);
  assert.equal(g.current!.size, 1);
  assert.equal(g.setModel(B), true);
  assert.deepEqual(fx.warnings, ['The model changed (model-a → model-b); notes will be embedded again in the background, and related notes answer from model-a until then.']);
  assert.equal(g.pendingModelId, 'model-b');
  assert.equal(g.setModel(A), true);
  assert.equal(g.pendingModelId, null);
  assert.equal(g.current!.modelId, 'model-a');
  assert.equal(g.current!.size, 1);
  assert.equal(fx.warnings.length, 1);
});

test('opened without a model half-way through a re-embedding: the shards of the model set next are taken, not thrown away', async () => {
  const fx = setup();
  await shard(fx.store, 'shard-00000.bin', A, [id(1)]);
  await shard(fx.store, 'shard-00001.bin', B, [id(1)]);
  const g = fx.generations(null);
  // The manifest was saved before the re-embedding began: it names model A only.
  await g.load(manifest('model-a'), fx.files, null);
  assert.deepEqual(fx.warnings, []);
  g.setModel(B);
  assert.equal(g.current!.has(id(1)), true, 'model B’s parked shard was adopted');
  assert.equal(g.answering!.modelId, 'model-a');
});
