import type { Passage } from '../../core/rank/passage';
import { plainText } from '../../core/rank/plain-passage';

const HIGHLIGHT_ON = '\x1b[1;33m';
const HIGHLIGHT_OFF = '\x1b[0m';
/** Stand-ins for the highlight's start and end while the text is cut to length. */
const MARK = { on: '\u0001', off: '\u0002' };

/** Shortens text to one readable line for a terminal. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1).trimEnd() + '…';
}

/** "Heading > Sub: text…", or just the text before the first heading, as plain text. */
export function passageLine(passage: Passage, colour = false, max = 160): string {
  // Marked words are cut to length as sentinels, so an escape sequence is never cut in half.
  let text = excerpt(plainText(passage.text, colour ? MARK : undefined), max);
  if (colour) {
    if (text.lastIndexOf(MARK.on) > text.lastIndexOf(MARK.off)) text += MARK.off;
    text = text.replaceAll(MARK.on, HIGHLIGHT_ON).replaceAll(MARK.off, HIGHLIGHT_OFF);
  }
  return passage.heading ? `${passage.heading}: ${text}` : text;
}

/** Scores with a fixed width so columns line up. */
export function formatScore(score: number): string {
  return score.toFixed(3);
}

/** Bytes as a short human figure. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Longest query text echoed back whole; a longer one is shown by its start and its length. */
const ECHO_MAX = 80;

/** A query as the results' header repeats it: quoted, and never a page of text. */
export function quotedQuery(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= ECHO_MAX) return `"${flat}"`;
  return `"${flat.slice(0, 60).trimEnd()}…" (${text.length.toLocaleString('en-US')} characters)`;
}
