import { stopwords as englishStopwords } from '@orama/stopwords/english';

/**
 * The index's tokenizer, shared by indexing and by ranking so queries and notes are cut the
 * same way: lower case, runs of letters and digits (apostrophes inside words kept), English stop
 * words removed. No stemming: it has not been measured to help on this corpus yet.
 */

const STOP_WORDS: ReadonlySet<string> = new Set(englishStopwords);
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** The terms of `text`, in order, duplicates kept. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const term = match[0].replace(/’/g, "'");
    if (!STOP_WORDS.has(term)) out.push(term);
  }
  return out;
}

/** Whether `term` (already lower case) is dropped as a stop word. */
export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}
