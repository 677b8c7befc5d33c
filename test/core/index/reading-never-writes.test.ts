import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NodeBlobStore } from '../../../src/cli/node-blob-store';
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { tokenize } from '../../../src/core/index/tokenize';
import { StorageError, type BlobStore } from '../../../src/core/ports';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { searchNotes } from '../../../src/core/rank/search-notes';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryVault } from '../../helpers/memory-vault';
import { ManualClock, indexFixture, paragraph } from './index-fixture';

const notes = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`n${i}.md`, `# Part ${i}\n${paragraph(`word${i % 3}q`, 60)}\n\n# More\n${paragraph(`more${i}q`, 80)}`]));

/** What the CLI's query, related and stats do on an index: sync (bring it up to date), then read. */
async function queryRelatedStats(index: KindredIndex, embedder: FakeEmbedder) {
  await index.sync();
  const query = await searchNotes(index, { text: 'word1q3 more2q', mode: 'hybrid', k: 3 }, { tokenize, embedQuery: (q) => Promise.resolve(embedder.vectorOf(q)) });
  const source = await sourceFromIndexedNote(index, 'n1.md', (p) => index.passageText({ id: '', notePath: p, headingPath: [], start: 0, end: Infinity, vector: new Float32Array() }));
  const related = await rankRelated(index, source!, { k: 3, tokenize, minScore: 0 });
  return { query: query.map((r) => r.path), related: related.results.map((r) => r.path), stats: index.stats().notes };
}

test('a sync that changed nothing writes nothing: the manifest is not rewritten by a query', async () => {
  const fx = indexFixture(notes);
  const first = await fx.open();
  await first.sync();
  await first.close();
  fx.store.resetLog();
  for (let run = 0; run < 3; run++) {
    const index = await fx.open();
    await queryRelatedStats(index, fx.embedder);
    await index.close();
  }
  assert.deepEqual(fx.store.writes, []);
  assert.deepEqual(fx.store.removals, []);
});

test('query, related and stats work on a read-only index folder', async () => {
  const fx = indexFixture(notes);
  const first = await fx.open();
  const expected = await queryRelatedStats(first, fx.embedder);
  await first.close();
  fx.store.readOnly = true;
  const index = await fx.open();
  assert.deepEqual(await queryRelatedStats(index, fx.embedder), expected);
  assert.deepEqual(index.problems, []);
  const stats = await fx.open({ loadKeyword: false });
  assert.equal(stats.stats().notes, 8);
  assert.deepEqual(stats.problems, []);
});

/**
 * A real folder through NodeBlobStore, made read-only the only way that holds for root too (root
 * ignores file permissions): a wrapper refusing every write and removal as the store would with
 * EROFS. The folder's files are checked to be the very ones written before (same mtimes).
 */
class ReadOnly implements BlobStore {
  constructor(private readonly inner: BlobStore) {}
  read(name: string) {
    return this.inner.read(name);
  }
  list(prefix: string) {
    return this.inner.list(prefix);
  }
  write(name: string): Promise<void> {
    return Promise.reject(new StorageError('read-only', name, `EROFS: read-only file system, open '${name}'`));
  }
  createExclusive(name: string): Promise<boolean> {
    return Promise.reject(new StorageError('read-only', name, `EROFS: read-only file system, open '${name}'`));
  }
  remove(name: string): Promise<void> {
    return Promise.reject(new StorageError('read-only', name, `EROFS: read-only file system, unlink '${name}'`));
  }
}

test('query, related and stats work on a real index folder through NodeBlobStore, read-only, and leave every file as it was', async () => {
  const root = mkdtempSync(join(tmpdir(), 'kindred-readonly-'));
  try {
    const vault = new MemoryVault(notes);
    const embedder = new FakeEmbedder(32);
    const clock = new ManualClock();
    const writable = await KindredIndex.open({ vault, store: new NodeBlobStore(root), embedder, clock });
    const expected = await queryRelatedStats(writable, embedder);
    await writable.close();
    const files = (dir: string): Record<string, number> =>
      Object.fromEntries(readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => [f, statSync(join(dir, f)).mtimeMs]));
    const before = files(root);
    const index = await KindredIndex.open({ vault, store: new ReadOnly(new NodeBlobStore(root)), embedder, clock });
    assert.deepEqual(await queryRelatedStats(index, embedder), expected);
    assert.deepEqual(index.problems, []);
    assert.deepEqual(files(root), before);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
