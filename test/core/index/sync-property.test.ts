import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { ManualClock } from './index-fixture';

// Small chunks so that even these short notes have several, and edits change some of them.
const OPTIONS = { maxTokens: 26, batchNotes: 3 };
const WORDS = ['river', 'bridge', 'cat', 'dog', 'lamp', 'stone', 'cloud', 'seed', 'iron', 'glass', 'salt', 'wind'];
const PATHS = ['a.md', 'b.md', 'Folder/c.md', 'Folder/d.md', 'Deep/er/e.md', 'f.md'];

const noteText = fc
  .array(
    fc.record({
      heading: fc.option(fc.constantFrom('Intro', 'Method', 'Results'), { nil: undefined }),
      words: fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 30 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((sections) => sections.map((s) => (s.heading ? `# ${s.heading}\n` : '') + s.words.join(' ')).join('\n\n'));

type Op =
  | { kind: 'create' | 'modify'; path: string; text: string }
  | { kind: 'rename'; from: string; to: string }
  | { kind: 'delete'; path: string }
  | { kind: 'sync' };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), path: fc.constantFrom(...PATHS), text: noteText }),
  fc.record({ kind: fc.constant('modify' as const), path: fc.constantFrom(...PATHS), text: noteText }),
  fc.record({ kind: fc.constant('rename' as const), from: fc.constantFrom(...PATHS), to: fc.constantFrom(...PATHS) }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
  fc.constant({ kind: 'sync' as const }),
);

function apply(vault: MemoryVault, o: Op): void {
  const has = (p: string): boolean => vault.files.has(p);
  if (o.kind === 'create' && !has(o.path)) void vault.create(o.path, o.text);
  else if (o.kind === 'modify' && has(o.path)) vault.modify(o.path, o.text);
  else if (o.kind === 'rename' && has(o.from) && !has(o.to)) vault.rename(o.from, o.to);
  else if (o.kind === 'delete') vault.delete(o.path);
}

async function snapshot(index: KindredIndex) {
  const notes = [...index.allNotes()].map((n) => ({
    path: n.path,
    title: n.title,
    chunks: n.chunks.map((c) => [c.id, c.headingPath.join('>'), c.start, c.end].join('|')),
    vector: n.vector ? [...n.vector] : null,
  }));
  const queries: Record<string, Array<[string, number]>> = {};
  for (const q of ['river cat', 'glass', 'iron wind seed', 'intro']) {
    queries[q] = (await index.keywordSearch({ text: q, limit: 10 })).map((h) => [h.path, Math.round(h.score * 1e6)]);
  }
  const df = WORDS.map((w) => index.documentFrequency(w));
  return { notes, queries, df, matrix: plainMatrix(index) };
}

/** The note matrix, every row as its codes and scale: rows changed one at a time must equal a rebuild. */
function plainMatrix(index: KindredIndex) {
  const { paths, vectors } = index.noteMatrix();
  return { paths, codes: [...vectors.codes], scales: [...vectors.scales] };
}

test('any sequence of creates, edits, renames and deletes, then sync, equals a build from scratch', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
      const vault = new MemoryVault({ 'a.md': '# Intro\nriver bridge cat', 'Folder/c.md': 'lamp stone' });
      const store = new MemoryBlobStore();
      const embedder = new FakeEmbedder(16);
      const clock = new ManualClock();
      const incremental = await KindredIndex.open({ vault, store, embedder, clock }, OPTIONS);
      await incremental.sync();
      const stop = incremental.watch();
      for (const o of ops) {
        if (o.kind === 'sync') await incremental.sync();
        else apply(vault, o);
        if (o.kind !== 'sync' && ops.indexOf(o) % 3 === 0) clock.advance(2000); // some batches go through watch
      }
      clock.advance(2000);
      await incremental.sync();
      stop();
      await incremental.close();

      const scratch = await KindredIndex.open({ vault, store: new MemoryBlobStore(), embedder: new FakeEmbedder(16), clock }, OPTIONS);
      await scratch.sync();
      // Opened as the plugin opens it, the saved note matrix answers before the passage vectors load.
      const early = await KindredIndex.open({ vault, store, embedder, clock }, OPTIONS);
      const earlyMatrix = plainMatrix(early);
      await early.close();
      const reopened = await KindredIndex.open({ vault, store, embedder, clock }, OPTIONS);
      embedder.resetCounts();
      await reopened.sync();

      const expected = await snapshot(scratch);
      assert.deepEqual(await snapshot(incremental), expected);
      assert.deepEqual(await snapshot(reopened), expected);
      assert.deepEqual(earlyMatrix, expected.matrix);
      assert.equal(embedder.calls, 0, 'reopening the incremental index embeds nothing');
      assert.deepEqual(reopened.warnings, []);
    }),
    { numRuns: 60, seed: 20261126 },
  );
});
