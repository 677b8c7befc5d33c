import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFrontMatter, splitFrontMatter } from '../../src/core/front-matter';

test('splits front matter from the body at the fences', () => {
  const note = '---\ntitle: "A: b"\ntags: [x]\n---\n# Heading\nText';
  const split = splitFrontMatter(note);
  assert.equal(split.yaml, 'title: "A: b"\ntags: [x]');
  assert.equal(split.body, '# Heading\nText');
  assert.equal(note.slice(split.bodyStart), split.body);
  assert.deepEqual(parseFrontMatter(note), { title: 'A: b', tags: ['x'] });
});

test('a note without front matter is all body', () => {
  assert.deepEqual(splitFrontMatter('# Title\n---\nnot yaml'), { yaml: '', body: '# Title\n---\nnot yaml', bodyStart: 0 });
  assert.equal(parseFrontMatter('just text'), null);
});

test('broken YAML reads as no front matter instead of throwing', () => {
  assert.equal(parseFrontMatter('---\ntitle: [unclosed\n---\nbody'), null);
  assert.equal(parseFrontMatter('---\n- a list\n---\nbody'), null);
});
