import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalUrl } from '../../../src/core/clip/canonical-url';
import { decodeHtml, decodeWindows1252 } from '../../../src/core/clip/decode-html';
import { safeUrl } from '../../../src/core/clip/safe-url';
import { savedPageUrl } from '../../../src/core/clip/saved-page-url';

test('charset: BOM, then the Content-Type header, then <meta>, else UTF-8', () => {
  const utf8 = new TextEncoder().encode('<p>café</p>');
  assert.equal(decodeHtml(utf8), '<p>café</p>');
  assert.equal(decodeHtml(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8])), '<p>café</p>');
  const latin = Uint8Array.from([0x3c, 0x70, 0x3e, 0x93, 0x63, 0x61, 0x66, 0xe9, 0x94, 0x80]);
  assert.equal(decodeHtml(latin, 'text/html; charset=windows-1252'), '<p>“café”€');
  assert.equal(decodeHtml(latin, 'text/html; charset=ISO-8859-1'), '<p>“café”€', 'browsers read latin1 as windows-1252');
  const meta = Uint8Array.from([...new TextEncoder().encode('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'), 0xe9]);
  assert.match(decodeHtml(meta), /é$/);
  assert.equal(decodeHtml(new TextEncoder().encode('x'), 'text/html; charset=no-such-charset'), 'x');
  assert.equal(decodeWindows1252(Uint8Array.from([0x80, 0x9f, 0x41])), '€ŸA');
});

test('canonical URLs ignore scheme, www, fragment, trailing slash and tracking parameters', () => {
  const same = ['https://www.lesswrong.com/posts/x/simulators', 'http://lesswrong.com/posts/x/simulators/', 'https://LessWrong.com/posts/x/simulators#comments', 'https://lesswrong.com/posts/x/simulators?utm_source=feed&utm_medium=rss'];
  assert.deepEqual(new Set(same.map(canonicalUrl)).size, 1);
  assert.notEqual(canonicalUrl('https://a.example/p?id=1'), canonicalUrl('https://a.example/p?id=2'));
});

test('safeUrl keeps http(s)/mailto, resolves relative, refuses scripts however they are spelled', () => {
  assert.equal(safeUrl('/a b', 'https://x.example/p'), 'https://x.example/a%20b');
  assert.equal(safeUrl('mailto:me@x.example', undefined), 'mailto:me@x.example');
  for (const bad of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '']) {
    assert.equal(safeUrl(bad, 'https://x.example/'), null, JSON.stringify(bad));
  }
  assert.equal(safeUrl('relative/path', undefined), 'relative/path');
});

test('a saved page names its origin in a {"url"} comment or a "saved from" mark', () => {
  assert.equal(savedPageUrl('<!-- {"url": "https://a.example/p"} -->\n<html>'), 'https://a.example/p');
  assert.equal(savedPageUrl('<!DOCTYPE html>\n<!-- saved from url=(0023)https://b.example/q -->\n<html>'), 'https://b.example/q');
  assert.equal(savedPageUrl('<!-- {"url": "javascript:alert(1)"} --><html>'), undefined);
  assert.equal(savedPageUrl('<html><body>no mark</body></html>'), undefined);
});
