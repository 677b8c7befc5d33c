import { parseFrontMatter } from '../front-matter';
import { maskMarkdown } from './mask-markdown';
import { sha256Hex } from './sha256';
import { USE_TOKENS_PER_WORD } from './token-estimate';

/**
 * Bump when the chunking or the embedded text changes: an index made by another version cuts
 * every note again (in the background, each note answering from its old passages until then).
 * Only passages whose embedded text changed are embedded again: a chunk's id is the hash of what
 * the model reads ({@link EMBEDDING_RECIPE}), not of the chunker's version.
 * 2: clean text (navigation rows, link markup, quote and list marks left out), short sections
 * merged into their neighbour, and no file name as the title.
 * 3: lines the vault repeats left out (repeated-lines.ts), and each record keeps its lines' hashes.
 */
export const CHUNKER_VERSION = 3;

/**
 * Bump when the same embedded text would give another vector (another tokenizer, another cap on
 * what the model reads): it is part of every chunk id, so a new recipe embeds everything again.
 */
export const EMBEDDING_RECIPE = 1;

export interface ChunkOptions {
  /** Target size of a chunk, in model tokens. */
  maxTokens: number;
  /** Share of a window repeated in the next one when a long section is split. */
  overlap: number;
  /** Model tokens per whitespace word: the measured `USE_TOKENS_PER_WORD` unless a test says otherwise. */
  tokensPerWord: number;
  /** Sections of fewer words join their neighbour instead of making a passage of their own. */
  minWords: number;
  /** Which passages the model reads the note's front matter title in (see {@link TitlePlacement}). */
  title: TitlePlacement;
}

/**
 * Where the note's front matter title is embedded: before every passage, before the first only
 * (the note's opening), or nowhere (the model reads the heading path and the words alone).
 * Every passage stays the default: on ArguAna's development queries over a 3,340-argument
 * subset, whose titles are topic tags shared by a whole debate, semantic search scored nDCG@10
 * 0.487 with the title on every passage, 0.476 on the first only and 0.483 with none, and
 * related notes by vector alone 0.628, 0.638 and 0.494: the tags cost nothing there.
 */
export type TitlePlacement = 'every' | 'first' | 'none';

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = {
  maxTokens: 360,
  overlap: 0.15,
  tokensPerWord: USE_TOKENS_PER_WORD,
  minWords: 24,
  title: 'every',
};

/** One passage of a note, ready to embed. */
export interface NoteChunk {
  /** Content address: hash of the chunker version and `embeddedText`. */
  id: string;
  headingPath: string[];
  /** Character range in the note's full text. */
  start: number;
  end: number;
  /** What the model sees: the note's front matter title, the heading path, then the passage's words. */
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
 * A section of fewer than `minWords` words joins the passage before it (or, at the start, the
 * one after), and a window's short tail joins the window: a passage that short carries too
 * little meaning to be embedded alone. The model reads the note's front matter title, the
 * heading path and the words a reader reads (see `maskMarkdown`); never the file name, so a
 * rename embeds nothing. Nothing is skipped for size.
 */
export function chunkNote(text: string, options: Partial<ChunkOptions> = {}): NoteChunk[] {
  const opts = { ...DEFAULT_CHUNK_OPTIONS, ...options };
  const title = frontMatterTitle(text);
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
    return [makeChunk(masked, opts.title === 'none' ? '' : title, [], all)];
  }

  const chunks: NoteChunk[] = [];
  const step = Math.max(1, Math.round(maxWords * (1 - opts.overlap)));
  for (const passage of mergeShortSections(sections, opts.minWords, maxWords)) {
    const words = passage.words;
    for (let from = 0; ; from += step) {
      let to = Math.min(words.length, from + maxWords);
      if (words.length - to < opts.minWords) to = words.length;
      const titled = opts.title === 'every' || (opts.title === 'first' && chunks.length === 0);
      chunks.push(makeChunk(masked, titled ? title : '', passage.headingPath, words.slice(from, to)));
      if (to === words.length) break;
    }
  }
  return chunks;
}

/** The sections with words, each one shorter than `minWords` joined to a neighbour. */
function mergeShortSections(sections: readonly Section[], minWords: number, maxWords: number): Section[] {
  const out: Section[] = [];
  let pending: Word[] = [];
  for (const section of sections) {
    const words = section.words;
    if (words.length === 0) continue;
    if (words.length < minWords) {
      const last = out[out.length - 1];
      if (last && last.words.length + words.length <= maxWords) last.words = [...last.words, ...words];
      else pending = [...pending, ...words];
      continue;
    }
    out.push({ ...section, words: [...pending, ...words] });
    pending = [];
  }
  if (pending.length > 0) {
    if (out.length > 0) out[out.length - 1].words.push(...pending);
    else out.push({ headingPath: [], headingText: '', words: pending });
  }
  return out;
}

/** The note's own title, from its front matter; '' without one (the file name is not the note's text). */
function frontMatterTitle(text: string): string {
  const title = parseFrontMatter(text)?.title;
  return typeof title === 'string' ? title.trim() : '';
}

function makeChunk(masked: string, title: string, headingPath: string[], words: Word[]): NoteChunk {
  const body = words.map((w) => masked.slice(w.start, w.end)).join(' ');
  const prefix = [title, headingPath.join(' > ')].filter(Boolean).join('\n');
  const embeddedText = prefix ? `${prefix}\n\n${body}` : body;
  return {
    id: sha256Hex(`kindred-chunk-v${EMBEDDING_RECIPE}\n${embeddedText}`).slice(0, 32),
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
