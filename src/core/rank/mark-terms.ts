import type { Tokenize } from './distinctive-terms';

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu;

/**
 * Wraps every word of `text` that tokenises to one of `terms` in `==…==`, Obsidian's
 * highlight syntax, so a matched word shows highlighted in a note preview and stays readable
 * as plain text in a terminal. Returns the text and how many distinct terms matched.
 */
export function markTerms(
  text: string,
  terms: ReadonlySet<string>,
  tokenize: Tokenize,
): { text: string; matched: number } {
  const seen = new Set<string>();
  const cache = new Map<string, boolean>();
  const marked = text.replace(WORD, (word) => {
    const lower = word.toLowerCase();
    let hit = cache.get(lower);
    if (hit === undefined) {
      const tokens = tokenize(lower);
      hit = tokens.length > 0 && tokens.every((t) => terms.has(t));
      if (hit) for (const t of tokens) seen.add(t);
      cache.set(lower, hit);
    } else if (hit) {
      for (const t of tokenize(lower)) seen.add(t);
    }
    return hit ? `==${word}==` : word;
  });
  return { text: marked, matched: seen.size };
}

/** How many distinct `terms` occur in `text`, without marking it. */
export function countMatchedTerms(text: string, terms: ReadonlySet<string>, tokenize: Tokenize): number {
  const seen = new Set<string>();
  for (const t of tokenize(text)) if (terms.has(t)) seen.add(t);
  return seen.size;
}
