import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { maskMarkdown } from '../../../src/core/index/mask-markdown';

const ESSAYS = join(__dirname, '../../../../shared/corpora/sequences/content/essays');
const read = (text: string, code = true) => maskMarkdown(text, { code }).split(/\s+/).filter(Boolean).join(' ');

test('rows of navigation links are not read; a sentence with links is', () => {
  assert.equal(read('[Source][1][Markdown][2] · [Talk][3] '), '');
  assert.equal(read('[Home][4][About][5][Search][6][Contents][7]'), '');
  assert.equal(read('[Previous](a.md) | [Next](b.md)'), '');
  assert.equal(read('[[Prev note]] · [[Next note]]'), '');
  assert.equal(read('See [the post][8] and [[other|the other note]] for more.'), 'See the post and the other note for more.');
  assert.equal(read('[A lone link][9]'), 'A lone link');
});

test('link markup reads as the text a reader sees', () => {
  assert.equal(read('Read [the essay](https://example.org/slug-words "Title") now.'), 'Read the essay now.');
  assert.equal(read('![a chart](chart.png) and [[belief-in-belief|act as if]] and [[Galaxies#Redshift]]'), 'a chart and act as if and Galaxies');
  assert.equal(read('Autolinked <https://example.org/x> and www.example.org/page here.'), 'Autolinked and here.');
  assert.equal(read('A claim.[^1]\n\n[^1]: The source of it.'), 'A claim. The source of it.');
  assert.equal(read(' [1]: https://example.com/ref "Ref"'), '');
});

test('quote, list, table and emphasis marks, HTML tags and lines without words are not read', () => {
  const note = ['> quoted **bold** and *it*', '>> > deeper', '- [ ] a task', '1. first', '| a | b |', '|---|:-:|', '<div class="x">inside</div>', '❦', '* * *', '---', 'snake_case and _under_ ==marked== ~~gone~~'].join('\n');
  assert.equal(read(note), 'quoted bold and it deeper a task first a b inside snake_case and under marked gone');
});

test('headings keep their marks (the chunker finds sections by them), and code is kept or blanked as asked', () => {
  const note = '# Title\n\n```js\nconst a = [x][1] * 2; // > not a quote\n```\n';
  assert.match(maskMarkdown(note, { code: true }), /^# Title\n\n\s+$/);
  assert.equal(read(note, false), '# Title ```js const a = [x][1] * 2; // > not a quote ```');
});

test('the mask keeps every offset: same length, newlines where they were (fast-check)', () => {
  const piece = fc.constantFrom('word ', '[a][1]', '[b](c.md)', '[[d|e]]', '> ', '- ', '**', '\n', '```\n', '<i>', '❦', '| ', '---\n', '[^2]', 'https://x.org/y ', '_z_');
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
      const text = pieces.join('');
      for (const code of [true, false]) {
        const masked = maskMarkdown(text, { code });
        assert.equal(masked.length, text.length);
        for (let i = 0; i < text.length; i++) {
          if (text[i] === '\n') assert.equal(masked[i], '\n');
          else assert.ok(masked[i] === text[i] || masked[i] === ' ');
        }
      }
    }),
    { numRuns: 300, seed: 3 },
  );
});

test('a raw Sequences essay: the site\'s header and footer rows are gone, the prose stays', { skip: existsSync(ESSAYS) ? false : 'no ../shared corpus' }, () => {
  const text = readFileSync(join(ESSAYS, 'applause-lights.md'), 'utf8');
  const masked = read(text);
  assert.doesNotMatch(masked, /Source|Markdown|Talk|Contents|readthesequences|\[|\]|❦/);
  assert.match(masked, /^# Applause Lights # Applause Lights At the Singularity Summit 2007/);
  // The footer's lone links stay: "Top", "Book" and "Sequence" are left to the vault's repeated lines.
  assert.match(masked, /them… Belief-As-Attire Top Book Sequence Noticing Confusion \(sequence\)$/);
});

test('masking is linear in the text: a 2 MB note of nested quotes is masked like any other', () => {
  const lines = Array.from({ length: 2000 }, (_, i) => `${'>'.repeat(i + 1)} x`);
  const masked = maskMarkdown(lines.join('\n'), { code: true });
  assert.equal(masked.replace(/\s+/g, ''), 'x'.repeat(2000));
});
