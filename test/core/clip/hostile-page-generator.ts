// Hostile pages made to order for the clip fuzz test: a value that breaks out of the place it
// lands in the markdown (a fence, a math block, a link title…) followed by something that runs
// once a renderer lets HTML through, put in one of the places a page can hand the clipper a
// value (an attribute or a text node). Reproducible: the same seed gives the same pages.

/** A small, fast, seeded generator (mulberry32): enough for choosing, not for secrets. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const text = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** What runs once it is live: raw HTML, markdown links to script URLs, reference definitions, autolinks. */
export const PAYLOADS = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  '<svg onload=alert(3)>',
  '<a href="javascript:alert(4)">click</a>',
  '<iframe src="javascript:alert(5)"></iframe>',
  '<details open ontoggle=alert(6)>',
  '<style>*{display:none}</style>',
  '<form action="javascript:alert(7)"><button>go</button></form>',
  '<object data="x.swf"></object>',
  '<IMG SRC=x OnErRoR=alert(8)>',
  '<img/src=x/onerror=alert(9)>',
  '[click me](javascript:alert(10))',
  '[click me](JaVaScRiPt:alert(11))',
  '[click me](&#106;avascript:alert(12))',
  '[click me](&#x6A;&#x61;vascript&colon;alert(13))',
  '[click me](java&#x09;script:alert(14))',
  '[click me]( javascript:alert(15) "t")',
  '[click me](vbscript:msgbox(16))',
  '[click me](data:text/html;base64,PHNjcmlwdD5hbGVydCgxNyk8L3NjcmlwdD4=)',
  '![pic](data:image/svg+xml,%3Csvg%20onload=alert(18)%3E)',
  '<javascript:alert(19)>',
  '[ref]\n\n[ref]: javascript:alert(20)',
  '[ref][r21]\n\n[r21]: &#106;avascript:alert(21)',
  '[x](<javascript:alert(22)>)',
  '<a href=" &#14;  javascript:alert(23)">x</a>',
];

/** Text that ends the context a value lands in, so the payload after it is read as markdown. */
export const BREAKERS = [
  '', '\n', '\n\n', '\n```\n', '\n````\n', '\n~~~\n', '`', '``', '$', '$$', '\n$$\n', '$\n\n',
  '"', '\\"', '\\")', '\\") ', ')', '")', ']', '](', '\n> ', '|', '\n\n    ', '\\', '-->', '}', '\n---\n', '\n# ', '\n- ',
];

/** Where a page can hand the clipper a value: one function per place, taking the hostile value. */
export const CONTEXTS: Record<string, (value: string) => string> = {
  'code block data-lang': (v) => `<pre><code data-lang="${attr(v)}">let x = 1;</code></pre>`,
  'code block data-language': (v) => `<pre data-language="${attr(v)}"><code>let y = 2;</code></pre>`,
  'code block class language-': (v) => `<pre><code class="language-${attr(v)}">let z = 3;</code></pre>`,
  'code block text': (v) => `<pre><code>${text(v)}</code></pre>`,
  'inline code text': (v) => `<p>Run <code>${text(v)}</code> to see it.</p>`,
  'KaTeX data-latex': (v) => `<p>Inline <span class="katex" data-latex="${attr(v)}">x</span> math.</p>`,
  'KaTeX annotation': (v) =>
    `<p>Formula <span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow><annotation encoding="application/x-tex">${text(v)}</annotation></semantics></math></span></span> here.</p>`,
  'KaTeX display data-latex': (v) => `<div class="math math-display" data-latex="${attr(v)}">x</div>`,
  'MathML mtext': (v) => `<p>Text <math><mrow><mi>a</mi><mtext>${text(v)}</mtext></mrow></math> end.</p>`,
  'MathML display mtext': (v) => `<p><math display="block"><mrow><mtext>${text(v)}</mtext><mfrac><mi>a</mi><mi>b</mi></mfrac></mrow></math></p>`,
  'MathML alttext': (v) => `<p>Alt <math alttext="${attr(v)}"><mi>y</mi></math> text.</p>`,
  'callout data-callout': (v) => `<div class="callout" data-callout="${attr(v)}"><div class="callout-title"><div class="callout-title-inner">Note</div></div><div class="callout-content"><p>Callout body text.</p></div></div>`,
  'callout title': (v) => `<div class="callout" data-callout="warning"><div class="callout-title"><div class="callout-title-inner">${text(v)}</div></div><div class="callout-content"><p>Body.</p></div></div>`,
  'callout data-callout-fold': (v) => `<div class="callout" data-callout="tip" data-callout-fold="${attr(v)}"><div class="callout-content"><p>Folded body.</p></div></div>`,
  'link title': (v) => `<p>See <a href="https://ok.example/page" title="${attr(v)}">this page</a> now.</p>`,
  'link href': (v) => `<p>See <a href="${attr(v)}">that page</a> now.</p>`,
  'link text': (v) => `<p>See <a href="https://ok.example/t">${text(v)}</a> now.</p>`,
  'image title': (v) => `<p><img src="https://ok.example/a.png" alt="a" title="${attr(v)}"></p>`,
  'image alt': (v) => `<p>Look: <img src="https://ok.example/b.png" alt="${attr(v)}"> there.</p>`,
  'image src': (v) => `<p><img src="${attr(v)}" alt="c"></p>`,
  'image srcset': (v) => `<p><img src="https://ok.example/d.png" srcset="${attr(v)} 800w" alt="d"></p>`,
  'figure caption': (v) => `<figure><img src="https://ok.example/e.png" alt="e"><figcaption>${text(v)}</figcaption></figure>`,
  'table cell': (v) => `<table><tr><th>Name</th><th>Value</th></tr><tr><td>${text(v)}</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>`,
  'footnote id': (v) =>
    `<p>Claim<sup id="fnref:${attr(v)}"><a href="#fn:${attr(v)}">1</a></sup>.</p><div id="footnotes"><ol><li id="fn:${attr(v)}"><p>Source. <a href="#fnref:1" class="footnote-backref">↩</a></p></li></ol></div>`,
  'footnote text': (v) =>
    `<p>Claim<sup id="fnref:1"><a href="#fn:1">1</a></sup>.</p><div id="footnotes"><ol><li id="fn:1"><p>${text(v)}</p></li></ol></div>`,
  'heading text': (v) => `<h2>${text(v)}</h2><p>Section text follows the heading.</p>`,
  'list item': (v) => `<ul><li>First</li><li>${text(v)}<ul><li>nested ${text(v)}</li></ul></li></ul>`,
  'ordered list start': (v) => `<ol start="${attr(v)}"><li>one</li><li>two</li></ol>`,
  'blockquote': (v) => `<blockquote><p>${text(v)}</p></blockquote>`,
  'iframe src': (v) => `<iframe src="${attr(v)}"></iframe>`,
  'video source': (v) => `<video><source src="${attr(v)}"></video>`,
  'paragraph text': (v) => `<p>Plain ${text(v)} words.</p>`,
  'emphasis and marks': (v) => `<p><em>${text(v)}</em> <mark>${text(v)}</mark> <del>${text(v)}</del> x<sup>${text(v)}</sup></p>`,
  'comment author': (v) =>
    `<div class="comments"><div class="comment"><span class="author">${text(v)}</span><div class="comment-body"><p>A reply that says something.</p></div></div></div>`,
  'comment body': (v) =>
    `<div class="comments"><div class="comment"><span class="author">Ann</span><div class="comment-body"><p>${text(v)}</p></div></div></div>`,
  'task list': (v) => `<ul><li><input type="checkbox" checked> ${text(v)}</li></ul>`,
};

/** Ways a payload hides from a filter that looks for it literally. */
const MUTATIONS: ((payload: string) => string)[] = [
  (p) => p,
  (p) => p.toUpperCase(),
  (p) => p.replace(/javascript:/gi, 'java\tscript:'),
  (p) => p.replace(/javascript:/gi, '&#x6a;avascript&#58;'),
  (p) => p.replace(/</g, '\n<'),
  (p) => p.replace(/ /g, '\n'),
];

export interface HostilePage {
  /** What was put where, for the failure message. */
  label: string;
  html: string;
  /** Comments are clipped for the pages whose hostile values sit in comments. */
  includeComments: boolean;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/**
 * `count` pages from `seed`. Page i puts a hostile value in context i mod (number of contexts),
 * so every context gets its share, plus two more in random contexts; each value is a random
 * breaker, a mutated payload and sometimes a second breaker after it.
 */
export function hostilePages(count: number, seed: number): HostilePage[] {
  const random = seededRandom(seed);
  const names = Object.keys(CONTEXTS);
  const pages: HostilePage[] = [];
  for (let i = 0; i < count; i++) {
    const slots = [names[i % names.length], pick(random, names), pick(random, names)];
    const parts = slots.map((context) => {
      const value = pick(random, BREAKERS) + pick(random, MUTATIONS)(pick(random, PAYLOADS)) + (random() < 0.5 ? pick(random, BREAKERS) : '');
      return { context, value, html: CONTEXTS[context](value) };
    });
    const title = random() < 0.2 ? pick(random, PAYLOADS) : `Hostile page ${i}`;
    const prose = '<p>This page is long enough to be an article, with plain sentences that an extractor keeps as the body of the post for the reader.</p>';
    const comments = parts.filter((p) => p.context.startsWith('comment'));
    const body = parts.filter((p) => !p.context.startsWith('comment'));
    const html =
      `<!DOCTYPE html><html><head><title>${text(title)}</title><meta name="author" content="${attr(pick(random, PAYLOADS))}"></head><body>` +
      `<article><h1>${text(title)}</h1>${prose}${body.map((p) => p.html).join('\n')}${prose}${prose}</article>${comments.map((p) => p.html).join('')}</body></html>`;
    pages.push({
      label: parts.map((p) => `${p.context}: ${JSON.stringify(p.value)}`).join(' · '),
      html,
      includeComments: comments.length > 0,
    });
  }
  return pages;
}
