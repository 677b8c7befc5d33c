import { splitFrontMatter } from '../front-matter';
import { fnv1a32 } from './fnv1a';
import { fencedCodeRanges } from './mask-markdown';

/**
 * Lines a reader skips because the vault repeats them: a template's fixed lines, a site's
 * chrome in every clipped page, a "Subscribe" footer. Such a line says nothing about the note
 * it is in, yet it made every note that has it look alike to the embedder and the counter. A
 * line counts as repeated when it is in at least `REPEATED_MIN_NOTES` notes and in more than
 * `REPEATED_SHARE` of them (the issue's "more than 5% of notes and at least 20 of them"), so a
 * small vault, or a phrase a few notes share, keeps every line.
 *
 * Whether a line is repeated depends on the whole vault, and only on the notes' own texts (the
 * counts come from the text as written, never from what was blanked): however the notes were
 * indexed, in whatever order, the same vault blanks the same lines.
 */
export const REPEATED_MIN_NOTES = 20;
export const REPEATED_SHARE = 0.05;

/** Lines shorter (once trimmed) are marks and separators, longer ones are prose. */
const MIN_LINE_CHARS = 8;
const MAX_LINE_CHARS = 300;
/**
 * Candidates are taken from the top and the bottom of a note, this many from each: templates,
 * navigation and footers sit there, and a cap keeps what the index holds per note small however
 * long the note's lists are.
 */
export const EDGE_LINES = 12;
const HEADING = /^ {0,3}#{1,6}[ \t]/;
const LETTER = /\p{L}/u;

/** A line of a note's body that could be boilerplate: the hash of its words, and where it is. */
export interface CandidateLine {
  hash: number;
  start: number;
  end: number;
}

/**
 * The lines of `text` that may count as repeated: body lines (not the front matter, not fenced
 * code, not headings, whose text is the note's structure) of 8 to 300 characters with a letter,
 * each hashed from its trimmed, lower-cased words (32 bits: a collision blanks a line only if
 * the line it collides with repeats); the first and last `EDGE_LINES` of them.
 */
export function candidateLines(text: string): CandidateLine[] {
  const { bodyStart } = splitFrontMatter(text);
  const code = fencedCodeRanges(text);
  const out: CandidateLine[] = [];
  let c = 0;
  let lineStart = bodyStart;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    while (c < code.length && code[c][1] < lineStart) c++;
    const inCode = c < code.length && code[c][0] <= lineStart;
    if (!inCode) {
      const line = text.slice(lineStart, lineEnd);
      const words = line.trim().replace(/\s+/g, ' ').toLowerCase();
      if (words.length >= MIN_LINE_CHARS && words.length <= MAX_LINE_CHARS && LETTER.test(words) && !HEADING.test(line)) {
        out.push({ hash: fnv1a32(words), start: lineStart, end: lineEnd });
      }
    }
    lineStart = lineEnd + 1;
  }
  return out.length <= 2 * EDGE_LINES ? out : [...out.slice(0, EDGE_LINES), ...out.slice(-EDGE_LINES)];
}

/** The distinct hashes of a note's candidate lines, ascending: what its record keeps. */
export function lineHashes(text: string, lines: readonly CandidateLine[] = candidateLines(text)): number[] {
  return [...new Set(lines.map((l) => l.hash))].sort((a, b) => a - b);
}

/**
 * `text` with every repeated line blanked by spaces, so every offset (a passage's start and end,
 * shown from the note as written) stays where it was. The same string when none repeats.
 */
export function blankRepeatedLines(text: string, isRepeated: (hash: number) => boolean, lines: readonly CandidateLine[] = candidateLines(text)): string {
  let out = '';
  let at = 0;
  for (const line of lines) {
    if (!isRepeated(line.hash)) continue;
    out += text.slice(at, line.start) + ' '.repeat(line.end - line.start);
    at = line.end;
  }
  return at === 0 ? text : out + text.slice(at);
}

/**
 * How many notes hold each candidate line, kept by `NoteRecords` as records change (from the
 * `lines` each record keeps), and which lines are repeated.
 */
export class LineCounts {
  private readonly counts = new Map<number, number>();
  private notes = 0;
  /** The last answer of `repeated()`, its threshold, and the lines counted since (an edit looks at its own lines only). */
  private known: { repeated: Set<number>; threshold: number } | null = null;
  private touched = new Set<number>();

  /** `settle`: brings the counts up to date before any of them is read or changed (counting put off, note-records.ts). */
  constructor(private readonly settle: () => void = () => {}) {}

  get noteCount(): number {
    this.settle();
    return this.notes;
  }

  /** A note with these distinct line hashes joins the counts. */
  add(hashes: readonly number[] | undefined): void {
    this.settle();
    this.notes++;
    // Lines touched only matter once there is an answer to correct (`repeated`); opening counts every note's lines before there is.
    const touched = this.known ? this.touched : null;
    for (const h of hashes ?? []) {
      this.counts.set(h, (this.counts.get(h) ?? 0) + 1);
      touched?.add(h);
    }
  }

  /** A note with these distinct line hashes leaves the counts (as it was added); nothing when `present` is false. */
  remove(hashes: readonly number[] | undefined, present = true): void {
    this.settle();
    if (!present) return;
    this.notes = Math.max(0, this.notes - 1);
    for (const h of hashes ?? []) {
      const n = (this.counts.get(h) ?? 0) - 1;
      if (n > 0) this.counts.set(h, n);
      else this.counts.delete(h);
      this.touched.add(h);
    }
  }

  /** Every line repeated in the vault as the counts stand (a new set each call). */
  repeated(): Set<number> {
    this.settle();
    const threshold = repeatedThreshold(this.notes);
    let out: Set<number>;
    if (this.known && this.known.threshold === threshold) {
      out = new Set(this.known.repeated);
      for (const h of this.touched) {
        if ((this.counts.get(h) ?? 0) >= threshold) out.add(h);
        else out.delete(h);
      }
    } else {
      out = new Set();
      for (const [h, n] of this.counts) if (n >= threshold) out.add(h);
    }
    this.known = { repeated: out, threshold };
    this.touched = new Set();
    return new Set(out);
  }

  /**
   * Whether a line is repeated once a note holding `lines` is put in place of one holding `old`
   * (`undefined` for a new note): the note is chunked as it will stand in the counts.
   */
  repeatedFor(lines: readonly number[], old: readonly number[] | undefined): (hash: number) => boolean {
    this.settle();
    const threshold = repeatedThreshold(this.notes + (old === undefined ? 1 : 0));
    const had = new Set(old ?? []);
    const has = new Set(lines);
    return (h) => (this.counts.get(h) ?? 0) - (had.has(h) ? 1 : 0) + (has.has(h) ? 1 : 0) >= threshold;
  }
}

/** The fewest notes a line must be in to count as repeated in a vault of `notes` notes. */
export function repeatedThreshold(notes: number): number {
  return Math.max(REPEATED_MIN_NOTES, Math.floor(REPEATED_SHARE * notes) + 1);
}

/** A note's text as its record was chunked: the lines it `blanked` left out (the text itself when none). */
export function readableText(text: string, record: { blanked?: readonly number[] }): string {
  const blanked = record.blanked;
  if (!blanked || blanked.length === 0) return text;
  const set = new Set(blanked);
  return blankRepeatedLines(text, (h) => set.has(h));
}
