import { longestBacktickRun } from './markdown-escape';

// The last step of every clip: a check over the whole note that trusts nothing the rules before
// it did. A markdown renderer with raw HTML on (markdown-it, marked, a static site) turns a `<`
// into a tag and follows any link; Obsidian sanitises, other tools may not. So:
//
// - Fenced code stays as it is, but only code this check can prove is code: a fence in the
//   shapes the converter writes (after `> ` and tab prefixes, or a list marker), every line up
//   to the closing fence under the same prefix, and no backtick run inside as long as the fence.
//   Anything else that looks like a fence is escaped (`\```) so no renderer opens one either.
// - Outside that code every `<` that could open a tag, a comment or an autolink (a letter, `/`,
//   `!` or `?` after it) is escaped, except the attribute-free `<sup>`, `<sub>` and
//   `<code>` the converter writes, and those too when alone at the start of a line (where they
//   would open an HTML block, in which escapes stop working).
// - Every link or image destination and every possible reference definition is read as a
//   browser would read the URL (escapes and entities decoded, whitespace and controls dropped)
//   and removed unless it is relative or http, https or mailto.

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);
const ALLOWED_TAG = /^<\/?(?:sup|sub|code)>/;
/** What may follow a `<` that opens a tag, a comment, a declaration or an autolink. */
const TAG_START = /[A-Za-z/!?]/;
/** What may stand before a block's content on a line: quote markers, indentation, list markers. */
const LINE_START = /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*$/;
/** A fence this check accepts: `> ` and tab prefixes, optionally a list marker, then backticks. */
const OPENER = /^((?:> |\t)*)((?:-|\d{1,2}\.) )?(`{3,})([^`]*)$/;
/** Anything a renderer might open a fence on (more than `OPENER` accepts). */
const FENCE_LIKE = /^([ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+[ \t>]*)*)([`~]{3})/;

/** Escapes a fence-looking line's first fence character, so no renderer opens a block there. */
function neutraliseFence(line: string): string {
  return line.replace(FENCE_LIKE, '$1\\$2');
}

/** The line after `opener` that closes its block, or -1 when the block cannot be proven closed. */
function closingLine(lines: string[], opener: number, prefix: string, fence: number): number {
  // A blank line inside a quote is `>` or `> `; without a quote a tab-indented block has none.
  const blank = prefix.includes('\t') ? null : prefix.trimEnd();
  const closer = new RegExp(`^\`{${fence},}[ \\t]*$`);
  for (let j = opener + 1; j < lines.length; j++) {
    const line = lines[j];
    let rest: string;
    if (line.startsWith(prefix)) rest = line.slice(prefix.length);
    else if (line === blank) rest = '';
    else return -1;
    if (closer.test(rest)) return j;
    if (longestBacktickRun(rest) >= fence) return -1;
  }
  return -1;
}

/** Marks the lines inside proven code blocks, neutralising every other fence-like line. */
function findCode(lines: string[]): boolean[] {
  const code = new Array<boolean>(lines.length).fill(false);
  for (let i = 0; i < lines.length; i++) {
    const opener = OPENER.exec(lines[i]);
    const close = opener ? closingLine(lines, i, opener[2] ? `${opener[1]}\t` : opener[1], opener[3].length) : -1;
    if (close < 0) {
      if (FENCE_LIKE.test(lines[i])) lines[i] = neutraliseFence(lines[i]);
      continue;
    }
    for (let j = i; j <= close; j++) code[j] = true;
    i = close;
  }
  return code;
}

/** Escapes every `<` of a line that is not already escaped and not an allowed tag in a safe place. */
function escapeTags(line: string): string {
  let out = '';
  let backslashes = 0;
  for (let k = 0; k < line.length; k++) {
    const char = line[k];
    if (char === '<' && backslashes % 2 === 0 && TAG_START.test(line[k + 1] ?? '')) {
      const tag = ALLOWED_TAG.exec(line.slice(k));
      const opensBlock = !!tag && LINE_START.test(line.slice(0, k)) && !line.slice(k + tag[0].length).trim();
      out += tag && !opensBlock ? char : '\\<';
    } else out += char;
    backslashes = char === '\\' ? backslashes + 1 : 0;
  }
  return out;
}

const NAMED_URL_ENTITIES: Record<string, string> = { colon: ':', tab: '\t', newline: '\n', sol: '/', period: '.', lpar: '(', rpar: ')' };

function codePoint(value: number): string {
  return value > 0 && value <= 0x10ffff ? String.fromCodePoint(value) : '';
}

/**
 * Whether a destination, read the way renderers and browsers read it, could run or load
 * something: a scheme other than http, https or mailto once backslash escapes and character
 * references are decoded and whitespace and control characters dropped (`java&#x09;script:`,
 * `&#106;avascript:`, ` JaVaScRiPt:`). A named reference before the first `/`, `?` or `#` that
 * is not one of the few decoded here counts as unsafe: it could be hiding the colon.
 */
export function isUnsafeDestination(raw: string): boolean {
  let url = raw.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  url = url.replace(/&#(?:[xX]([0-9a-fA-F]{1,8})|(\d{1,9}));?/g, (_m, hex?: string, dec?: string) => codePoint(hex ? parseInt(hex, 16) : Number(dec)));
  url = url.replace(/&([a-zA-Z]+);/g, (whole, name: string) => NAMED_URL_ENTITIES[name.toLowerCase()] ?? whole);
  url = url.replace(/[\s\p{Cc}]/gu, '').replace(/^<+/, '');
  if (/&[a-zA-Z]/.test(url.split(/[/?#]/)[0])) return true;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url);
  return !!scheme && !SAFE_SCHEMES.has(scheme[1].toLowerCase());
}

/** Where the destination starting at `from` ends, as CommonMark reads one (`<…>` or a run with balanced parentheses). */
function destinationEnd(text: string, from: number): number {
  let k = from;
  if (text[k] === '<') {
    while (k < text.length && text[k] !== '>' && text[k] !== '\n') k += text[k] === '\\' ? 2 : 1;
    return Math.min(k + 1, text.length);
  }
  let depth = 0;
  while (k < text.length && !/[\s\p{Cc}]/u.test(text[k])) {
    const char = text[k];
    if (char === '\\') k++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth < 0) break;
    k++;
  }
  return Math.min(k, text.length);
}

/** The start of a destination after `](` or `]:` at `from`: spaces, at most one line break, spaces. */
function destinationStart(text: string, from: number): number {
  return from + (/^[ \t]*(?:\n[ \t]*)?/.exec(text.slice(from))?.[0].length ?? 0);
}

/**
 * Removes each unsafe destination: of inline links and images (`](…`) and of whatever could
 * be a reference definition (`]: …` followed by nothing, or by a title, on its line). An
 * escaped `\]` counts too: marked unescapes the brackets of link text before reading it again.
 */
function dropUnsafeDestinations(text: string): string {
  let out = '';
  let copied = 0;
  for (let k = 0; k < text.length - 1; k++) {
    if (text[k] !== ']' || (text[k + 1] !== '(' && text[k + 1] !== ':')) continue;
    const start = destinationStart(text, k + 2);
    const end = destinationEnd(text, start);
    if (end <= start) continue;
    const definition = text[k + 1] === ':';
    if (definition && !/^[ \t]*(?:$|\n|["'(])/.test(text.slice(end))) continue; // prose, not a definition
    if (!isUnsafeDestination(text.slice(start, end))) continue;
    out += text.slice(copied, start);
    copied = end;
    k = end - 1;
  }
  return out + text.slice(copied);
}

/**
 * The note's markdown with nothing left that a renderer could run or follow to a script: see
 * the rules above. Idempotent, and a no-op on the markdown the converter writes for an honest page.
 */
export function guardMarkdown(markdown: string): string {
  const lines = markdown.split('\n');
  const code = findCode(lines);
  const out: string[] = [];
  let prose: string[] = [];
  const flush = (): void => {
    if (prose.length) out.push(dropUnsafeDestinations(prose.join('\n')));
    prose = [];
  };
  lines.forEach((line, i) => {
    if (code[i]) {
      flush();
      out.push(line);
    } else prose.push(escapeTags(line));
  });
  flush();
  return out.join('\n');
}
