import MarkdownIt from 'markdown-it';
import { Marked } from 'marked';
import { parseHTML } from 'linkedom';

// What a clipped note turns into in a markdown renderer that lets raw HTML through, and what in
// that HTML could run. Obsidian sanitises what it renders; these renderers do not, so a note
// that is safe here is safe wherever it is opened (a static site, another editor, a preview).

/** Every element standard markdown can produce, plus the attribute-free tags Kindred writes itself. */
export const ALLOWED_ELEMENTS = new Set([
  'html', 'head', 'body', 'p', 'a', 'img', 'em', 'strong', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'blockquote', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'del', 's', 'input',
  'sup', 'sub',
]);

/** Attributes the two renderers write themselves (`style` only for table cell alignment). */
const ALLOWED_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'class', 'start', 'type', 'checked', 'disabled', 'align', 'style']);

/** As a browser reads a URL: tabs and newlines anywhere and leading C0 controls and spaces do not count. */
function browserUrl(value: string): string {
  return value.replace(/[\t\n\r]/g, '').replace(/^[\p{Cc} ]+/u, '').toLowerCase();
}

/** A scheme other than these in a link or image address is reported (`javascript:`, `data:`, `vbscript:`, `file:`…). */
const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const URL_ATTRIBUTES = new Set(['href', 'src']);

function dangerousUrl(value: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(browserUrl(value));
  return !!scheme && !SAFE_SCHEMES.has(scheme[1]);
}

const markdownIt = new MarkdownIt({ html: true });
const marked = new Marked({ gfm: true });

export const RENDERERS: Record<string, (markdown: string) => string> = {
  'markdown-it (html: true)': (markdown) => markdownIt.render(markdown),
  'marked (gfm)': (markdown) => marked.parse(markdown, { async: false }),
};

/** What in one rendering could run or load: elements outside the list, event handlers, dangerous URLs. */
export function liveParts(html: string): string[] {
  const { document } = parseHTML(`<!DOCTYPE html><html><head></head><body>${html}</body></html>`);
  const found: string[] = [];
  for (const element of Array.from(document.querySelectorAll('*'))) {
    const name = element.localName.toLowerCase();
    if (!ALLOWED_ELEMENTS.has(name)) found.push(`<${name}> element`);
    for (const attribute of Array.from(element.attributes)) {
      const attr = attribute.name.toLowerCase();
      if (!ALLOWED_ATTRIBUTES.has(attr)) found.push(`${attr}= on <${name}>`);
      else if (attr === 'style' && !/^text-align:\s*\w+;?$/.test(attribute.value)) found.push(`style="${attribute.value}" on <${name}>`);
      if (URL_ATTRIBUTES.has(attr) && dangerousUrl(attribute.value)) found.push(`${attr}="${attribute.value.slice(0, 60)}" on <${name}>`);
    }
    if (name === 'input' && element.getAttribute('type') !== 'checkbox') found.push('<input> that is not a task checkbox');
  }
  return found;
}

/** The live parts of a markdown text in each renderer, keyed by renderer; empty when it is safe. */
export function liveInRenderers(markdown: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, render] of Object.entries(RENDERERS)) {
    const live = liveParts(render(markdown));
    if (live.length) out[name] = live;
  }
  return out;
}
