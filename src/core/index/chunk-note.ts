import { maskMarkdown } from './mask-markdown';
import { sha256Hex } from './sha256';
import { USE_TOKENS_PER_WORD } from './token-estimate';

/**
 * Bump when the chunking or the embedded text changes: it is part of every chunk id, so a new
 * version re-embeds everything once, and an unchanged one never does.
 */
export const CHUNKER_VERSION = 1;

export interface ChunkOptions {
  /** Target size of a chunk, in model tokens. */
  maxTokens: number;
  /** Share of a window repeated in the next one when a long section is split. */
  overlap: number;
  /** Model tokens per whitespace word: the measured `USE_TOKENS_PER_WORD` unless a test says otherwise. */
  tokensPerWord: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxTokens: 360, overlap: 0.15, tokensPerWord: USE_TOKENS_PER_WORD };

/** One passage of a note, ready to embed. */
export interface NoteChunk {
  /** Content address: hash of the chunker version and `embeddedText`. */
  id: string;
  headingPath: string[];
  /** Character range in the note's full text. */
  start: number;
  end: number;
  /** What the model sees: title, heading path, then the passage's words. */
  embeddedText: string;
}

interface Word {
  start: number;
  end: number;
}

interface Section {
  headingPath: string[];
  headingText: string;
  words: Word[];
}

const HEADING = /^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;

/**
 * Cuts a note into heading-aware passages of about `maxTokens`: a short note is one chunk, a
 * section that fits is one chunk, a longer section is split by a sliding window with `overlap`.
 * Front matter, fenced code, link definitions and URLs are left out of the embedded text.
 * Nothing is skipped for size.
 */
export function chunkNote(text: string, title: string, options: Partial<ChunkOptions> = {}): NoteChunk[] {
  const opts = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  const masked = maskMarkdown(text, { code: true });
  const sections = splitSections(masked);
  const maxWords = Math.max(8, Math.floor(opts.maxTokens / opts.tokensPerWord));

  const totalWords = sections.reduce((n, s) => n + s.words.length + countWords(s.headingText), 0);
  if (totalWords <= maxWords) {
    // A short note: headings and body together, in reading order.
    const all: Word[] = [];
    for (const section of sections) {
      all.push(...headingWords(masked, section), ...section.words);
    }
    if (all.length === 0) return [];
    all.sort((a, b) => a.start - b.start);
    return [makeChunk(masked, title, [], all)];
  }

  const chunks: NoteChunk[] = [];
  const step = Math.max(1, Math.round(maxWords * (1 - opts.overlap)));
  for (const section of sections) {
    const words = section.words;
    if (words.length === 0) continue;
    if (words.length <= maxWords) {
      chunks.push(makeChunk(masked, title, section.headingPath, words));
      continue;
    }
    for (let from = 0; ; from += step) {
      const to = Math.min(words.length, from + maxWords);
      chunks.push(makeChunk(masked, title, section.headingPath, words.slice(from, to)));
      if (to === words.length) break;
    }
  }
  return chunks;
}

function makeChunk(masked: string, title: string, headingPath: string[], words: Word[]): NoteChunk {
  const body = words.map((w) => masked.slice(w.start, w.end)).join(' ');
  const prefix = headingPath.length > 0 ? `${title}\n${headingPath.join(' > ')}` : title;
  const embeddedText = `${prefix}\n\n${body}`;
  return {
    id: sha256Hex(`kindred-chunk-v${CHUNKER_VERSION}\n${embeddedText}`).slice(0, 32),
    headingPath,
    start: words[0].start,
    end: words[words.length - 1].end,
    embeddedText,
  };
}

// Sections carry the range of their heading line so a short note can keep the heading words.
interface SectionWithRange extends Section {
  headingStart: number;
  headingEnd: number;
}

function splitSections(masked: string): SectionWithRange[] {
  const sections: SectionWithRange[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  let current: SectionWithRange = { headingPath: [], headingText: '', words: [], headingStart: 0, headingEnd: 0 };
  let bodyStart = 0;
  const close = (bodyEnd: number): void => {
    current.words = wordsOf(masked, [bodyStart, bodyEnd]);
    sections.push(current);
  };
  let lineStart = 0;
  while (lineStart < masked.length) {
    let lineEnd = masked.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = masked.length;
    const heading = HEADING.exec(masked.slice(lineStart, lineEnd));
    if (heading) {
      close(lineStart);
      const level = heading[1].length;
      const headingText = heading[2].trim();
      while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop();
      stack.push({ level, text: headingText });
      current = {
        headingPath: stack.map((h) => h.text),
        headingText,
        words: [],
        headingStart: lineStart,
        headingEnd: lineEnd,
      };
      bodyStart = lineEnd;
    }
    lineStart = lineEnd + 1;
  }
  close(masked.length);
  return sections;
}

/** The words of a section's heading line, without its '#' marks. */
function headingWords(masked: string, section: SectionWithRange): Word[] {
  if (!section.headingText) return [];
  return wordsOf(masked, [section.headingStart, section.headingEnd]).filter((w) => !/^#{1,6}$/.test(masked.slice(w.start, w.end)));
}

function wordsOf(masked: string, range: [number, number] | null): Word[] {
  if (range === null) return [];
  const words: Word[] = [];
  const re = /\S+/g;
  re.lastIndex = range[0];
  for (let m = re.exec(masked); m !== null && m.index < range[1]; m = re.exec(masked)) {
    words.push({ start: m.index, end: m.index + m[0].length });
  }
  return words;
}

function countWords(text: string): number {
  return text ? text.split(/\s+/).filter(Boolean).length : 0;
}
