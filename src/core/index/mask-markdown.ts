import { splitFrontMatter } from '../front-matter';

/**
 * Blanks out what a reader of a note does not read, for the embedder and the keyword index:
 * each such character becomes a space (newlines kept). The result has the note's exact length,
 * so every offset found in it is an offset in the note itself: chunk ranges stay true.
 *
 * Blanked: front matter; comments; link definitions, URLs and link targets; the markup of links
 * (`[text](url)` and `[text][8]` read as "text", `[[target|alias]]` as "alias", `[[target]]` as
 * "target"); footnote marks; rows of navigation links (`[Home][4][About][5]…`,
 * `[Source][1][Markdown][2] · [Talk][3]`: two or more links and nothing else); quote, list and
 * table markup, emphasis marks and HTML tags; lines with no letter or digit at all (`❦`, `---`).
 * Heading lines keep their `#` marks: the chunker finds sections by them. With `code`, fenced
 * code blocks too (the keyword index keeps code).
 */

export interface MaskOptions {
  /** Blank fenced code blocks (true for embedding; keyword search keeps code). */
  code: boolean;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const LINK_DEFINITION = /^ {0,3}\[(?!\^)[^\]\n]+\]:[ \t]*\S+.*$/gm;
const AUTOLINK = /<(?:https?|ftp|mailto):[^<>\s]*>/g;
const URL = /\b(?:https?|ftp):\/\/[^\s<>()[\]]+|\bwww\.[^\s<>()[\]]+\.[^\s<>()[\]]+/g;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const OBSIDIAN_COMMENT = /%%[\s\S]*?%%/g;
/** Links whose text is read and whose markup is not: group 1 is the text (it may wrap, within a paragraph). */
const INLINE_LINK = /!?\[((?:[^\]\n]|\n(?![ \t]*\n))*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)/g;
const REFERENCE_LINK = /!?\[((?:[^\]\n]|\n(?![ \t]*\n))*)\]\[[^\]\n]*\]/g;
const WIKI_ALIASED = /!?\[\[[^\]|\n]*\|([^\]\n]*)\]\]/g;
const WIKI_PLAIN = /!?\[\[([^\]|#^\n]*)(?:[#^][^\]|\n]*)?\]\]/g;
/** Any link, for telling a row of navigation links from prose. */
const ANY_LINK = /!?\[\[[^\]\n]*\]\]|!?\[[^\]\n]*\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)|!?\[[^\]\n]*\]\[[^\]\n]*\]/g;
const NAVIGATION_SEPARATORS = /^[\s|·•‧∙,/\\–—-]*$/u;
const FOOTNOTE_MARK = /\[\^[^\]\s]+\](?::)?/g;
const QUOTE_OR_LIST_MARKS = /^[ \t]*(?:>[ \t>]*)?(?:(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?)?/gm;
const TABLE_RULE = /^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$/gm;
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?\/?>/g;
/** `**`, `*`, `~~`, `==`, `|` anywhere; `_` only at a word's edge (snake_case stays). */
const EMPHASIS = /\*+|~~|==|\||(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** `text` with everything a reader does not read blanked (see above). */
export function maskMarkdown(text: string, options: MaskOptions): string {
  const chars = text.split('');
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  const bodyStart = splitFrontMatter(text).bodyStart;
  blank(0, bodyStart);
  const code = fencedCodeRanges(text);
  if (options.code) for (const [from, to] of code) blank(from, to);
  const inCode = (at: number): boolean => insideRange(code, at);
  /** Blanks every match outside code; `keep` gives where the read text of a link starts in it (group 1). */
  const blankAll = (pattern: RegExp, keep?: (match: string) => number): void => {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      if (start < bodyStart || inCode(start)) continue;
      const end = start + match[0].length;
      if (!keep || match[1] === undefined) {
        blank(start, end);
        continue;
      }
      const textStart = start + keep(match[0]);
      blank(start, textStart);
      blank(textStart + match[1].length, end);
    }
  };
  const afterBracket = (match: string): number => match.indexOf('[') + 1;
  const afterPipe = (match: string): number => match.indexOf('|') + 1;
  const afterBrackets = (match: string): number => match.indexOf('[[') + 2;

  blankAll(HTML_COMMENT);
  blankAll(OBSIDIAN_COMMENT);
  blankAll(LINK_DEFINITION);
  blankNavigationRows(text, bodyStart, inCode, blank);
  blankAll(WIKI_ALIASED, afterPipe);
  blankAll(WIKI_PLAIN, afterBrackets);
  blankAll(INLINE_LINK, afterBracket);
  blankAll(REFERENCE_LINK, afterBracket);
  blankAll(AUTOLINK);
  blankAll(URL);
  blankAll(FOOTNOTE_MARK);
  blankAll(TABLE_RULE);
  blankAll(QUOTE_OR_LIST_MARKS);
  blankAll(HTML_TAG);
  blankAll(EMPHASIS);
  // A line left with no letter or digit says nothing: "❦", "* * *", a row of dashes.
  let lineStart = bodyStart;
  for (let i = bodyStart; i <= chars.length; i++) {
    if (i < chars.length && chars[i] !== '\n') continue;
    const line = chars.slice(lineStart, i).join('');
    if (!HAS_WORD.test(line) && !inCode(lineStart)) blank(lineStart, i);
    lineStart = i + 1;
  }
  return chars.join('');
}

/** Blanks each line made of two or more links and nothing but separators: site navigation, not prose. */
function blankNavigationRows(text: string, bodyStart: number, inCode: (at: number) => boolean, blank: (from: number, to: number) => void): void {
  let lineStart = bodyStart;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    if (line.includes('](') || line.includes('][') || line.includes('[[')) {
      const links = line.match(ANY_LINK)?.length ?? 0;
      if (links >= 2 && NAVIGATION_SEPARATORS.test(line.replace(ANY_LINK, '')) && !inCode(lineStart)) blank(lineStart, lineEnd);
    }
    lineStart = lineEnd + 1;
  }
}

/** Whether `at` falls in one of the sorted, disjoint `ranges` (a binary search: a note may have many). */
function insideRange(ranges: ReadonlyArray<readonly [number, number]>, at: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (at < ranges[mid][0]) hi = mid - 1;
    else if (at >= ranges[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Character ranges of fenced code blocks, fences included; an unclosed fence runs to the end. */
export function fencedCodeRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let open: { char: string; length: number; start: number } | null = null;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const fence = FENCE_OPEN.exec(line);
    if (open === null) {
      if (fence) open = { char: fence[1][0], length: fence[1].length, start: lineStart };
    } else if (fence && fence[1][0] === open.char && fence[1].length >= open.length && line.trim() === fence[1]) {
      ranges.push([open.start, lineEnd]);
      open = null;
    }
    lineStart = lineEnd + 1;
  }
  if (open !== null) ranges.push([open.start, text.length]);
  return ranges;
}
