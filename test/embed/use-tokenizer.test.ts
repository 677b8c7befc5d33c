import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { installedPackageModelDir } from '../../src/embed/node/folder-model-source';
import { MAX_MODEL_CHARS, UseTokenizer, type UseVocabulary } from '../../src/embed/use-tokenizer';
import { chunkNote } from '../../src/core/index/chunk-note';

const vocabulary = JSON.parse(readFileSync(join(installedPackageModelDir()!, 'vocab.json'), 'utf8')) as UseVocabulary;
const ours = new UseTokenizer(vocabulary);
const theirs = new Tokenizer(vocabulary as [string, number][]);
const ESSAYS = resolve(__dirname, '..', '..', '..', 'shared', 'corpora', 'sequences', 'content', 'essays');

test('gives the ids of the USE package’s own tokenizer for prose, markup, unknown symbols and odd Unicode', () => {
  const samples = [
    '',
    ' ',
    'The map is not the territory.',
    '  two  spaces\tand a tab\nand a newline  ',
    '[Source][1][Markdown][2] · [Talk][3] > > quoted **bold** `code` $x^2$',
    'Ｆｕｌｌｗｉｄｔｈ ﬁ ligature ① and é vs é',
    'emoji 🧠🤖 and a lone surrogate \ud83e and CJK 日本語の文章',
    '𝔉𝔯𝔞𝔨𝔱𝔲𝔯 mathematical letters and ZWJ 👩‍🔬',
    '>>>>>>>>>>>>>>>>>>>>>>>>>>>>>> x',
  ];
  for (const text of samples) assert.deepEqual(ours.encode(text), theirs.encode(text), JSON.stringify(text));
});

test('agrees with the package on random text (fast-check)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ maxLength: 60 }), (a, b) => {
      const text = `${a} ${b}`;
      assert.deepEqual(ours.encode(text), theirs.encode(text));
    }),
    { numRuns: 300, seed: 11 },
  );
});

test('agrees with the package on every 40th paragraph of the Sequences', { skip: existsSync(ESSAYS) ? false : 'no ../shared corpus' }, () => {
  const paragraphs = readdirSync(ESSAYS)
    .sort()
    .flatMap((f) => readFileSync(join(ESSAYS, f), 'utf8').split(/\n\s*\n/))
    .filter((_, i) => i % 40 === 0);
  assert.ok(paragraphs.length > 100);
  for (const p of paragraphs) assert.deepEqual(ours.encode(p), theirs.encode(p));
});

/** Trie steps to encode `text`: the work done, measured without a clock. */
function stepsFor(text: string): number {
  const before = ours.steps;
  ours.encode(text);
  return ours.steps - before;
}

test('the work grows linearly with the text, however it is made', () => {
  const shapes = {
    prose: (n: number) => 'the quick brown fox jumps over the lazy dog '.repeat(n).slice(0, n),
    'one long run of a symbol': (n: number) => '>'.repeat(n),
    'no spaces at all': (n: number) => 'abcdefghij'.repeat(n).slice(0, n),
  };
  for (const [shape, make] of Object.entries(shapes)) {
    const small = stepsFor(make(1000));
    const large = stepsFor(make(8000));
    // The package's tokenizer copies the rest of the text at each position: 8× the text, 64× the copies.
    assert.ok(large <= small * 8 * 1.1, `${shape}: ${small} steps for 1,000 characters, ${large} for 8,000`);
  }
});

test(`reads at most ${MAX_MODEL_CHARS} characters of a text`, () => {
  const long = 'word '.repeat(10_000);
  assert.deepEqual(ours.encode(long), ours.encode(long.slice(0, MAX_MODEL_CHARS)));
  // A cut never splits a surrogate pair into a lone half.
  const emoji = 'a'.repeat(MAX_MODEL_CHARS - 1) + '🧠🧠';
  assert.deepEqual(ours.encode(emoji), ours.encode('a'.repeat(MAX_MODEL_CHARS - 1)));
});

test('preparing a note of nested blockquotes for the model costs work linear in its length', () => {
  // Line i is i '>' marks and a word: the note that made indexing hang (2,000 lines, 2 MB).
  const note = (lines: number) => Array.from({ length: lines }, (_, i) => `${'>'.repeat(i + 1)} x`).join('\n');
  const work = (text: string) => chunkNote(text).reduce((sum, c) => sum + stepsFor(c.embeddedText) + c.embeddedText.length, 0);
  const small = note(200);
  const large = note(800);
  const perCharSmall = work(small) / small.length;
  const perCharLarge = work(large) / large.length;
  assert.ok(perCharLarge <= perCharSmall * 1.1, `${perCharSmall.toFixed(3)} steps a character at ${small.length}, ${perCharLarge.toFixed(3)} at ${large.length}`);
});
