import type { IndexReader } from '../index/index-reader';

/** The index's tokenizer: text to the terms it indexes (lower-cased, stop words out, maybe stemmed). */
export type Tokenize = (text: string) => string[];

/** A term that sets a text apart from the rest of the vault. */
export interface DistinctiveTerm {
  /** The indexed (tokenised) form, as `documentFrequency` knows it. */
  term: string;
  /** A word from the text that tokenises to `term`, so a query can be written in plain words. */
  word: string;
  /** tf × idf. */
  weight: number;
}

// Words as a person would see them; each is tokenised on its own so we keep its surface form.
const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/**
 * The `max` terms of `text` with the highest tf-idf against the index: the keyword side of
 * "more like this". A query of the whole note would be dominated by common words and cost
 * a BM25 pass over every term; a few dozen distinctive ones carry the topic.
 *
 * idf is `ln(1 + N / (df + 1))`: a term in no other note is most distinctive, one in every
 * note is nearly worthless. tf is damped (`1 + ln tf`) so one repeated word cannot take over.
 * With `maxDocShare` below 1, terms found in more than that share of the notes are left out
 * (Lucene's "max doc freq"); `kindred eval --sweep` compares it.
 */
export function distinctiveTerms(
  text: string,
  reader: Pick<IndexReader, 'documentFrequency' | 'noteCount'>,
  tokenize: Tokenize,
  max = 25,
  maxDocShare = 1,
): DistinctiveTerm[] {
  const counts = new Map<string, { count: number; word: string }>();
  const tokenOf = new Map<string, string | null>();
  for (const match of text.matchAll(WORD)) {
    const word = match[0].toLowerCase();
    let term = tokenOf.get(word);
    if (term === undefined) {
      const tokens = tokenize(word);
      term = tokens.length === 1 ? tokens[0] : null;
      tokenOf.set(word, term);
    }
    // Numbers and one-letter tokens are more often footnote marks than topics.
    if (!term || term.length < 3 || /^\d+$/.test(term)) continue;
    const entry = counts.get(term);
    if (entry) entry.count++;
    else counts.set(term, { count: 1, word });
  }
  const n = Math.max(1, reader.noteCount());
  // A term in one note only matches the note itself: the cap never goes below two notes.
  const maxDf = maxDocShare >= 1 ? Infinity : Math.max(2, Math.floor(maxDocShare * n));
  const scored: DistinctiveTerm[] = [];
  for (const [term, { count, word }] of counts) {
    const df = reader.documentFrequency(term);
    if (df > maxDf) continue;
    const idf = Math.log(1 + n / (df + 1));
    scored.push({ term, word, weight: (1 + Math.log(count)) * idf });
  }
  scored.sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1));
  return scored.slice(0, max);
}
