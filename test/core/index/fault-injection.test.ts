/**
 * Fault injection: every file of a built index, in turn, replaced by a folder, truncated, given a
 * flipped byte or removed; the store made read-only; the disk filled on the n-th write of a save.
 * After each, the next run answers as a build from scratch does, names the problem once, rebuilds
 * only the part that was lost, leaves no temporary file and never touches a note.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KindredIndex } from '../../../src/core/index/kindred-index';
import { MANIFEST_NAME } from '../../../src/core/index/manifest-codec';
import { decodeVectorShard } from '../../../src/core/index/vector-shard-codec';
import type { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { indexFixture, paragraph } from './index-fixture';

const notes = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`Notes/note ${i}.md`, `# Part ${i}\n${paragraph(`word${i}q`, 40)}\n\n# More\n${paragraph(`more${i}q`, 300)}`]),
);
const EDITED = 'Notes/note 4.md';
const editedText = `# Part 4\n${paragraph('word4q', 40)}\n\n# More\n${paragraph('changed4q', 300)}`;

/** What the index answers: keyword hits for a few queries, and the note matrix. */
async function answers(index: KindredIndex) {
  await index.whenKeywordReady();
  const keyword = [];
  for (const text of ['word3q1 more7q2', 'more4q9', 'changed4q3', 'word11q5']) keyword.push(await index.keywordSearch({ text, limit: 5 }));
  const matrix = index.noteMatrix();
  return { keyword, paths: matrix.paths, vectors: [...matrix.vectors.codes, ...matrix.vectors.scales] };
}

/** The vault's files, to prove a run changed none of them. */
const snapshot = (vault: MemoryVault) => new Map([...vault.files].map(([path, file]) => [path, { ...file }]));

/** An index built over the notes (with a second, small shard from an edit), and what it answers. */
async function built() {
  const fx = indexFixture(notes);
  const first = await fx.open();
  await first.sync();
  fx.vault.modify('Notes/note 9.md', notes['Notes/note 9.md'] + ' coda');
  await first.sync();
  await first.close();
  fx.embedder.resetCounts();
  fx.store.resetLog();
  return fx;
}

/** What a build from scratch over the same vault answers. */
async function scratchAnswers(vault: MemoryVault) {
  const fresh = indexFixture(Object.fromEntries([...vault.files].map(([path, file]) => [path, file.data as string])));
  const index = await fresh.open();
  await index.sync();
  return answers(index);
}

const indexFiles = (store: MemoryBlobStore) => [...store.files.keys()].filter((n) => n.startsWith('index/')).sort();
const damages = ['folder', 'truncate', 'flip', 'remove'] as const;

function damage(store: MemoryBlobStore, name: string, how: (typeof damages)[number]): void {
  if (how === 'folder') store.makeFolder(name);
  else if (how === 'truncate') store.truncate(name, Math.floor(store.files.get(name)!.length / 2));
  else if (how === 'flip') store.corrupt(name, store.files.get(name)!.length - 5);
  else store.files.delete(name);
}

test('every index file replaced by a folder, truncated, flipped or removed: the next run answers, names it once, rebuilds only its part, touches no note', async () => {
  const names = indexFiles((await built()).store);
  assert.ok(names.includes(MANIFEST_NAME) && names.some((n) => n.includes('/notes-')) && names.some((n) => n.includes('/keyword-')));
  assert.equal(names.filter((n) => n.startsWith('index/vectors/')).length, 2, names.join(', '));
  const expected = await scratchAnswers((await built()).vault);

  for (const name of names) {
    for (const how of damages) {
      const label = `${how} ${name}`;
      const fx = await built();
      // A shard may still hold a vector no note uses (an edit's old chunk): only the live ones are missed.
      const live = new Set([...(await fx.open()).allNotes()].flatMap((n) => n.chunks.map((c) => c.id)));
      const shardChunks = name.startsWith('index/vectors/') ? decodeVectorShard(fx.store.files.get(name)!).ids.filter((id) => live.has(id)).length : 0;
      const notesBefore = snapshot(fx.vault);
      damage(fx.store, name, how);

      const index = await fx.open();
      const summary = await index.sync();
      assert.deepEqual(await answers(index), expected, `${label}: the answers of a build from scratch`);
      const named = index.problems.filter((p) => p.message.includes(name) || p.file === name);
      assert.equal(named.length, 1, `${label}: named once\n${index.warnings.join('\n')}`);
      assert.equal(named[0].code, 'file-damaged', label);
      assert.equal(index.problems.length, 1, `${label}: and nothing else\n${index.warnings.join('\n')}`);
      // Only the lost part is rebuilt: a lost shard's vectors are embedded again, nothing else is.
      assert.equal(summary.embeddedChunks, shardChunks, `${label}: chunks embedded again`);
      assert.equal(fx.store.folders.size, 0, `${label}: the folder was removed`);
      assert.deepEqual(fx.store.temporaries, [], label);
      assert.deepEqual(snapshot(fx.vault), notesBefore, `${label}: no note touched`);
      assert.deepEqual(fx.store.removals.filter((n) => !n.startsWith('index/')), [], `${label}: nothing removed outside the index`);
      await index.close();
      // The rebuilt part was saved: the run after that finds nothing wrong.
      const again = await fx.open();
      await again.sync();
      assert.deepEqual(again.warnings, [], label);
    }
  }
});

test('a read-only index folder: the next run answers, writes nothing while nothing changed, and names it once when a change cannot be saved', async () => {
  const fx = await built();
  const expected = await scratchAnswers(fx.vault);
  fx.store.readOnly = true;
  const index = await fx.open();
  const summary = await index.sync();
  assert.equal(summary.saved, true);
  assert.deepEqual(await answers(index), expected);
  assert.equal(index.problems.length, 0);
  assert.deepEqual(fx.store.writes, [], 'nothing was even tried');

  fx.vault.modify(EDITED, editedText);
  const notesBefore = snapshot(fx.vault);
  const edited = await index.sync();
  assert.equal(edited.saved, false);
  assert.deepEqual(await answers(index), await scratchAnswers(fx.vault), 'the edit answers, from memory');
  assert.deepEqual(index.problems.map((p) => p.code), ['read-only']);
  await index.sync();
  assert.equal(index.problems.length, 2, 'each run that cannot save says so (the plugin shows it once)');
  assert.deepEqual(snapshot(fx.vault), notesBefore);
  assert.deepEqual(fx.store.temporaries, []);

  // Writable again: the next run saves what changed, and embeds it again only if its vectors were lost.
  fx.store.readOnly = false;
  const later = await fx.open();
  await later.sync();
  assert.deepEqual(later.warnings, []);
  assert.deepEqual(await answers(later), await scratchAnswers(fx.vault));
});

test('the disk full on the n-th write of a save: that run names it once and answers; the next run answers, having lost at most that save', async () => {
  // How many writes a one-note edit's save makes: a small shard, the note's three bucket files
  // (records, note vectors, keyword index), the manifest.
  const probe = await built();
  const probeIndex = await probe.open();
  probe.vault.modify(EDITED, editedText);
  const changedChunks = (await probeIndex.sync()).embeddedChunks;
  const writes = probe.store.writes.length;
  assert.equal(writes, 5, probe.store.writes.join(', '));

  for (let n = 1; n <= writes; n++) {
    const fx = await built();
    const index = await fx.open();
    const notesBefore = snapshot(fx.vault);
    fx.vault.modify(EDITED, editedText);
    const edited = snapshot(fx.vault);
    fx.store.fillDiskAt(n);
    const summary = await index.sync();
    assert.equal(summary.saved, false, `write ${n}`);
    assert.deepEqual(summary.problems.map((p) => p.code), ['disk-full'], `write ${n}`);
    assert.match(summary.problems[0].message, /^The disk is full: nothing was changed \(writing index\/[^)]+\)\. /);
    assert.deepEqual(fx.store.temporaries, [], `write ${n}: no temporary file`);
    assert.deepEqual(await answers(index), await scratchAnswers(fx.vault), `write ${n}: the run answers from memory`);
    assert.notDeepEqual(edited, notesBefore);
    assert.deepEqual(snapshot(fx.vault), edited, `write ${n}: no note touched`);

    // A new process on the same files (the disk has room again).
    fx.embedder.resetCounts();
    const next = await fx.open();
    const after = await next.sync();
    assert.deepEqual(await answers(next), await scratchAnswers(fx.vault), `write ${n}: the next run answers`);
    assert.ok(next.problems.length <= 1, `write ${n}: at most the stale file is named\n${next.warnings.join('\n')}`);
    assert.ok(after.embeddedChunks <= changedChunks, `write ${n}: at most the edit's ${changedChunks} chunks are embedded again (${after.embeddedChunks})`);
    assert.equal(after.saved, true);
    assert.deepEqual(fx.store.temporaries, []);
  }
});

test('in the same process, the save after a failed one writes what the failed one could not', async () => {
  const fx = await built();
  const index = await fx.open();
  fx.vault.modify(EDITED, editedText);
  fx.store.fillDiskAt(1);
  assert.equal((await index.sync()).saved, false);
  fx.embedder.resetCounts();
  const retry = await index.sync();
  assert.equal(retry.saved, true);
  assert.equal(fx.embedder.calls, 0);
  const reopened = await fx.open();
  await reopened.sync();
  assert.deepEqual(reopened.warnings, []);
  assert.equal(fx.embedder.calls, 0, 'the vectors of the edit were saved by the retry');
  assert.deepEqual(await answers(reopened), await scratchAnswers(fx.vault));
});
