import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { safeFileName, safeFolder, uniqueNotePath } from '../../../src/core/clip/safe-file-name';
import { MemoryVault } from '../../helpers/memory-vault';

test('characters Windows, macOS, Linux, iOS, Android or Obsidian links reject become spaces', () => {
  assert.equal(safeFileName('a:b/c'), 'a b c');
  assert.equal(safeFileName('What? "Why" <now> | #1 ^x [y] *z* \\w'), 'What Why now 1 x y z w');
  assert.equal(safeFileName('tab\there\u0000null\u007fdel'), 'tab here null del');
});

test('a path-like title stays one name: ../../etc/passwd', () => {
  assert.equal(safeFileName('../../etc/passwd'), 'etc passwd');
  assert.equal(safeFileName('...hidden'), 'hidden');
  assert.equal(safeFileName('ends with dots... '), 'ends with dots');
});

test('reserved device names are never the whole name', () => {
  for (const name of ['CON', 'con', 'NUL', 'PRN', 'AUX', 'COM1', 'LPT9', 'con.txt']) {
    const safe = safeFileName(name);
    assert.notEqual(safe.split('.')[0].toUpperCase(), name.split('.')[0].toUpperCase(), `${name} → ${safe}`);
  }
  assert.equal(safeFileName('CON'), 'CON (page)');
  assert.equal(safeFileName('Console wars'), 'Console wars');
});

test('300 emoji are cut to at most 120 characters without splitting a pair', () => {
  const name = safeFileName('😀'.repeat(300));
  assert.ok(name.length <= 120);
  assert.equal(name, '😀'.repeat(60));
  assert.doesNotMatch(name, /[\ud800-\udbff]$/);
});

test('an empty or all-forbidden title becomes Untitled', () => {
  assert.equal(safeFileName(''), 'Untitled');
  assert.equal(safeFileName(' ///:::*** '), 'Untitled');
});

test('any title gives a name with no forbidden character, within 120 characters (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (title) => {
      const name = safeFileName(title);
      assert.ok(name.length > 0 && name.length <= 120);
      assert.doesNotMatch(name, /[\\/:*?"<>|#^[\]]/);
      assert.ok([...name].every((c) => c.charCodeAt(0) >= 0x20), 'no control characters');
      assert.doesNotMatch(name, /^[.\s]|[.\s]$/);
    }),
  );
});

test('a folder cannot climb out of the vault', () => {
  assert.equal(safeFolder('../../outside'), 'outside');
  assert.equal(safeFolder('Clippings/2026'), 'Clippings/2026');
  assert.equal(safeFolder('/abs//path/'), 'abs/path');
  assert.equal(safeFolder(''), '');
});

test('a taken name becomes "Title (2).md", then "(3)"; always inside the folder', async () => {
  const vault = new MemoryVault({ 'Clippings/Post.md': 'a', 'Clippings/Post (2).md': 'b' });
  assert.equal(await uniqueNotePath(vault, 'Clippings', 'Post'), 'Clippings/Post (3).md');
  assert.equal(await uniqueNotePath(vault, 'Clippings', '../../x'), 'Clippings/x.md');
  assert.equal(await uniqueNotePath(vault, '', 'Top'), 'Top.md');
});
