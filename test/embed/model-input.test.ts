import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { chunkNote } from '../../src/core/index/chunk-note';
import { describeNote } from '../../src/core/index/describe-note';
import { batchesByLength, leadingTokens, paddedWidth } from '../../src/embed/model-input';
import { installedPackageModelDir } from '../../src/embed/node/folder-model-source';

const vocabulary = JSON.parse(readFileSync(join(installedPackageModelDir() as string, 'vocab.json'), 'utf8')) as [string, number][];
const tokenizer = new Tokenizer(vocabulary);
const ESSAYS = join(__dirname, '../../../shared/corpora/sequences/content/essays');

test('no piece of the USE vocabulary has the word separator after its start (what makes a cut before a space exact)', () => {
  assert.ok(vocabulary.every(([piece]) => piece.indexOf('\u2581', 1) === -1));
});

test('leadingTokens gives the first 128 tokens of the whole text, for prose, odd spacing and no spaces at all', () => {
  const prose = 'Making beliefs pay rent in anticipated experiences, and noticing when they do not. '.repeat(40);
  const cases = [
    prose,
    'short text',
    '',
    `${'x'.repeat(3000)} and then words`,
    `tabs\tand\nnewlines\n\nbetween ${'words and more words '.repeat(60)}`,
    `non\u00a0breaking\u00a0spaces ${'é and ﬁ ligatures '.repeat(80)}`,
  ];
  for (const text of cases) assert.deepEqual(leadingTokens(tokenizer, text), tokenizer.encode(text).slice(0, 128), JSON.stringify(text.slice(0, 40)));
  assert.deepEqual(leadingTokens(tokenizer, prose, 5), tokenizer.encode(prose).slice(0, 5));
});

test('leadingTokens agrees with the whole tokenization on real chunks of the Sequences', (t) => {
  if (!existsSync(ESSAYS)) {
    if (process.env.CI === 'true') throw new Error(`the Sequences corpus is missing: ${ESSAYS}`);
    t.skip('the Sequences corpus is not here');
    return;
  }
  const files = readdirSync(ESSAYS).filter((f) => f.endsWith('.md')).sort();
  let checked = 0;
  // Every 17th essay: all kinds of chunk (short notes, windows of long sections) in a few seconds.
  for (const file of files.filter((_, i) => i % 17 === 0)) {
    const text = readFileSync(join(ESSAYS, file), 'utf8');
    for (const chunk of chunkNote(text, describeNote(file, text).title)) {
      assert.deepEqual(leadingTokens(tokenizer, chunk.embeddedText), tokenizer.encode(chunk.embeddedText).slice(0, 128), file);
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} chunks checked`);
});

test('batchesByLength groups items of neighbouring length, longest first, and covers every index once', () => {
  assert.deepEqual(batchesByLength([5, 300, 20, 290, 7], 2), [[1, 3], [2, 4], [0]]);
  assert.deepEqual(batchesByLength([5, 300, 20], 2, false), [[0, 1], [2]], 'unsorted keeps the input order');
  assert.deepEqual(batchesByLength([4, 4, 4], 2), [[0, 1], [2]], 'ties keep their order');
  assert.deepEqual(batchesByLength([], 16), []);
});

test('a text runs at a width set by its own length: steps of 32 tokens, at most the 128 the model reads', () => {
  assert.deepEqual([1, 32, 33, 64, 65, 100, 128, 400].map(paddedWidth), [32, 32, 64, 64, 96, 128, 128, 128]);
});
