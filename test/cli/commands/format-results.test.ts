import { test } from 'node:test';
import assert from 'node:assert/strict';
import { passageLine, quotedQuery } from '../../../src/cli/commands/format-results';
import { plainText } from '../../../src/core/rank/plain-passage';

test('a terminal shows a passage as plain text: no ==marks==, [[links|text]], [text](url), emphasis or markers', () => {
  assert.equal(
    plainText('## Heading\n> A ==quoted== line with [[notes-that-connect|notes that connect]] and [[Maps]].\n- see [the post](https://example.org/p) and ![a map](map.png)\n**Bold**, *italic*, _under_, `code`[^1], snake_case stays.'),
    'Heading\nA quoted line with notes that connect and Maps.\nsee the post and a map\nBold, italic, under, code, snake_case stays.',
  );
  assert.equal(plainText('[[Note#Section|shown]] [[Note#Section]] ![[embed.png]]'), 'shown Note > Section embed.png');
});

test('on a colour terminal the marked words stand out instead, and a cut line never cuts a colour in half', () => {
  const line = passageLine({ heading: 'Redshift', text: 'The ==redshift== of [[galaxies|galaxy]] light' }, true);
  assert.equal(line, 'Redshift: The \x1b[1;33mredshift\x1b[0m of galaxy light');
  const cut = passageLine({ heading: '', text: `${'word '.repeat(40)}==marked words here==` }, true, 205);
  assert.ok(cut.endsWith('\x1b[0m'), JSON.stringify(cut.slice(-30)));
  assert.equal(passageLine({ heading: '', text: 'The ==redshift==' }, false), 'The redshift');
});

test('a long query is not echoed back whole', () => {
  assert.equal(quotedQuery('how do I remember what I read'), '"how do I remember what I read"');
  const long = quotedQuery('a'.repeat(100_000));
  assert.equal(long, `"${'a'.repeat(60)}…" (100,000 characters)`);
});
