import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNote } from '../../../src/cli/commands/find-note';
import { InputError } from '../../../src/cli/command';

const notes = [
  { path: 'Clippings/Notes that connect.md', title: 'Notes that connect' },
  { path: 'Clippings/The map is not the territory.md', title: 'The Map Is Not the Territory' },
  { path: 'Essays/maps.md', title: 'Maps' },
  { path: 'Travel/maps.md', title: 'Maps of Lisbon' },
  { path: 'Daily/2026-12-01.md', title: 'What I read on Monday' },
  { path: 'new note.md' },
];
const find = (arg: string) => findNote(arg, 'vault', '/home/me', notes);

test('a note is found by its path, with or without .md, or by a path under the vault folder', () => {
  assert.equal(find('Clippings/Notes that connect.md'), 'Clippings/Notes that connect.md');
  assert.equal(find('Clippings/Notes that connect'), 'Clippings/Notes that connect.md');
  assert.equal(find('vault/Essays/maps'), 'Essays/maps.md');
  assert.equal(find('/home/me/vault/Essays/maps.md'), 'Essays/maps.md');
  assert.equal(find('clippings/notes that connect.md'), 'Clippings/Notes that connect.md', 'a path in another case, when only one note has it');
});

test('a note is found by its file name or its title, ignoring case and spacing', () => {
  assert.equal(find('Notes that connect'), 'Clippings/Notes that connect.md');
  assert.equal(find('notes  that CONNECT.md'), 'Clippings/Notes that connect.md');
  assert.equal(find('the map is not the territory'), 'Clippings/The map is not the territory.md');
  assert.equal(find('What I read on Monday'), 'Daily/2026-12-01.md');
  assert.equal(find('new note'), 'new note.md', 'a note the index has not seen yet has no title, but it has a name');
  assert.equal(find('Maps of Lisbon'), 'Travel/maps.md');
});

test('several notes of one name are listed, not guessed between', () => {
  assert.throws(
    () => find('maps'),
    (e: unknown) => e instanceof InputError && e.message === '"maps" names 2 notes; give one of their paths:\n  Essays/maps.md  (Maps)\n  Travel/maps.md  (Maps of Lisbon)',
  );
});

test('no such note says how it looked, and lists notes whose name contains the words', () => {
  assert.throws(() => find('zeppelins'), (e: unknown) => e instanceof InputError && e.message === 'no note "zeppelins" in the vault vault (looked for it by path, file name and title)');
  assert.throws(
    () => find('territory'),
    (e: Error) => e.message === 'no note "territory" in the vault vault (looked for it by path, file name and title); notes whose name contains it:\n  Clippings/The map is not the territory.md  (The Map Is Not the Territory)',
  );
  assert.throws(() => find('../outside.md'), /is not inside the vault vault/);
});
