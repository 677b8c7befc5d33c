import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNote } from '../../../src/core/index/describe-note';
import { LinkResolver } from '../../../src/core/index/resolve-links';
import { compileExclusions, globToRegExp } from '../../../src/core/index/exclusions';
import { tokenize } from '../../../src/core/index/tokenize';

test('describeNote: title from front matter or file name, tags from both places, links outside code', () => {
  const text = '---\ntitle: "A Title"\ntags: [one, "#two"]\nauthor: Ann\n---\nSee [[Other note|alias]], [x](sub/Third%20note.md), [web](https://x.y) #three\n```\n[[not a link]] #nottag\n```';
  const d = describeNote('Folder/file name.md', text);
  assert.equal(d.title, 'A Title');
  assert.equal(d.folder, 'Folder');
  assert.deepEqual(d.tags, ['one', 'two', 'three']);
  assert.deepEqual(d.linkTargets, ['Other note', 'sub/Third note.md']);
  assert.match(d.frontMatterText, /Ann/);
  assert.equal(describeNote('plain.md', 'text').title, 'plain');
});

test('LinkResolver resolves names like Obsidian: same folder first, then the shortest path', () => {
  const r = new LinkResolver(['a/Note.md', 'b/c/Note.md', 'Other.md', 'x/y/Deep.md']);
  assert.deepEqual(r.resolve(['Note'], 'b/c/From.md'), ['b/c/Note.md']);
  assert.deepEqual(r.resolve(['note'], 'z/From.md'), ['a/Note.md']);
  assert.deepEqual(r.resolve(['y/Deep', 'Missing', 'Other.md'], 'From.md'), ['x/y/Deep.md', 'Other.md']);
  r.remove('a/Note.md');
  assert.deepEqual(r.resolve(['Note'], 'z/From.md'), ['b/c/Note.md']);
});

test('exclusions: folder prefixes, globs and nested tags', () => {
  const ex = compileExclusions({ excludeFolders: ['Private'], excludePatterns: ['*.excalidraw.md', 'Daily/**'], excludeTags: ['secret'], configDir: '.obsidian' });
  assert.equal(ex.excludesPath('Private/a.md'), true);
  assert.equal(ex.excludesPath('PrivateNotes/a.md'), false);
  assert.equal(ex.excludesPath('x/drawing.excalidraw.md'), true);
  assert.equal(ex.excludesPath('Daily/2026/01.md'), true);
  assert.equal(ex.excludesPath('.trash/a.md'), true);
  assert.equal(ex.excludesPath('.obsidian/a.md'), true);
  assert.equal(ex.excludesTags(['Secret/deep']), true);
  assert.equal(ex.excludesTags(['secretive']), false);
  assert.equal(globToRegExp('**/*.md').test('a.md'), true);
});

test('tokenize: lower case, stop words out, apostrophes kept inside words, any script', () => {
  assert.deepEqual(tokenize("The Map is NOT the territory; it's Bayes’ theorem, café 2026"), ['map', 'territory', 'bayes', 'theorem', 'café', '2026']);
});
