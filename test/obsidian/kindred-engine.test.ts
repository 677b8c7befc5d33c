import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KindredIndex } from '../../src/core/index/kindred-index';
import { bucketOf } from '../../src/core/index/keyword-layout';
import { tokenize } from '../../src/core/index/tokenize';
import { KindredEngine, type EngineStatus } from '../../src/obsidian/kindred-engine';
import { statusText } from '../../src/ui/status-bar';
import { FakeEmbedder } from '../helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../helpers/memory-vault';
import { ManualClock, paragraph } from '../core/index/index-fixture';

/** The engine as the plugin builds it, over an in-memory vault and plugin folder; notices are recorded. */
function plugin(notes: Record<string, string>, store = new MemoryBlobStore()) {
  const vault = new MemoryVault(notes);
  const clock = new ManualClock();
  const notices: string[] = [];
  const engine = new KindredEngine({
    openIndex: (embedder) => KindredIndex.open({ vault, store, embedder, clock }, { batchNotes: 2, configDir: '.obsidian' }),
    model: { isDownloaded: () => Promise.resolve(false), download: () => Promise.reject(new Error('offline')), load: () => Promise.reject(new Error('no model')) },
    tokenize,
    readNote: (path) => vault.read(path),
    noteExists: (path) => vault.files.has(path),
    clearIndex: async () => {
      for (const name of await store.list('index')) await store.remove(name);
    },
    log: () => undefined,
    notify: (message) => notices.push(message),
  });
  return { vault, store, clock, notices, engine };
}

/** Lets the promise chains of a watched sync run to their end. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const notes = Object.fromEntries(Array.from({ length: 3 }, (_, i) => [`n${i}.md`, paragraph(`topic${i}x`, 30)]));

test('a watched sync whose embedder fails on batch 2: the status bar leaves "indexing 2 of 6" for its error state, and one notice says why', async () => {
  const fx = plugin(notes);
  const embedder = new FakeEmbedder(16);
  fx.engine.useEmbedder(embedder);
  await fx.engine.start();
  assert.equal(fx.engine.status.kind, 'idle');

  // Read afresh each time (the engine changes it as the sync goes).
  const status = (): EngineStatus => fx.engine.status;
  const embed = embedder.embed.bind(embedder);
  let calls = 0;
  embedder.embed = (texts) => (++calls === 2 ? Promise.reject(new Error('the embedding worker stopped')) : embed(texts));
  const shown: string[] = [];
  fx.engine.onChange(() => shown.push(statusText(fx.engine.status)));
  for (let i = 0; i < 6; i++) await fx.vault.create(`new ${i}.md`, paragraph(`fresh${i}y`, 30));
  fx.clock.advance(2000);
  for (let i = 0; i < 20 && status().kind !== 'error'; i++) await settle();

  assert.ok(shown.includes('Kindred: indexing 2 of 6'), shown.join(' | '));
  const failed = status();
  assert.equal(statusText(failed), 'Kindred: error');
  assert.match(failed.kind === 'error' ? failed.message : '', /Indexing failed \(the embedding worker stopped\)/);
  assert.equal(fx.notices.length, 1);
  assert.match(fx.notices[0], /^Kindred: Indexing failed \(the embedding worker stopped\)/);

  // The same failure again is not a second notice; a sync that works clears the error state.
  await fx.vault.create('another.md', paragraph('again', 30));
  calls = 1;
  fx.clock.advance(2000);
  for (let i = 0; i < 20 && calls < 2; i++) await settle();
  await settle();
  assert.equal(fx.notices.length, 1, fx.notices.join('\n'));
  embedder.embed = embed;
  await fx.engine.sync();
  assert.equal(status().kind, 'idle');
  assert.equal(fx.engine.index!.noteCount(), 10);
  await fx.engine.close();
});

test('a note created while the first sync runs is indexed by the watched sync after it, not left until the next start', async () => {
  const fx = plugin(notes);
  const embedder = new FakeEmbedder(16);
  const embed = embedder.embed.bind(embedder);
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let embedding!: () => void;
  const firstEmbed = new Promise<void>((resolve) => (embedding = resolve));
  embedder.embed = async (texts) => {
    embedding();
    await gate;
    return embed(texts);
  };
  fx.engine.useEmbedder(embedder);
  const starting = fx.engine.start();
  await firstEmbed;
  // The first sync has listed the vault and is embedding: this note is not in its list.
  await fx.vault.create('late.md', paragraph('latecomer', 30));
  release();
  await starting;
  assert.equal(fx.engine.index!.getNote('late.md'), undefined, 'the first sync did not see it');
  fx.clock.advance(2000);
  for (let i = 0; i < 50 && !fx.engine.index!.getNote('late.md'); i++) await settle();
  assert.ok(fx.engine.index!.getNote('late.md'), 'the watched sync indexed it');
  assert.equal(fx.engine.index!.noteCount(), 4);
  await fx.engine.close();
});

test('a damaged index file found at start: one notice names it, and its part is rebuilt', async () => {
  const many = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`Notes/n${i}.md`, paragraph(`word${i}q`, 40)]));
  const first = plugin(many);
  first.engine.useEmbedder(new FakeEmbedder(16));
  await first.engine.start();
  await first.engine.close();
  const damaged = `index/notes-${String(bucketOf('Notes/n3.md', 1)).padStart(2, '0')}.bin`;
  first.store.corrupt(damaged, 100);
  const keyword = `index/keyword-${String(bucketOf('Notes/n5.md', 1)).padStart(2, '0')}.bin`;
  if (keyword.slice(-6) !== damaged.slice(-6)) first.store.truncate(keyword, 50);

  const fx = plugin(many, first.store);
  fx.engine.useEmbedder(new FakeEmbedder(16));
  await fx.engine.start();
  await settle();
  assert.equal(fx.notices.length, 1, fx.notices.join('\n---\n'));
  assert.ok(fx.notices[0].includes(damaged), fx.notices[0]);
  assert.equal(fx.engine.status.kind, 'idle', 'a rebuilt part is news, not an error');
  assert.equal(fx.engine.index!.noteCount(), 12);
  await fx.engine.close();
});

test('a model handed over while the index opens or while its first sync runs is used: every note gets its vectors', async () => {
  for (const when of ['opening', 'syncing'] as const) {
    const fx = plugin(notes);
    const embedder = new FakeEmbedder(16);
    const open = fx.engine['deps'].openIndex;
    fx.engine['deps'].openIndex = async (e) => {
      if (when === 'opening') fx.engine.useEmbedder(embedder);
      const index = await open(e);
      if (when === 'syncing') {
        const sync = index.sync.bind(index);
        index.sync = (signal) => {
          const running = sync(signal);
          fx.engine.useEmbedder(embedder);
          return running;
        };
      }
      return index;
    };
    await fx.engine.start();
    for (let i = 0; i < 20 && fx.engine.index?.stats().embeddedNotes !== 3; i++) await settle();
    assert.equal(fx.engine.index!.stats().embeddedNotes, 3, when);
    assert.equal(fx.engine.modelState, 'ready', when);
    await fx.engine.close();
  }
});

test('a full disk when a sync saves: the status bar stays in its error state after the sync, and one notice says the disk is full', async () => {
  const fx = plugin(notes);
  fx.engine.useEmbedder(new FakeEmbedder(16));
  await fx.engine.start();
  fx.store.fillDiskAt(1);
  fx.vault.modify('n1.md', paragraph('edited1z', 30));
  await fx.engine.sync();
  await settle();
  const status = fx.engine.status;
  assert.equal(status.kind, 'error');
  assert.match(status.kind === 'error' ? status.message : '', /^The disk is full: nothing was changed \(writing index\/[^)]+\)\. /);
  assert.equal(fx.notices.length, 1);
  assert.match(fx.notices[0], /^Kindred: The disk is full: nothing was changed \(writing index\/[^)]+\)\. /);
  await fx.engine.sync();
  assert.equal(fx.engine.status.kind, 'idle', 'room again: the next sync saves and clears it');
  await fx.engine.close();
});

test('at start the index opens while the model loads: related notes of an indexed note answer before the model is ready', async () => {
  const first = plugin(notes);
  first.engine.useEmbedder(new FakeEmbedder(16));
  await first.engine.start();
  await first.engine.close();

  // A second start over the same plugin folder, with a model whose load is held back.
  const store = first.store;
  const vault = first.vault;
  let loadModel: (embedder: FakeEmbedder) => void = () => undefined;
  const engine = new KindredEngine({
    openIndex: (embedder) => KindredIndex.open({ vault, store, embedder, clock: new ManualClock() }, { batchNotes: 2, configDir: '.obsidian' }),
    model: { isDownloaded: () => Promise.resolve(true), download: () => Promise.reject(new Error('offline')), load: () => new Promise((resolve) => (loadModel = resolve)) },
    tokenize,
    readNote: (path) => vault.read(path),
    noteExists: (path) => vault.files.has(path),
    clearIndex: () => Promise.resolve(),
    log: () => undefined,
    notify: () => undefined,
  });
  const starting = engine.start();
  for (let i = 0; i < 20 && !engine.index; i++) await settle();
  assert.ok(engine.index, 'the index is open');
  assert.equal(engine.modelState, 'loading');
  const state = await engine.related('n0.md', 5, 0);
  assert.equal(state.kind, 'answer');
  assert.ok(state.kind === 'answer' && !state.keywordOnly, 'not keyword-only');
  const results = state.kind === 'answer' ? state.answer.results : [];
  assert.ok(results.length > 0 && results.every((r) => r.cosine !== null), 'ranked from the saved vectors');
  loadModel(new FakeEmbedder(16));
  await starting;
  assert.equal(engine.modelState, 'ready');
  assert.equal(engine.status.kind, 'idle');
  await engine.close();
});
