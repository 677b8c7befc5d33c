import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toMarkdown } from '../../../src/core/clip/to-markdown';
import { linkedomParser } from '../../../src/cli/linkedom-parser';

const md = (html: string, url = 'https://site.example/dir/page') => toMarkdown(linkedomParser.parse(`<html><body>${html}</body></html>`, url).body, url);

test('KaTeX keeps its TeX annotation, inline and display', () => {
  const inline = '<p>Energy <span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>E</mi></mrow><annotation encoding="application/x-tex">E=mc^2</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">E=mc2</span></span> holds.</p>';
  assert.equal(md(inline), 'Energy $E=mc^2$ holds.');
  const display = '<span class="katex-display"><span class="katex"><span class="katex-mathml"><math display="block"><semantics><mrow></mrow><annotation encoding="application/x-tex">\\int_0^1 x\\,dx</annotation></semantics></math></span></span></span>';
  assert.equal(md(display), '$$\n\\int_0^1 x\\,dx\n$$');
});

test('a multi-line align environment is kept whole in display math', () => {
  const tex = '\\begin{align} a &= b \\\\ c &= d \\end{align}';
  assert.equal(md(`<p><math display="block" alttext="${tex}"><mi>a</mi></math></p>`), `$$\n${tex}\n$$`);
});

test('code blocks keep their language; backticks inside grow the fence', () => {
  assert.equal(md('<pre><code class="language-rust">fn main() {}</code></pre>'), '```rust\nfn main() {}\n```');
  assert.equal(md('<pre><code>```\ninner\n```</code></pre>'), '````\n```\ninner\n```\n````');
});

test('tables become GFM tables; pipes are escaped', () => {
  assert.equal(
    md('<table><tr><th>Name</th><th>Value</th></tr><tr><td>a|b</td><td>1</td></tr><tr><td>c</td></tr></table>'),
    '| Name | Value |\n| --- | --- |\n| a\\|b | 1 |\n| c |  |',
  );
});

test('footnote references and definitions become [^n] and [^n]:', () => {
  const html = '<p>Claim<sup id="fnref:1"><a href="#fn:1">1</a></sup>.</p><div id="footnotes"><ol><li id="fn:1"><p>Source. <a href="#fnref:1" class="footnote-backref">↩</a></p></li></ol></div>';
  assert.equal(md(html), 'Claim[^1].\n\n[^1]: Source.');
});

test('relative links and images become absolute; unsafe ones lose their address', () => {
  assert.equal(md('<p><a href="../up">up</a> <a href="#sec">here</a> <img src="pic.png" alt="p"></p>'), '[up](https://site.example/up) [here](https://site.example/dir/page#sec) ![p](https://site.example/dir/pic.png)');
  assert.equal(md('<p><a href="javascript:alert(1)">x</a> <a href="data:text/html,hi">y</a><img src="data:image/png;base64,AAAA"></p>'), 'x y');
});

test('the largest srcset candidate wins, commas inside CDN URLs included', () => {
  const img = '<img src="small.jpg" srcset="https://cdn.example/w_424,c_limit/a.jpg 424w, https://cdn.example/w_1456,c_limit/a.jpg 1456w" alt="a">';
  assert.equal(md(img), '![a](https://cdn.example/w_1456,c_limit/a.jpg)');
});
