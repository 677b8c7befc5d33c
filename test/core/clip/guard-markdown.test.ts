import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { guardMarkdown, isUnsafeDestination } from '../../../src/core/clip/guard-markdown';
import { codeBlock, displayMath, fenceInfo, inlineCode, inlineMath, linkDestination, linkTitle } from '../../../src/core/clip/markdown-escape';
import { liveInRenderers } from './rendered-html-check';

test('markdown the converter writes for an honest page passes the guard unchanged', () => {
  const note = [
    'A paragraph with `code`, <code>a\\<b</code>, x<sup>2</sup> and H<sub>2</sub>O, and \\<escaped\\> text.',
    '',
    '```html',
    '<div onclick="x()">kept as code</div>',
    '```',
    '',
    '- item',
    '\t```js',
    '\tif (a < b) run();',
    '\t```',
    '',
    '> [!note] Title',
    '> ```',
    '> <b>quoted code</b>',
    '>',
    '> ```',
    '',
    '[a link](https://example.com/a_(b) "title") ![img](https://example.com/i.png) [mail](mailto:a@b.c) [rel](/wiki/Page) [here](#s)',
    '',
    '$$',
    '\\frac{a}{b} < 1 \\lt x',
    '$$',
    '',
    '[^1]: Note: a footnote that starts with a word and a colon.',
  ].join('\n');
  assert.equal(guardMarkdown(note), note);
  assert.deepEqual(liveInRenderers(note), {});
});

test('a tag outside proven code is escaped; allowed tags stay unless alone at the start of a line', () => {
  assert.equal(guardMarkdown('a <img src=x onerror=alert(1)> b'), 'a \\<img src=x onerror=alert(1)> b');
  assert.equal(guardMarkdown('a \\\\<b>'), 'a \\\\\\<b>');
  assert.equal(guardMarkdown('x<sup>2</sup>'), 'x<sup>2</sup>');
  assert.equal(guardMarkdown('<sup>\n<img src=x onerror=alert(1)>'), '\\<sup>\n\\<img src=x onerror=alert(1)>');
  assert.equal(guardMarkdown('> - <code>'), '> - \\<code>');
});

test('a fence the guard cannot prove closed is escaped, so no renderer reads what follows as code', () => {
  // An indented opener (1 space) is a fence to CommonMark; the guard does not accept it, so it
  // must not let the next fence pair up with the renderer's closing one.
  const tricky = ' ```\n```\n<img src=x onerror=alert(1)>\n```';
  const guarded = guardMarkdown(tricky);
  assert.deepEqual(liveInRenderers(guarded), {}, guarded);
  assert.equal(guardMarkdown('```\n<img src=x onerror=alert(1)>'), '\\```\n\\<img src=x onerror=alert(1)>');
  // A quoted fence whose next line leaves the quote: the quote, and the code, ended there.
  assert.equal(guardMarkdown('> ```\n<img src=x onerror=alert(2)>\n> ```'), '> \\```\n\\<img src=x onerror=alert(2)>\n> \\```');
  // A backtick run as long as the fence inside the block would end it where a renderer reads inline code.
  assert.equal(guardMarkdown('\t```\n\tx ``` <script>\n\t```'), '\t\\```\n\tx ``` \\<script>\n\t\\```');
  assert.equal(guardMarkdown('~~~\n<script>alert(3)</script>\n~~~'), '\\~~~\n\\<script>alert(3)\\</script>\n\\~~~');
});

test('unsafe destinations are removed however they are written; safe ones stay', () => {
  for (const url of ['javascript:alert(1)', 'JaVaScRiPt:x', ' javascript:x', 'java\tscript:x', '&#106;avascript:x', '&#x6A;avascript&colon;x', 'javascript&#58;x', 'java&#x09;script:x', 'vbscript:x', 'data:text/html,x', 'data:image/png;base64,AA', 'file:///etc/passwd', 'jav&amp;ascript:x']) {
    assert.ok(isUnsafeDestination(url), url);
  }
  for (const url of ['https://example.com/a:b', 'http://x', 'mailto:a@b.c', '/wiki/Page', '#fn:1', 'attachments/a b.png', '?q=a:b', 'https://x/?a=1&b=2', '\\javascript:x', 'java\\script:x']) {
    assert.ok(!isUnsafeDestination(url), url);
  }
  assert.equal(guardMarkdown('[a](javascript:alert(1)) [b](https://ok.example/)'), '[a]() [b](https://ok.example/)');
  assert.equal(guardMarkdown('[r]\n\n[r]: &#106;avascript:alert(1) "t"'), '[r]\n\n[r]:  "t"');
  assert.equal(guardMarkdown('!\\[p\\](data:image/svg+xml,x)'), '!\\[p\\]()');
});

test('the guard is idempotent and leaves nothing live in any string of markdown and HTML pieces (property)', () => {
  const pieces = [
    '<img src=x onerror=alert(1)>', '<script>', '</script>', '<sup>', '</sup>', '<code>', '<a href="javascript:x">', '<!--', '-->',
    '[', ']', '(', ')', '](', ']:', 'javascript:alert(1)', '&#106;', '&colon;', 'data:text/html,x', '"', '\\', '`', '```', '````', '~~~',
    '$', '$$', '\n', '\n\n', '> ', '\t', '- ', '1. ', ' ', '|', '---', 'text', '#',
  ];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
      const guarded = guardMarkdown(parts.join(''));
      assert.equal(guardMarkdown(guarded), guarded, 'idempotent');
      assert.deepEqual(liveInRenderers(guarded), {}, JSON.stringify(guarded));
    }),
    { numRuns: 1500, seed: 9 },
  );
});

test('each escape keeps its value in its place', () => {
  assert.equal(fenceInfo('js\n```\n<img>'), 'js');
  assert.equal(fenceInfo('c++'), 'c++');
  assert.equal(codeBlock('a\n```\nb `````` c', 'sh'), '```````sh\na\n```\nb `````` c\n```````');
  assert.equal(inlineCode('a`b'), '``a`b``');
  assert.equal(inlineCode('`x'), '`` `x ``');
  assert.equal(inlineCode('Vec<T> & *x*'), '<code>Vec&lt;T\\> &amp; \\*x\\*</code>');
  assert.equal(inlineCode('a < b'), '`a < b`');
  assert.equal(inlineMath('x$ <img>'), '$x\\$ \\lt img>$');
  assert.equal(inlineMath('a<b, c < d, e</f'), '$a\\lt b, c < d, e\\lt/f$');
  assert.equal(inlineMath('a \\$ b'), '$a \\$ b$');
  assert.equal(displayMath('a\n\n\nb < c'), '$$\na\nb < c\n$$');
  assert.equal(linkTitle('a\\") [x](javascript:y) (\\"'), ' "a\\\\\\") [x](javascript:y) (\\\\\\""');
  assert.equal(linkDestination('https://x/a b(c)<d>\\'), 'https://x/a%20b\\(c\\)%3Cd%3E%5C');
});
