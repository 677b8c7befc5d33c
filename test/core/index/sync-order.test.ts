import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KindredIndex, type IndexProgress } from '../../../src/core/index/kindred-index';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { ManualClock, paragraph } from './index-fixture';

// Created in this order, so each note is newer than the one before it.
const notes = {
  'Inbox/old.md': paragraph('old', 30),
  'Essays/a.md': paragraph('alpha', 30),
  'Essays/b.md': paragraph('beta', 30),
  'Journal/today.md': paragraph('today', 30),
  'top.md': paragraph('top', 30),
};

/** A vault that notes the order notes are read in, and whose reads take time: 10 ms a byte. */
class TimedVault extends MemoryVault {
  readonly reads: string[] = [];
  constructor(
    initial: Record<string, string>,
    private readonly clock: ManualClock,
  ) {
    super(initial);
  }
  override async read(path: string): Promise<string> {
    const text = await super.read(path);
    this.reads.push(path);
    this.clock.advance(text.length * 10);
    return text;
  }
}

function build(focus: { path: string | null }) {
  const clock = new ManualClock();
  const vault = new TimedVault(notes, clock);
  const deps = { vault, store: new MemoryBlobStore(), embedder: new FakeEmbedder(16), clock, focus: () => focus.path };
  return { vault, open: () => KindredIndex.open(deps, { batchNotes: 1 }) };
}

test('a first build indexes the open note, then its folder, then the newest notes first', async () => {
  const focus = { path: 'Essays/a.md' as string | null };
  const { vault, open } = build(focus);
  const index = await open();
  await index.sync();
  assert.deepEqual(vault.reads, ['Essays/a.md', 'Essays/b.md', 'top.md', 'Journal/today.md', 'Inbox/old.md']);
  await index.close();
});

test('opening another note during a build brings it and its folder forward for the next batch', async () => {
  const focus = { path: null as string | null };
  const { vault, open } = build(focus);
  const index = await open();
  index.onProgress((p) => {
    // After the first note is indexed, the person opens an old note.
    if (p.phase === 'indexing' && p.done === 1) focus.path = 'Inbox/old.md';
  });
  await index.sync();
  assert.deepEqual(vault.reads, ['top.md', 'Inbox/old.md', 'Journal/today.md', 'Essays/b.md', 'Essays/a.md']);
  await index.close();
});

test('the time left goes by the bytes of the notes, paced from the end of the first batch, and reaches zero', async () => {
  const { open } = build({ path: null });
  const index = await open();
  const seen: IndexProgress[] = [];
  index.onProgress((p) => seen.push(p));
  await index.sync();
  const indexing = seen.filter((p) => p.phase === 'indexing');
  assert.equal(indexing.length, 5);
  assert.equal(indexing[0].secondsLeft, null, 'no pace yet after the first batch');
  // Every note is read at the same pace (10 ms a byte), so after the second note the estimate is exact.
  const bytesLeft = Object.values(notes).slice(0, 3).reduce((s, t) => s + t.length, 0);
  assert.ok(Math.abs(indexing[1].secondsLeft! - bytesLeft / 100) < 1e-6, `${indexing[1].secondsLeft} against ${bytesLeft / 100}`);
  assert.equal(indexing.at(-1)!.secondsLeft, 0);
  await index.close();
});
