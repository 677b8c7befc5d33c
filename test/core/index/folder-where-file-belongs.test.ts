import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MANIFEST_NAME } from '../../../src/core/index/manifest-codec';
import { bucketOf } from '../../../src/core/index/keyword-layout';
import { indexFixture, paragraph } from './index-fixture';

const notes = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`n${i}.md`, `# Part ${i}\n${paragraph(`word${i}q`, 60)}`]));
// Two notes a bucket: the ten notes are spread over eight buckets.
const bucket = (kind: string) => `index/${kind}-${String(bucketOf('n3.md', 8)).padStart(2, '0')}.bin`;

async function built() {
  const fx = indexFixture(notes, { notesPerKeywordBucket: 2 });
  const index = await fx.open();
  await index.sync();
  await index.close();
  fx.embedder.resetCounts();
  return fx;
}

for (const name of [MANIFEST_NAME, bucket('notes'), bucket('keyword')]) {
  test(`a folder (with files in it) where ${name} belongs is removed, its part rebuilt, one warning naming it; notes are never touched`, async () => {
    const fx = await built();
    const vault = JSON.stringify([...fx.vault.files]);
    fx.store.makeFolder(name, ['stray.bin', 'deeper/other.bin']);
    const index = await fx.open();
    await index.whenKeywordReady();
    const summary = await index.sync();
    assert.equal(summary.notes, 10);
    assert.equal(summary.embeddedChunks, 0);
    const named = index.warnings.filter((w) => w.includes(name));
    assert.equal(named.length, 1, index.warnings.join('\n'));
    assert.match(named[0], /a folder sat where the file belongs; Kindred removed it/);
    assert.equal(fx.store.folders.size, 0);
    assert.ok(fx.store.files.has(name), 'written again as a file');
    assert.deepEqual([...fx.store.files.keys()].filter((n) => n.startsWith(`${name}/`)), [], 'what was in the folder went with it');
    assert.equal(JSON.stringify([...fx.vault.files]), vault);
    assert.deepEqual((await index.keywordSearch({ text: 'word3q7', limit: 1 })).map((h) => h.path), ['n3.md']);
  });
}

test('a folder where the next vector shard goes: removed once when writing, named, and every run after works (no leftover temporary file)', async () => {
  const fx = await built();
  const shards = (await fx.store.list('index/vectors')).sort();
  const next = `index/vectors/shard-${String(Number(/(\d+)\.bin$/.exec(shards.at(-1)!)![1]) + 1).padStart(5, '0')}.bin`;
  fx.store.makeFolder(next);
  const index = await fx.open();
  fx.vault.modify('n5.md', `# Part 5\n${paragraph('changed5q', 60)}`);
  const summary = await index.sync();
  assert.equal(summary.saved, true);
  assert.deepEqual(index.warnings.filter((w) => w.includes(next)).length, 1, index.warnings.join('\n'));
  assert.match(index.warnings.join('\n'), /A folder sat where index file index\/vectors\/shard-\d+\.bin belongs; Kindred removed it/);
  assert.equal(fx.store.folders.size, 0);
  assert.deepEqual(fx.store.temporaries, []);
  const again = await fx.open();
  fx.vault.modify('n6.md', `# Part 6\n${paragraph('changed6q', 60)}`);
  await again.sync();
  assert.deepEqual(again.warnings, []);
});
