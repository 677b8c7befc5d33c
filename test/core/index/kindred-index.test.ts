import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quantiseRows } from '../../../src/core/index/int8-vectors';
import type { NoteMatrix } from '../../../src/core/index/note-matrix';
import { indexFixture, paragraph } from './index-fixture';

/** A note matrix's rows as plain numbers: every code, then every scale. */
const rowsOf = (matrix: NoteMatrix): number[] => [...matrix.vectors.codes, ...matrix.vectors.scales];

// A note of three sections, each one chunk: an edit to one section changes one chunk.
const essay = (middle = paragraph('bridge', 60)): string =>
  ['# Rivers', paragraph('river', 200), '# Bridges', middle, '# Roads', paragraph('road', 200)].join('\n\n');

const notes = {
  'Essays/rivers.md': essay(),
  'Essays/cats.md': '---\ntitle: On cats\ntags: [animals]\n---\n' + paragraph('cat', 50) + ' See [[dogs]].',
  'dogs.md': '# Dogs\n' + paragraph('dog', 40) + ' #animals/pets',
};

test('a first sync indexes every note: chunks, vectors, keyword side and resolved links', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open();
  const summary = await index.sync();
  assert.equal(summary.notes, 3);
  assert.equal(summary.indexedNotes, 3);
  assert.equal(summary.chunks, 5); // rivers: 3 sections; cats and dogs are short notes of one chunk
  assert.equal(summary.embeddedChunks, 5);
  assert.equal(fx.embedder.calls, 1, 'one batch, one embedder call');

  const cats = index.getNote('Essays/cats.md')!;
  assert.equal(cats.title, 'On cats');
  assert.equal(cats.folder, 'Essays');
  assert.deepEqual(cats.links, ['dogs.md']);
  assert.deepEqual(index.getNote('dogs.md')!.tags, ['animals/pets']);
  assert.ok(cats.vector && Math.abs(Math.hypot(...cats.vector) - 1) < 1e-5, 'note vector is unit length');

  const rivers = index.getNote('Essays/rivers.md')!;
  assert.deepEqual(rivers.chunks.map((c) => c.headingPath), [['Rivers'], ['Bridges'], ['Roads']]);
  assert.match(await index.passageText(rivers.chunks[1]), /^bridge0 bridge1/);

  const hits = await index.keywordSearch({ text: 'dog7', limit: 5 });
  assert.equal(hits[0].path, 'dogs.md');
  assert.deepEqual((await index.keywordSearch({ text: 'cat3 dog3', limit: 5, tag: 'animals/pets' })).map((h) => h.path), ['dogs.md']);
  assert.equal(index.documentFrequency('river5'), 1);
  const matrix = index.noteMatrix();
  assert.equal(matrix.paths.length, 3);
  assert.equal(matrix.vectors.codes.length, 3 * index.dims);
});

test('the note matrix holds exactly the notes whose every chunk has a vector, in path order, each row its note vector', async () => {
  const fx = indexFixture({ 'Essays/cats.md': notes['Essays/cats.md'], 'dogs.md': notes['dogs.md'] });
  const first = await fx.open();
  await first.sync();
  await fx.vault.create('Essays/rivers.md', essay());
  await first.sync();
  await first.close();
  // The second save put the rivers' vectors in a shard of their own; damage it.
  const shards = (await fx.store.list('index/vectors')).sort();
  assert.equal(shards.length, 2);
  fx.store.corrupt(shards[1], 40);

  const index = await fx.open();
  assert.equal(index.getNote('Essays/rivers.md')!.vector, null, 'its vectors are gone until the next sync');
  const matrix = index.noteMatrix();
  assert.deepEqual(matrix.paths, ['Essays/cats.md', 'dogs.md']);
  assert.equal(matrix.vectors.codes.length, 2 * index.dims);
  matrix.paths.forEach((path, row) => {
    // Each row is its note vector quantised (int8 codes and a scale).
    const own = quantiseRows(index.getNote(path)!.vector!, index.dims);
    assert.deepEqual([...matrix.vectors.codes.subarray(row * index.dims, (row + 1) * index.dims)], [...own.codes]);
    assert.equal(matrix.vectors.scales[row], own.scales[0]);
  });
  await index.sync();
  assert.deepEqual(index.noteMatrix().paths, ['Essays/cats.md', 'Essays/rivers.md', 'dogs.md'], 'rebuilt by the next sync');
});

test('after a one-note edit the note matrix has that row recomputed, equal to a fresh build; a matrix handed out before is unchanged', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  const before = index.noteMatrix();
  const beforeRows = rowsOf(before);
  fx.vault.modify('Essays/rivers.md', essay(paragraph('ferry', 60)));
  await index.sync();
  const after = index.noteMatrix();
  assert.notDeepEqual(rowsOf(after), beforeRows, 'the edited note moved');
  assert.deepEqual(rowsOf(before), beforeRows, 'the old matrix was not written to');
  await index.close();
  const fresh = await fx.open();
  assert.deepEqual(after.paths, fresh.noteMatrix().paths);
  assert.deepEqual(rowsOf(after), rowsOf(fresh.noteMatrix()));
});

test('reopening an index embeds nothing and answers the same', async () => {
  const fx = indexFixture(notes);
  const first = await fx.open();
  await first.sync();
  const before = await first.keywordSearch({ text: 'river9 cat2', limit: 5 });
  await first.close();
  fx.embedder.resetCounts();

  const second = await fx.open();
  assert.equal(second.noteCount(), 3, 'notes are there before any sync');
  await second.whenKeywordReady();
  assert.deepEqual(await second.keywordSearch({ text: 'river9 cat2', limit: 5 }), before);
  const summary = await second.sync();
  assert.equal(summary.indexedNotes, 0);
  assert.equal(fx.embedder.calls, 0);
  assert.deepEqual(second.warnings, []);
});

test('editing one paragraph embeds only the chunk that changed', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  fx.embedder.resetCounts();
  fx.vault.modify('Essays/rivers.md', essay(paragraph('tunnel', 60)));
  const summary = await index.sync();
  assert.equal(summary.indexedNotes, 1);
  assert.equal(summary.embeddedChunks, 1);
  assert.equal(summary.reusedChunks, 2);
  assert.equal(fx.embedder.embeddedTexts.length, 1);
  assert.match(fx.embedder.embeddedTexts[0], /^Bridges\n\ntunnel0 /);
});

test('moving notes between folders and renaming a note with a front-matter title embed nothing', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  fx.embedder.resetCounts();
  fx.vault.rename('Essays/rivers.md', 'Archive/rivers.md');
  fx.vault.rename('Essays/cats.md', 'Essays/felines.md'); // title comes from front matter
  const summary = await index.sync();
  assert.equal(fx.embedder.calls, 0);
  assert.equal(summary.removedNotes, 2);
  assert.equal(index.getNote('Essays/rivers.md'), undefined);
  assert.equal(index.getNote('Archive/rivers.md')!.chunks.length, 3);
  assert.deepEqual((await index.keywordSearch({ text: 'cat4', limit: 3 })).map((h) => h.path), ['Essays/felines.md']);
});

test('renaming a note titled by its file name embeds nothing: the file name is not in what the model reads', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  fx.embedder.resetCounts();
  fx.vault.rename('dogs.md', 'hounds.md');
  const summary = await index.sync();
  assert.equal(fx.embedder.calls, 0);
  assert.equal(summary.reusedChunks, 1);
  assert.equal(index.getNote('hounds.md')!.title, 'hounds', 'the title still follows the file name');
  assert.deepEqual((await index.keywordSearch({ text: 'hounds', limit: 3 })).map((h) => h.path), ['hounds.md'], 'and the keyword side finds it by it');
});

test('deleting a note removes it from every side of the index and from other notes links', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  fx.vault.delete('dogs.md');
  const summary = await index.sync();
  assert.equal(summary.removedNotes, 1);
  assert.equal(index.getNote('dogs.md'), undefined);
  assert.deepEqual(await index.keywordSearch({ text: 'dog1', limit: 5 }), []);
  assert.deepEqual(index.getNote('Essays/cats.md')!.links, []);
  assert.equal(index.noteMatrix().paths.includes('dogs.md'), false);
});

test('exclusions: folders, glob patterns, tags, the config folder and .trash are never indexed', async () => {
  const fx = indexFixture(
    {
      ...notes,
      'Private/diary.md': paragraph('secret', 20),
      'Templates/daily template.md': paragraph('template', 20),
      'drafts/x.draft.md': paragraph('draft', 20),
      'ideas.md': '---\ntags: [private]\n---\n' + paragraph('idea', 20),
      '.trash/old.md': paragraph('old', 20),
      'conf/plugins/x.md': paragraph('plugin', 20),
    },
    { excludeFolders: ['Private/'], excludePatterns: ['*template*', '**/*.draft.md'], excludeTags: ['#Private'], configDir: 'conf' },
  );
  const index = await fx.open();
  await index.sync();
  assert.deepEqual([...index.allNotes()].map((n) => n.path).sort(), ['Essays/cats.md', 'Essays/rivers.md', 'dogs.md']);

  // A note that gains an excluded tag leaves the index.
  fx.vault.modify('dogs.md', '---\ntags: private\n---\n' + paragraph('dog', 40));
  await index.sync();
  assert.equal(index.getNote('dogs.md'), undefined);
});

test('without an embedder the index is keyword-only and says so; a model added later embeds what is missing', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open({}, false);
  const summary = await index.sync();
  assert.equal(summary.keywordOnly, true);
  assert.equal(summary.embeddedChunks, 0);
  assert.equal(index.noteMatrix().paths.length, 0);
  assert.equal(index.getNote('dogs.md')!.vector, null);
  assert.equal((await index.keywordSearch({ text: 'dog2', limit: 1 }))[0].path, 'dogs.md');
  assert.equal(index.stats().keywordOnly, true);

  index.setEmbedder(fx.embedder);
  const second = await index.sync();
  assert.equal(second.keywordOnly, false);
  assert.equal(second.embeddedChunks, 5);
  assert.equal(index.noteMatrix().paths.length, 3);
});

test('watch: vault events are debounced for 2 s and indexed in one batch', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  fx.embedder.resetCounts();
  const stop = index.watch();
  await fx.vault.create('new.md', paragraph('fresh', 30));
  fx.clock.advance(1500);
  fx.vault.modify('new.md', paragraph('fresher', 30));
  fx.vault.rename('dogs.md', 'Animals/dogs.md');
  fx.vault.rename('Essays/cats.md', 'Essays/cats.txt'); // no longer a note
  fx.clock.advance(1999);
  assert.equal(index.getNote('new.md'), undefined, 'nothing before 2 s of quiet');
  fx.clock.advance(1);
  await index.close(); // waits for the batch in flight
  stop();
  assert.equal(fx.embedder.calls, 1, 'the burst was one batch');
  assert.deepEqual(fx.embedder.embeddedTexts.map((t) => t.split(' ')[0]), ['fresher0']);
  assert.ok(index.getNote('Animals/dogs.md'));
  assert.equal(index.getNote('dogs.md'), undefined);
  assert.equal(index.getNote('Essays/cats.txt'), undefined);
  assert.equal(index.getNote('Essays/cats.md'), undefined);
  assert.match((await index.passageText(index.getNote('new.md')!.chunks[0])), /^fresher0/);
});

test('pause holds indexing after the batch in flight; resume finishes it', async () => {
  const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`n${i}.md`, paragraph(`topic${i}x`, 30)]));
  const fx = indexFixture(many, { batchNotes: 2 });
  const index = await fx.open();
  const phases: string[] = [];
  index.onProgress((p) => {
    phases.push(`${p.phase}:${p.done}/${p.total}`);
    if (p.phase === 'indexing' && p.done === 2) index.pause();
  });
  const running = index.sync();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(index.paused, true);
  assert.equal(fx.embedder.calls, 1, 'only the first batch ran');
  index.resume();
  const summary = await running;
  assert.equal(summary.indexedNotes, 6);
  assert.ok(phases.includes('paused:2/6'));
  assert.equal(phases.at(-1), 'idle:6/6');
});

test('an aborted sync saves what it did; the next one carries on without re-embedding it', async () => {
  const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`n${i}.md`, paragraph(`topic${i}x`, 30)]));
  const fx = indexFixture(many, { batchNotes: 2 });
  const index = await fx.open();
  const controller = new AbortController();
  index.onProgress((p) => {
    if (p.phase === 'indexing' && p.done === 4) controller.abort();
  });
  const summary = await index.sync(controller.signal);
  assert.equal(summary.aborted, true);
  assert.equal(summary.indexedNotes, 4);
  fx.embedder.resetCounts();
  const reopened = await fx.open();
  assert.equal((await reopened.sync()).indexedNotes, 2);
  assert.equal(fx.embedder.embeddedTexts.length, 2);
});

test('a crash mid-build loses at most the batch in flight: checkpointed vectors are reused', async () => {
  const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`n${i}.md`, paragraph(`topic${i}x`, 30)]));
  const fx = indexFixture(many, { batchNotes: 2, checkpointMs: 0 });
  const index = await fx.open();
  const realEmbed = fx.embedder.embed.bind(fx.embedder);
  let calls = 0;
  fx.embedder.embed = (texts) => (++calls === 3 ? Promise.reject(new Error('power cut')) : realEmbed(texts));
  await assert.rejects(index.sync(), /power cut/);
  fx.embedder.embed = realEmbed;
  fx.embedder.resetCounts();

  const reopened = await fx.open();
  const summary = await reopened.sync();
  assert.equal(summary.notes, 6);
  assert.equal(summary.embeddedChunks, 2, 'only the batch that was in flight');
  assert.equal(summary.reusedChunks, 4);
});

test('embedText chunks and embeds a selection, reusing known chunks', async () => {
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  fx.embedder.resetCounts();
  const again = await index.embedText(await fx.vault.read('dogs.md'));
  assert.equal(fx.embedder.calls, 0, 'the same text as an indexed note costs nothing');
  assert.deepEqual(again.chunks.map((c) => c.id), index.getNote('dogs.md')!.chunks.map((c) => c.id));
  const fresh = await index.embedText(paragraph('lake', 30));
  assert.equal(fx.embedder.calls, 1);
  assert.equal(fresh.chunks.length, 1);
  assert.ok(fresh.vector);
  const keywordOnly = await fx.open({}, false);
  assert.deepEqual(await keywordOnly.embedText('anything'), { chunks: [], vector: null });
});

test('a note that cannot be read is left out with a warning, not a failed sync', async () => {
  const fx = indexFixture(notes);
  const read = fx.vault.read.bind(fx.vault);
  fx.vault.read = (path) => (path === 'dogs.md' ? Promise.reject(new Error('EACCES')) : read(path));
  const index = await fx.open();
  const summary = await index.sync();
  assert.equal(summary.notes, 2);
  assert.match(summary.warnings.join('\n'), /Could not read dogs\.md \(EACCES\)/);
});
