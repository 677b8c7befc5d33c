import TurndownService from 'turndown';
import { guardMarkdown } from './guard-markdown';
import { calloutType, codeBlock, displayMath, footnoteLabel, inlineCode, inlineMath, inlineText, linkDestination, linkTitle } from './markdown-escape';
import { formatDisplayLatex, mathToLatex } from './math-to-latex';
import { safeUrl } from './safe-url';

// The rules below follow Defuddle's own markdown conversion (MIT, kepano/defuddle) where its
// output is what readers expect (footnotes, math, lists, tables), and differ where a note must
// be safe to open anywhere: nothing is kept as raw HTML except attribute-free <sup>, <sub> and
// <code>, every address goes through `safeUrl`, every value taken from an attribute or a text
// node goes through the escape for where it lands (`markdown-escape.ts`), and `guardMarkdown`
// checks the result whole.

type Turndown = InstanceType<typeof TurndownService>;

const DROPPED = ['script', 'style', 'noscript', 'template', 'object', 'embed', 'applet', 'frame', 'frameset',
  'link', 'meta', 'base', 'input', 'select', 'textarea', 'svg', 'canvas', 'dialog'];

function isElement(node: Node | null | undefined): node is Element {
  return !!node && node.nodeType === 1;
}

function directCells(table: Element, row: Element): Element[] {
  return Array.from(row.children).filter((c) => c.nodeName === 'TD' || c.nodeName === 'TH');
}

function tableRows(table: Element): Element[] {
  // Rows of this table, not of tables nested inside it.
  return Array.from(table.querySelectorAll('tr')).filter((tr) => tr.closest('table') === table);
}

/** The largest image a `srcset` offers (CDN addresses may contain commas, so split on spaces). */
function bestImageSource(img: Element): string {
  const srcset = img.getAttribute('srcset');
  if (srcset) {
    let best = '';
    let bestWidth = 0;
    let parts: string[] = [];
    for (const token of srcset.trim().split(/\s+/)) {
      const width = /^(\d+)w,?$/.exec(token);
      if (width) {
        const url = parts.join(' ').replace(/^,\s*/, '').replace(/,$/, '');
        if (url && Number(width[1]) > bestWidth) {
          bestWidth = Number(width[1]);
          best = url;
        }
        parts = [];
      } else if (/^\d+(?:\.\d+)?x,?$/.test(token)) parts = [];
      else parts.push(token);
    }
    if (best) return best;
  }
  return img.getAttribute('src') ?? '';
}


function isOnlyChildOfParagraph(element: Element): boolean {
  const parent = element.parentNode;
  if (!isElement(parent) || parent.nodeName !== 'P') return false;
  return Array.from(parent.childNodes).every((c) => c === element || (c.nodeType === 3 && !c.textContent?.trim()));
}

/** Inline math with a space between it and a neighbouring element's text, so the `$` signs stay delimiters. */
function spacedInlineMath(latex: string, node: Element): string {
  const prev = node.previousSibling;
  const next = node.nextSibling;
  const prevChar = prev && isElement(prev) ? prev.textContent?.slice(-1) ?? '' : '';
  const nextChar = next && isElement(next) ? next.textContent?.[0] ?? '' : '';
  const left = prevChar && !/[\s$]/.test(prevChar) ? ' ' : '';
  const right = nextChar && !/[\s$]/.test(nextChar) ? ' ' : '';
  return `${left}${inlineMath(latex)}${right}`;
}

function footnoteId(li: Element): string {
  const id = li.getAttribute('id') ?? '';
  if (id.startsWith('fn:')) return id.slice(3);
  const cite = /cite_note-(.+)/.exec(id.split('/').pop() ?? '');
  return cite ? cite[1] : id;
}

function addRules(service: Turndown, base: string | undefined): void {
  const convert = (node: Element): string => service.turndown(node.cloneNode(true) as HTMLElement);

  service.remove(DROPPED as (keyof HTMLElementTagNameMap)[]);

  service.addRule('table', {
    filter: 'table',
    replacement: (content, node) => {
      const rows = tableRows(node);
      const nested = Array.from(node.querySelectorAll('table')).length > 0;
      const cellCounts = rows.map((r) => directCells(node, r).length);
      // Layout tables (one column, or cells holding whole tables) read as their cells' content.
      if (nested || cellCounts.every((n) => n <= 1)) {
        const cells = rows.flatMap((r) => directCells(node, r));
        return '\n\n' + cells.map((c) => convert(c)).filter(Boolean).join('\n\n') + '\n\n';
      }
      const grid = rows.map((r) =>
        directCells(node, r).map((cell) => convert(cell).replace(/\n+/g, ' ').trim().replace(/\|/g, '\\|')),
      );
      const width = Math.max(...grid.map((r) => r.length));
      const line = (cells: string[]): string => `| ${[...cells, ...Array<string>(width - cells.length).fill('')].join(' | ')} |`;
      const [head, ...body] = grid;
      return `\n\n${[line(head), `| ${Array<string>(width).fill('---').join(' | ')} |`, ...body.map(line)].join('\n')}\n\n`;
    },
  });

  service.addRule('button', { filter: 'button', replacement: (content) => content });

  service.addRule('list', {
    filter: ['ul', 'ol'],
    replacement: (content, node) => {
      const parent = node.parentNode?.nodeName;
      return (parent === 'UL' || parent === 'OL' || parent === 'LI' ? '' : '\n') + content.trim() + '\n';
    },
  });

  service.addRule('listItem', {
    filter: 'li',
    replacement: (content, node, options) => {
      let level = 0;
      for (let p = node.parentNode; isElement(p); p = p.parentNode) {
        if (p.nodeName === 'UL' || p.nodeName === 'OL') level++;
        else if (p.nodeName !== 'LI') break;
      }
      const body = content.replace(/\n+$/, '').split('\n').filter((l) => l.length > 0).join('\n\t');
      const indent = '\t'.repeat(Math.max(0, level - 1));
      const parent = node.parentNode;
      let marker = `${options.bulletListMarker ?? '-'} `;
      if (isElement(parent) && parent.nodeName === 'OL') {
        const start = Number(parent.getAttribute('start') ?? '1') || 1;
        marker = `${start + Array.from(parent.children).indexOf(node)}. `;
      }
      const checkbox = node.querySelector('input[type="checkbox"]');
      const task = checkbox ? (checkbox.hasAttribute('checked') ? '[x] ' : '[ ] ') : '';
      return indent + marker + task + body.trim() + (node.nextSibling && !/\n$/.test(content) ? '\n' : '');
    },
  });

  service.addRule('figure', {
    filter: (node) => {
      if (node.nodeName !== 'FIGURE' || !node.querySelector('img')) return false;
      // A figure wrapping paragraphs is a layout box (Medium), not an image with a caption.
      return !Array.from(node.querySelectorAll('p')).some((p) => !p.closest('figcaption'));
    },
    replacement: (content, node) => {
      const img = node.querySelector('img')!;
      const src = safeUrl(bestImageSource(img), base);
      const caption = node.querySelector('figcaption');
      const captionText = caption ? convert(caption).trim() : '';
      const image = src ? `![${inlineText(img.getAttribute('alt') ?? '')}](${linkDestination(src)})` : '';
      return `\n\n${image}\n\n${captionText}\n\n`;
    },
  });

  service.addRule('image', {
    filter: 'img',
    replacement: (content, node) => {
      const src = safeUrl(bestImageSource(node), base);
      if (!src) return '';
      return `![${inlineText(node.getAttribute('alt') ?? '')}](${linkDestination(src)}${linkTitle(node.getAttribute('title'))})`;
    },
  });

  service.addRule('media', {
    filter: ['iframe', 'video', 'audio'],
    replacement: (content, node) => {
      const src = safeUrl(node.getAttribute('src') ?? node.querySelector('source')?.getAttribute('src'), base);
      if (!src || !/^https?:/.test(src)) return '';
      const youtube = /(?:youtube(?:-nocookie)?\.com|youtu\.be)\/(?:embed\/|watch\?v=)?([a-zA-Z0-9_-]+)/.exec(src);
      if (youtube) return `\n![](https://www.youtube.com/watch?v=${youtube[1]})\n`;
      const tweet = /(?:twitter\.com|x\.com)\/([^/]+)\/status\/([0-9]+)/.exec(src);
      if (tweet) return `\n![](${linkDestination(`https://x.com/${encodeURIComponent(tweet[1])}/status/${tweet[2]}`)})\n`;
      return `\n[${node.nodeName === 'IFRAME' ? 'Embedded content' : 'Media'}](${linkDestination(src)})\n`;
    },
  });

  service.addRule('highlight', { filter: 'mark', replacement: (content) => `==${content}==` });
  service.addRule('strikethrough', { filter: (node) => ['DEL', 'S', 'STRIKE'].includes(node.nodeName), replacement: (content) => `~~${content}~~` });

  service.addRule('supSub', {
    filter: ['sup', 'sub'],
    // The tag alone, no attributes: it renders in Obsidian and cannot run anything.
    // On one line: alone at the start of one, the tag would open an HTML block.
    replacement: (content, node) => {
      const text = content.replace(/\s*\n\s*/g, ' ').trim();
      return text ? `<${node.nodeName.toLowerCase()}>${text}</${node.nodeName.toLowerCase()}>` : '';
    },
  });

  service.addRule('link', {
    filter: (node) => node.nodeName === 'A',
    replacement: (content, node) => {
      const href = safeUrl(node.getAttribute('href'), base);
      if (!href) return content;
      if (node.querySelector('h1, h2, h3, h4, h5, h6')) return `${content}\n\n[View original](${linkDestination(href)})\n\n`;
      return `[${content}](${linkDestination(href)}${linkTitle(node.getAttribute('title'))})`;
    },
  });

  service.addRule('code', {
    filter: 'pre',
    replacement: (content, node) => {
      const code = node.querySelector('code') ?? node;
      const language =
        code.getAttribute('data-lang') ??
        code.getAttribute('data-language') ??
        /language-(\S+)/.exec(code.getAttribute('class') ?? '')?.[1] ??
        node.getAttribute('data-language') ??
        '';
      const text = (code.textContent ?? '').replace(/^\n+|\s+$/g, '');
      return `\n\n${codeBlock(text, language)}\n\n`;
    },
  });

  service.addRule('inlineCode', {
    filter: (node) => node.nodeName === 'CODE' && !(node.parentNode?.nodeName === 'PRE' && !node.previousSibling && !node.nextSibling),
    replacement: (content, node) => inlineCode(node.textContent ?? ''),
  });

  service.addRule('math', {
    filter: (node) =>
      node.nodeName.toLowerCase() === 'math' ||
      node.classList.contains('mwe-math-element') ||
      node.classList.contains('mwe-math-fallback-image-inline') ||
      node.classList.contains('mwe-math-fallback-image-display'),
    replacement: (content, node) => {
      const math = node.nodeName.toLowerCase() === 'math' ? node : node.querySelector('math') ?? node;
      const latex = mathToLatex(math).trim();
      if (!latex) return '';
      const display =
        !node.closest('table') &&
        (math.getAttribute('display') === 'block' || node.classList.contains('mwe-math-fallback-image-display') || isOnlyChildOfParagraph(node));
      return display ? `\n${displayMath(formatDisplayLatex(latex))}\n` : spacedInlineMath(latex, node);
    },
  });

  service.addRule('katex', {
    filter: (node) => node.classList.contains('katex') || (node.classList.contains('math') && node.nodeName !== 'MATH'),
    replacement: (content, node) => {
      const annotation = node.querySelector('annotation[encoding="application/x-tex"]');
      const latex = (node.getAttribute('data-latex') || annotation?.textContent || node.textContent || '').trim();
      if (!latex) return '';
      const math = node.querySelector('math');
      const inline = node.classList.contains('math-inline') || (!!math && math.getAttribute('display') !== 'block');
      return inline ? inlineMath(latex) : `\n${displayMath(formatDisplayLatex(latex))}\n`;
    },
  });

  // Turndown tries the most recently added rule first, so the footnote rules come after the
  // generic link and <sup> rules they must override.
  service.addRule('footnoteBackLink', {
    filter: (node) =>
      node.nodeName === 'A' && ((node.getAttribute('href') ?? '').includes('#fnref') || node.classList.contains('footnote-backref')),
    replacement: () => '',
  });

  service.addRule('footnoteReference', {
    filter: (node) => node.nodeName === 'SUP' && (node.getAttribute('id') ?? '').startsWith('fnref:'),
    replacement: (content, node) => {
      const label = footnoteLabel((node.getAttribute('id') ?? '').slice('fnref:'.length).split('-')[0]);
      return label ? `[^${label}]` : content;
    },
  });

  service.addRule('footnoteList', {
    filter: (node) => node.nodeName === 'OL' && isElement(node.parentNode) && node.parentNode.getAttribute('id') === 'footnotes',
    replacement: (content, node) => {
      const notes = Array.from(node.children).map((li, index) => {
        const id = footnoteLabel(footnoteId(li)) || String(index + 1);
        const copy = li.cloneNode(true) as Element;
        const sup = copy.querySelector('sup');
        if (sup && sup.textContent?.trim() === id) sup.remove();
        const text = service.turndown(copy as HTMLElement).replace(/\s*↩︎?$/, '').trim();
        return `[^${id.toLowerCase()}]: ${text}`;
      });
      return '\n\n' + notes.join('\n\n') + '\n\n';
    },
  });

  service.addRule('callout', {
    filter: (node) => node.classList.contains('callout') && node.hasAttribute('data-callout'),
    replacement: (content, node) => {
      const type = calloutType(node.getAttribute('data-callout'));
      const fold = node.getAttribute('data-callout-fold');
      const title = inlineText(node.querySelector('.callout-title-inner')?.textContent ?? '') || type.charAt(0).toUpperCase() + type.slice(1);
      const copy = node.cloneNode(true) as Element;
      copy.querySelector('.callout-title')?.remove();
      const body = convert(copy.querySelector('.callout-content') ?? copy).trim();
      const quoted = body.split('\n').map((l) => `> ${l}`).join('\n');
      return `\n\n> [!${type}]${fold === '-' || fold === '+' ? fold : ''} ${title}\n${quoted}\n\n`;
    },
  });
}

/**
 * Markdown for an article's content element: GFM tables, `[^n]` footnotes, `$…$`/`$$…$$` math,
 * fenced code with its language, absolute links and images. Nothing that could run survives:
 * no raw HTML (text that looks like a tag is escaped), no `javascript:`/`data:` addresses.
 */
export function toMarkdown(root: Element, pageUrl?: string): string {
  const service = new TurndownService({
    headingStyle: 'atx',
    hr: '---',
    bulletListMarker: '-',
    codeBlockStyle: 'fenced',
    emDelimiter: '*',
    preformattedCode: true,
  });
  const escape = service.escape.bind(service);
  // Obsidian renders raw HTML in notes, so every `<` of the page's text is escaped: text that
  // reads as a tag (`<img onerror=…>` written as text on the page) must never become one.
  service.escape = (text: string): string => escape(text).replace(/</g, '\\<');
  addRules(service, pageUrl);

  const copy = root.cloneNode(true) as HTMLElement;
  // Parsers may split text at entities (`a `, `<`, `img`); merged, the escapes see whole words.
  copy.normalize();
  let markdown = service.turndown(copy);
  markdown = markdown
    .replace(/^# .+\n+/, '') // the title lives in the front matter and the file name
    .replace(/\n*(?<!!)\[\]\([^)]+\)\n*/g, '') // links with no text
    .replace(/!(?=!\[|\[!\[)/g, '! ')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^([ \t]*>[ \t>]*)(?:\n[ \t]*>[ \t>]*)+$/gm, '$1');
  return guardMarkdown(markdown.trim());
}
