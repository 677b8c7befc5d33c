import { splitFrontMatter } from '../front-matter';

/**
 * Blanks out the parts of a note that carry no meaning for the embedder or the keyword index,
 * replacing each character with a space (newlines kept). The result has the note's exact length,
 * so every offset found in it is an offset in the note itself: chunk ranges stay true.
 */

export interface MaskOptions {
  /** Blank fenced code blocks (true for embedding; keyword search keeps code). */
  code: boolean;
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const LINK_DEFINITION = /^ {0,3}\[[^\]\n]+\]:[ \t]*\S+.*$/gm;
const URL = /\b(?:https?|ftp):\/\/[^\s<>()[\]]+|\bwww\.[^\s<>()[\]]+\.[^\s<>()[\]]+/g;
const LINK_TARGET = /\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"\n]*")?\)/g;
const HTML_COMMENT = /<!--[\s\S]*?-->/g;
const OBSIDIAN_COMMENT = /%%[\s\S]*?%%/g;

/** `text` with front matter, link definitions, URLs, link targets, comments (and fenced code) blanked. */
export function maskMarkdown(text: string, options: MaskOptions): string {
  const chars = text.split('');
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  blank(0, splitFrontMatter(text).bodyStart);
  if (options.code) for (const [from, to] of fencedCodeRanges(text)) blank(from, to);
  for (const pattern of [HTML_COMMENT, OBSIDIAN_COMMENT, LINK_DEFINITION, LINK_TARGET, URL]) {
    for (const match of text.matchAll(pattern)) {
      // A link target keeps its closing bracket's partner readable: "[text](url)" → "[text]      ".
      const skip = pattern === LINK_TARGET ? 1 : 0;
      blank(match.index + skip, match.index + match[0].length);
    }
  }
  return chars.join('');
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
