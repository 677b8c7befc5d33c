import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cutToBytes, safeFileName, safeFolder, TITLE_BYTES, uniqueNotePath } from '../../../src/core/clip/safe-file-name';
import { NodeVault } from '../../../src/cli/node-vault';
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

const bytes = (text: string): number => new TextEncoder().encode(text).length;
const clusters = (text: string): string[] => Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);

test('300 emoji are cut to 228 bytes of UTF-8 without splitting a pair', () => {
  const name = safeFileName('😀'.repeat(300));
  assert.equal(name, '😀'.repeat(57));
  assert.equal(bytes(name), TITLE_BYTES);
});

test('names are capped by UTF-8 bytes and cut only between grapheme clusters', () => {
  // 80 CJK characters are 240 bytes: more than a name can hold with `.md` and the temporary suffix.
  const cjk = '漢字仮名交じり文'.repeat(10);
  assert.equal(safeFileName(cjk), cjk.slice(0, 76));
  // A family is one cluster of 7 code points and 25 bytes: kept whole or not at all.
  const family = '👨\u200d👩\u200d👧\u200d👦';
  const families = safeFileName(family.repeat(1000));
  assert.equal(families, family.repeat(9));
  // Flags (two regional indicators), skin tones and a letter with combining marks that NFC cannot compose.
  for (const cluster of ['🇫🇷', '👍🏽', 'q\u0303\u0323', 'ग्र', '🏳️‍🌈']) {
    const name = safeFileName(`a${cluster.repeat(200)}`);
    assert.ok(bytes(name) <= TITLE_BYTES, `${cluster}: ${bytes(name)} bytes`);
    assert.deepEqual(new Set(clusters(name.slice(1))), new Set([cluster.normalize('NFC')]), `${cluster} cut inside a cluster`);
  }
  // One cluster larger than the whole budget (a letter under 300 marks) is left out, not cut.
  assert.equal(safeFileName(`ok ${'e' + '\u0301\u0302'.repeat(150)}`), 'ok');
  assert.equal(cutToBytes('ab😀', 5), 'ab');
});

test('bidi controls never reach a name: an override cannot make a name read backwards', () => {
  assert.equal(safeFileName('invoice\u202efdp.exe'), 'invoicefdp.exe');
  assert.equal(safeFileName('\u2066a\u2069\u200eb\u200f\u202a\u202b\u202c\u202dc\u2067\u2068'), 'abc');
});

test('an empty or all-forbidden title becomes Untitled', () => {
  assert.equal(safeFileName(''), 'Untitled');
  assert.equal(safeFileName(' ///:::*** '), 'Untitled');
});

test('any title gives a name with no forbidden character, within 120 characters and 228 bytes (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (title) => {
      const name = safeFileName(title);
      assert.ok(name.length > 0 && clusters(name).length <= 120 && bytes(name) <= TITLE_BYTES);
      assert.doesNotMatch(name, /[\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
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

test('a numbered name fits too: the suffix never pushes a long title past 255 bytes with the temporary suffix', async () => {
  const title = '漢'.repeat(200);
  const taken: Record<string, string> = {};
  for (let n = 1; n <= 12; n++) {
    const vault = new MemoryVault(taken);
    const path = await uniqueNotePath(vault, 'Clippings', title);
    const name = path.slice('Clippings/'.length);
    assert.ok(bytes(`${name}.0123456789ab.tmp`) <= 255, `${n}: ${bytes(name)} bytes`);
    if (n > 1) assert.match(name, new RegExp(` \\(${n}\\)\\.md$`));
    taken[path] = 'x';
  }
});

test('80 CJK characters and 1,000 emoji are written through NodeVault (255-byte names) and numbered when taken', async () => {
  const root = await mkdtemp(join(tmpdir(), 'kindred-names-'));
  try {
    const vault = new NodeVault(root);
    for (const title of ['漢字仮名交じり文'.repeat(10), '👨\u200d👩\u200d👧\u200d👦'.repeat(1000), '😀'.repeat(1000), `${'q\u0303'.repeat(150)}`]) {
      for (let copy = 1; copy <= 3; copy++) {
        const path = await uniqueNotePath(vault, 'Clippings', title);
        await vault.create(path, `# ${copy}\n`);
        assert.equal(await vault.read(path), `# ${copy}\n`);
        if (copy > 1) assert.match(path, new RegExp(` \\(${copy}\\)\\.md$`));
      }
    }
    assert.equal((await readdir(join(root, 'Clippings'))).length, 12);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
