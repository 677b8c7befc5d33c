import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildNote, isoDate, toTag, updateNote, type NoteMeta } from '../../../src/core/clip/build-note';
import { parseFrontMatter, splitFrontMatter } from '../../../src/core/front-matter';

const meta: NoteMeta = {
  title: 'Simulators',
  authors: ['janus'],
  source: 'https://www.lesswrong.com/posts/vJFdjigzmcXMhNTsx/simulators',
  site: 'LessWrong',
  published: '2022-09-02T12:45:33.723Z',
  clippedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
  tags: ['clippings', 'AI', 'Language Models'],
  description: 'GPT as a simulator',
};

test('a note has the agreed front matter fields and the body', () => {
  const text = buildNote(meta, '# Body\n\nText.');
  assert.deepEqual(parseFrontMatter(text), {
    title: 'Simulators',
    author: 'janus',
    source: 'https://www.lesswrong.com/posts/vJFdjigzmcXMhNTsx/simulators',
    site: 'LessWrong',
    published: '2022-09-02',
    clipped: '2026-01-02T03:04:05.000Z',
    tags: ['clippings', 'ai', 'language-models'],
    description: 'GPT as a simulator',
  });
  assert.equal(splitFrontMatter(text).body, '\n# Body\n\nText.\n');
});

test('several authors are a list; missing fields are left out', () => {
  const front = parseFrontMatter(buildNote({ ...meta, authors: ['A', 'B'], site: '', description: '', published: 'not a date' }, 'x'));
  assert.deepEqual(front?.author, ['A', 'B']);
  assert.ok(front && !('site' in front) && !('description' in front) && !('published' in front));
});

test('nasty strings round-trip exactly through the front matter', () => {
  const nasty = ['a: b', '"quoted"', "it's", '# not a comment', '- not a list', 'line\nbreak', '😀 emoji', '---', '[x]', '{y}', '  spaced  ', 'yes', 'null', '1e3', '@at', '`tick`', '!tag', '%pct', '&anchor', '*alias'];
  for (const title of nasty) {
    const front = parseFrontMatter(buildNote({ ...meta, title, description: title, authors: [title] }, 'body'));
    assert.equal(front?.title, title, JSON.stringify(title));
    assert.equal(front?.description, title);
    assert.equal(front?.author, title);
  }
});

test('any string round-trips through the front matter (property, with the yaml library)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ maxLength: 80 }), (title, description) => {
      const front = parseFrontMatter(buildNote({ ...meta, title, description }, 'body'));
      assert.equal(front?.title, title);
      if (description) assert.equal(front?.description, description);
    }),
  );
});

test('update replaces Kindred fields and body, keeps keys and tags the user added', () => {
  const first = buildNote(meta, 'old body');
  const edited = first.replace('tags:\n', 'rating: 5 # mine\ntags:\n  - favourite\n');
  const updated = updateNote(edited, { ...meta, title: 'Simulators (revised)', description: '' }, 'new body');
  const front = parseFrontMatter(updated)!;
  assert.equal(front.title, 'Simulators (revised)');
  assert.equal(front.rating, 5);
  assert.ok(!('description' in front));
  assert.match(updated, /# mine/);
  assert.equal(splitFrontMatter(updated).body.trim(), 'new body');
});

test('update of a note with broken front matter writes fresh front matter', () => {
  const updated = updateNote('---\ntitle: [unclosed\n---\nold', meta, 'new');
  assert.equal(parseFrontMatter(updated)?.title, 'Simulators');
});

test('dates and tags are normalised for Obsidian', () => {
  assert.equal(isoDate('2025-02-26T00:00:00+00:00'), '2025-02-26');
  assert.equal(isoDate('March 8, 2023'), '2023-03-08');
  assert.equal(isoDate('yesterday'), '');
  assert.equal(toTag('#Machine Learning'), 'machine-learning');
  assert.equal(toTag('2024'), '');
  assert.equal(toTag('C++ & Rust'), 'c-rust');
});

test('impossible dates are dropped, real ones normalised', () => {
  for (const impossible of ['2026-13-45', '2023-02-29', '2024-00-10', '2024-04-31', 'February 30, 2023', '31 April 2020', '0999-01-01', '13/45/2026']) {
    assert.equal(isoDate(impossible), '', impossible);
  }
  assert.equal(isoDate('2024-02-29'), '2024-02-29');
  assert.equal(isoDate('2024/5/6'), '2024-05-06');
  assert.equal(isoDate('Wed, 08 Mar 2023 23:30:00 +0100'), '2023-03-08');
  assert.equal(isoDate('March 8th, 2023'), '2023-03-08');
  assert.equal(isoDate('2025-02-26T23:00:00-05:00'), '2025-02-26');
  const front = parseFrontMatter(buildNote({ ...meta, published: '2026-13-45' }, 'x'));
  assert.ok(front && !('published' in front));
});

test('bidi overrides and isolates never reach the front matter; marks that mixed text needs stay', () => {
  const front = parseFrontMatter(
    buildNote({ ...meta, title: 'invoice\u202efdp.exe', authors: ['\u2066Eve\u2069'], site: 'S\u202d', description: 'a\u200fb' }, 'x'),
  );
  assert.equal(front?.title, 'invoicefdp.exe');
  assert.equal(front?.author, 'Eve');
  assert.equal(front?.site, 'S');
  assert.equal(front?.description, 'a\u200fb');
});
