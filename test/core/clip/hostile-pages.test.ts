import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipOne, DEFAULT_CLIP_OPTIONS, type ClipInput } from '../../../src/core/clip';
import { splitFrontMatter } from '../../../src/core/front-matter';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import { MemoryVault } from '../../helpers/memory-vault';
import { fixedClock, offlineFetcher } from './fixture-clip';
import { articlePage } from './fake-fetcher';
import { liveInRenderers } from './rendered-html-check';

// Pages written to hurt: each must end in a clear outcome, with nothing that could run in the
// note and nothing half-written in the vault.

function saved(name: string, html: string | Uint8Array, url = 'https://example.com/post'): ClipInput {
  return { kind: 'html', name, bytes: typeof html === 'string' ? new TextEncoder().encode(html) : html, url };
}

async function clip(input: ClipInput, vault = new MemoryVault()) {
  const outcome = await clipOne(input, { vault, fetcher: offlineFetcher, parser: linkedomParser, clock: fixedClock }, DEFAULT_CLIP_OPTIONS);
  const text = outcome.path && outcome.status === 'created' ? await vault.read(outcome.path) : '';
  return { outcome, vault, text, body: splitFrontMatter(text).body };
}

const RUNNABLE = /<script|<style|<iframe|<object|<embed|onerror|onclick|onload|javascript:|data:text|vbscript:/i;

test('scripts, event handlers, javascript:/data: links and iframes do not survive', async () => {
  const hostile = articlePage(
    'Hostile',
    `<script>alert(1)</script><style>body{}</style>
     <p onclick="alert(2)">Click <a href="javascript:alert(3)">here</a> or <a href="  JaVa\tScRiPt:alert(4)">there</a>
     or <a href="data:text/html;base64,PHNjcmlwdD4=">data</a> or <a href="vbscript:x">vb</a>.</p>
     <img src="x.png" onerror="alert(5)" alt="pic"><img src="data:image/svg+xml,<svg onload=alert(6)>">
     <iframe src="javascript:alert(7)"></iframe><iframe src="https://evil.example/frame"></iframe>
     <object data="x.swf"></object><embed src="x.swf">
     <p>Text that looks like a tag: &lt;img src=x onerror=alert(8)&gt; and &lt;script&gt;alert(9)&lt;/script&gt;</p>
     <svg><script>alert(10)</script></svg>`,
  );
  const { outcome, body } = await clip(saved('hostile.html', hostile));
  assert.equal(outcome.status, 'created', outcome.error);
  // Tag-like text is kept as text but escaped, so Obsidian shows it instead of running it.
  assert.match(body, /\\<img src=x onerror=alert\(8\)>/);
  assert.doesNotMatch(body.replace(/\\<img src=x onerror=alert\(8\)>|\\<script>alert\(9\)\\<\/script>/g, ''), RUNNABLE);
  assert.match(body, /Click here or there/);
  assert.match(body, /!\[pic\]\(https:\/\/example\.com\/x\.png\)/);
  assert.match(body, /\[Embedded content\]\(https:\/\/evil\.example\/frame\)/);
});

test('10,000 nested divs around an article: unwrapped and clipped, every word kept', async () => {
  const deep = '<div>'.repeat(10_000) + '<p>Deep text that is the whole article, said in a long enough sentence to count as content.</p>' + '</div>'.repeat(10_000);
  const { outcome, body } = await clip(saved('deep.html', `<html><head><title>Deep</title></head><body>${deep}</body></html>`));
  assert.equal(outcome.status, 'created', outcome.error);
  assert.match(body, /Deep text that is the whole article/);
});

test('10,000 nested divs that each hold text: refused with the depth, nothing written', async () => {
  const deep = '<div>level '.repeat(10_000) + '</div>'.repeat(10_000);
  const { outcome, vault } = await clip(saved('deeper.html', `<html><head><title>Deeper</title></head><body>${deep}</body></html>`));
  assert.equal(outcome.status, 'failed');
  assert.match(outcome.error ?? '', /^the page is nested too deeply to clip \(\d+ levels\)/);
  assert.equal(vault.files.size, 0);
});

test('an empty page fails with "no article content found" and writes nothing', async () => {
  for (const html of ['', '<html><head><title>Empty</title></head><body></body></html>', '   \n  ']) {
    const { outcome, vault } = await clip(saved('empty.html', html));
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.error, 'no article content found in empty.html');
    assert.equal(vault.files.size, 0);
  }
});

test('a 50 MB saved page is refused as larger than 10 MB, unread', async () => {
  const huge = new Uint8Array(50 * 1024 * 1024).fill(0x61);
  const { outcome, vault } = await clip(saved('huge.html', huge));
  assert.equal(outcome.status, 'failed');
  assert.equal(outcome.error, 'the page is larger than 10 MB: huge.html');
  assert.equal(vault.files.size, 0);
});

test('a windows-1252 page decodes correctly from its meta charset', async () => {
  const html = articlePage('Caf\u00e9 \u201cquotes\u201d', '<p>Price: 5 \u20ac \u2014 na\u00efve</p>', '<meta charset="windows-1252">');
  // Encode as windows-1252 by hand: these characters have single-byte codes there.
  const cp1252: Record<string, number> = { '\u20ac': 0x80, '\u201c': 0x93, '\u201d': 0x94, '\u2014': 0x97 };
  const bytes = Uint8Array.from([...html].map((c) => cp1252[c] ?? c.charCodeAt(0)));
  const { outcome, text } = await clip(saved('cp1252.html', bytes));
  assert.equal(outcome.status, 'created', outcome.error);
  assert.match(text, /title: Café “quotes”/);
  assert.match(text, /Price: 5 € — naïve/);
});

test('hostile titles make safe file names inside the clip folder', async () => {
  const cases: [string, string][] = [
    ['../../etc/passwd', 'Clippings/etc passwd.md'],
    ['CON', 'Clippings/CON (page).md'],
    ['a:b/c', 'Clippings/a b c.md'],
    ['😀'.repeat(300), `Clippings/${'😀'.repeat(57)}.md`],
    ['漢字仮名交じり文'.repeat(10), `Clippings/${'漢字仮名交じり文'.repeat(10).slice(0, 76)}.md`],
  ];
  for (const [title, path] of cases) {
    const { outcome, text } = await clip(saved('t.html', articlePage(title.replace(/</g, '&lt;')), `https://example.com/${encodeURIComponent(title).slice(0, 40)}`));
    assert.equal(outcome.status, 'created', outcome.error);
    assert.equal(outcome.path, path);
    assert.ok(text.length > 0);
  }
});

// The pages of issue 9: values from attributes and text nodes that used to leave their place in
// the markdown and become live HTML or a `javascript:` link in renderers with HTML on.

async function clipBody(extra: string): Promise<string> {
  const { outcome, body } = await clip(saved('attack.html', articlePage('Attack', extra)));
  assert.equal(outcome.status, 'created', outcome.error);
  return body;
}

function assertNothingLive(body: string): void {
  assert.deepEqual(liveInRenderers(body), {}, body);
}

test('a code block language holding a newline and a fence stays the info string of its fence', async () => {
  const body = await clipBody('<pre><code data-lang="js\n```\n<img src=x onerror=alert(11)>\n">let x = 1;</code></pre>');
  assertNothingLive(body);
  assert.match(body, /^```js\nlet x = 1;\n```$/m);
});

test('a KaTeX data-latex value stays inside its formula', async () => {
  const body = await clipBody('<p>See <span class="katex" data-latex="x$\n\n<img src=x onerror=alert(12)>\n\n$">x</span> here.</p>');
  assertNothingLive(body);
  assert.match(body, /See \$x\\\$ \\lt img src=x onerror=alert\(12\)> \\\$\$ here\./);
});

test('MathML text holding $$ and a tag stays inside its formula', async () => {
  const body = await clipBody('<p>Text <math><mrow><mi>a</mi><mtext>$$ &lt;img src=x onerror=alert(13)&gt; $$</mtext></mrow></math> end.</p>');
  assertNothingLive(body);
  assert.doesNotMatch(body, /(?<!\\)\$\$/);
  assert.match(body, /Text \$a\\\$\\\$ \\lt img src=x onerror=alert\(13\)> \\\$\\\$\$ end\./);
});

test('a callout type holding a newline stays one word on the callout line, its title one line of text', async () => {
  const title = '<div class="callout-title"><div class="callout-title-inner">Mind\n\n&lt;img src=x onerror=alert(15)&gt;</div></div>';
  const body = await clipBody(
    `<div class="callout" data-callout="note\n\n<img src=x onerror=alert(14)>">${title}<div class="callout-content"><p>Callout body.</p></div></div>`,
  );
  assertNothingLive(body);
  assert.match(body, /^> \[!note\] Mind \\<img src=x onerror=alert\(15\)\\>\n> Callout body\.$/m);
});

test('a link or image title holding \\" cannot close its quotes and add a javascript: link', async () => {
  const title = 'a\\") [click me](javascript:alert(1)) (\\"';
  const body = await clipBody(`<p>See <a href="https://ok.example/" title='${title}'>this</a> and <img src="https://ok.example/i.png" alt="i" title='${title}'>.</p>`);
  assertNothingLive(body);
  assert.match(body, /\[this\]\(https:\/\/ok\.example\/ "a\\\\\\"\) \[click me\]\(\) \(\\\\\\""\)/);
});
