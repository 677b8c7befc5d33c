import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blankRepeatedLines, candidateLines, EDGE_LINES, LineCounts, lineHashes, repeatedThreshold } from '../../../src/core/index/repeated-lines';
import { indexFixture, paragraph } from './index-fixture';

const FOOTER = 'Subscribe to the newsletter for every new essay, straight to your inbox.';

/** A note on its own topic, with the site's footer under it when `footer`. */
function essay(topic: string, footer: boolean): string {
  return ['---', `title: On ${topic}`, '---', `# ${topic}`, paragraph(topic, 60), ...(footer ? [FOOTER] : [])].join('\n\n');
}

/** `n` essays on their own topics, every one with the footer. */
function essaysWithFooter(n: number, from = 0): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`e${String(from + i).padStart(3, '0')}.md`, essay(`topic${from + i}x`, true)]));
}

test('a candidate line is a body line of words: not front matter, a heading, code or a separator', () => {
  const text = ['---', 'title: A title long enough', '---', '# A heading long enough', 'A line of words to count.', '***', '```', 'code line inside a fence', '```', '  A LINE  of words to count.  '].join('\n');
  const lines = candidateLines(text);
  assert.deepEqual(lines.map((l) => text.slice(l.start, l.end)), ['A line of words to count.', '  A LINE  of words to count.  ']);
  assert.equal(lines[0].hash, lines[1].hash, 'case and spacing do not make another line');
  assert.deepEqual(lineHashes(text), [lines[0].hash]);
});

test('blanking keeps every offset: the text is as long, with the repeated line turned to spaces', () => {
  const text = `First paragraph here.\n${FOOTER}\nLast paragraph here.`;
  const [footer] = candidateLines(text).filter((l) => text.slice(l.start, l.end) === FOOTER);
  const blanked = blankRepeatedLines(text, (h) => h === footer.hash);
  assert.equal(blanked.length, text.length);
  assert.equal(blanked, `First paragraph here.\n${' '.repeat(FOOTER.length)}\nLast paragraph here.`);
  assert.equal(blankRepeatedLines(text, () => false), text);
});

test('a line is repeated from 20 notes on, and in a large vault only above 5% of its notes', () => {
  assert.equal(repeatedThreshold(10), 20);
  assert.equal(repeatedThreshold(399), 20);
  assert.equal(repeatedThreshold(400), 21, 'exactly 5% is not more than 5%');
  assert.equal(repeatedThreshold(10_000), 501);
  const counts = new LineCounts();
  for (let i = 0; i < 19; i++) counts.add([7]);
  assert.deepEqual([...counts.repeated()], []);
  counts.add([7]);
  assert.deepEqual([...counts.repeated()], [7]);
  counts.remove([7]);
  assert.deepEqual([...counts.repeated()], []);
});

test('only the top and the bottom of a long note are looked at, where templates and footers are', () => {
  const text = Array.from({ length: 100 }, (_, i) => `- list item number ${i}`).join('\n');
  const lines = candidateLines(text).map((l) => text.slice(l.start, l.end));
  assert.equal(lines.length, 2 * EDGE_LINES);
  assert.equal(lines[0], '- list item number 0');
  assert.equal(lines[lines.length - 1], '- list item number 99');
});

test('the repeated lines kept up as notes come and go are the ones a count from scratch finds', () => {
  let seed = 7;
  const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const counts = new LineCounts();
  const notes: number[][] = [];
  for (let step = 0; step < 3000; step++) {
    if (notes.length > 0 && random(3) === 0) {
      counts.remove(notes.splice(random(notes.length), 1)[0]);
    } else {
      // Sixty lines, each in about 4% of the notes: near the threshold, so lines keep crossing it.
      const lines = [...new Set(Array.from({ length: 1 + random(4) }, () => random(60)))];
      counts.add(lines);
      notes.push(lines);
    }
    if (step % 7 === 0) {
      const threshold = repeatedThreshold(notes.length);
      const expected = [...new Set(notes.flat())].filter((h) => notes.filter((n) => n.includes(h)).length >= threshold).sort((a, b) => a - b);
      assert.deepEqual([...counts.repeated()].sort((a, b) => a - b), expected, `step ${step}`);
    }
  }
});

test("a footer in every note is left out of every passage the model reads and every note's words", async () => {
  const notes = essaysWithFooter(24);
  const fx = indexFixture(notes);
  const index = await fx.open();
  await index.sync();
  // The first notes were read before the footer was common; they are chunked again, and the
  // index keeps no passage with the footer in it.
  for (const path of Object.keys(notes)) {
    const chunks = index.getNote(path)!.chunks;
    assert.ok(chunks.length > 0, path);
    for (const chunk of chunks) assert.doesNotMatch(await index.passageText(chunk), /newsletter/);
  }
  assert.deepEqual(await index.keywordSearch({ text: 'newsletter', limit: 5 }), []);
  assert.equal((await index.keywordSearch({ text: 'topic3x7', limit: 5 }))[0]?.path, 'e003.md', "each note's own words are still found");
  await index.close();
});

test('the same vault leaves out the same lines whatever order its notes came in', async () => {
  const notes = essaysWithFooter(24);
  const forward = indexFixture(notes, { batchNotes: 3 });
  const one = await forward.open();
  await one.sync();
  // The same notes, their dates reversed, so the sync reads them the other way round.
  const reversed = indexFixture(Object.fromEntries(Object.entries(notes).reverse()), { batchNotes: 5 });
  const other = await reversed.open();
  await other.sync();
  for (const path of Object.keys(notes)) {
    assert.deepEqual(other.getNote(path)!.chunks.map((c) => c.id), one.getNote(path)!.chunks.map((c) => c.id), path);
  }
  await one.close();
  await other.close();
});

test('a small vault keeps every line: under 20 notes nothing counts as repeated', async () => {
  const fx = indexFixture(essaysWithFooter(12));
  const index = await fx.open();
  await index.sync();
  assert.equal((await index.keywordSearch({ text: 'newsletter', limit: 20 })).length, 12);
  await index.close();
});

test('the twentieth note with a line blanks it in the notes before it, and removing notes brings it back', async () => {
  const fx = indexFixture(essaysWithFooter(19));
  const index = await fx.open();
  await index.sync();
  assert.equal((await index.keywordSearch({ text: 'newsletter', limit: 30 })).length, 19);

  fx.vault.files.set('e019.md', { data: essay('topic19x', true), mtime: 10_000 });
  await index.sync();
  assert.deepEqual(await index.keywordSearch({ text: 'newsletter', limit: 30 }), [], 'all twenty notes leave the footer out');
  const embeddedBefore = fx.embedder.embeddedTexts.length;

  fx.vault.delete('e000.md');
  await index.sync();
  assert.equal((await index.keywordSearch({ text: 'newsletter', limit: 30 })).length, 19, 'nineteen notes: the footer is words again');
  assert.ok(fx.embedder.embeddedTexts.slice(embeddedBefore).some((t) => t.includes('newsletter')), 'the passages with it are embedded again');
  await index.close();
});

test('a reopened index keeps what it left out, and an edit elsewhere chunks nothing else again', async () => {
  const fx = indexFixture(essaysWithFooter(24));
  const first = await fx.open();
  await first.sync();
  await first.close();
  const second = await fx.open();
  fx.embedder.resetCounts();
  fx.vault.modify('e005.md', essay('topic5x', true).replace('topic5x1 ', 'changed '));
  const summary = await second.sync();
  assert.equal(summary.indexedNotes, 1);
  assert.deepEqual(await second.keywordSearch({ text: 'newsletter', limit: 5 }), []);
  await second.close();
});
