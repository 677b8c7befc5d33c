/**
 * USE-lite's SentencePiece tokenizer, in time linear in the text's length.
 *
 * The USE package's `Tokenizer.encode` copies the rest of the text at every position
 * (`symbols.slice(i)` before each trie lookup), so a text of n characters costs n²/2 copies:
 * a 200,000-character chunk (a note of nested blockquotes) took minutes, a 100,000-character
 * query 25 s. This is the same algorithm (the Viterbi pass over a lattice of vocabulary pieces)
 * without the copies, and gives the same ids for every input (tested against the package's own
 * tokenizer, quirks included); each trie walk stops at the longest piece, 16 characters.
 *
 * What the model sees is also capped: {@link MAX_MODEL_CHARS} characters of any text.
 */

/** The vocabulary as `vocab.json` holds it: [piece, log probability] by token id. */
export type UseVocabulary = ReadonlyArray<readonly [string, number]>;

/**
 * The most characters of one text the model reads (a chunk, a query); the rest is left out.
 * A chunk of ~360 tokens is about 1,500 characters of prose (the longest of the Sequences' 3,100
 * chunks: 2,914), so no chunk of prose is cut; a pasted book, a base64 blob or a very long query is.
 */
export const MAX_MODEL_CHARS = 8192;

/** The first ids are reserved (unknown, control and user symbols) and never matched. */
const RESERVED_SYMBOLS = 6;
const SEPARATOR = '\u2581';

interface TrieNode {
  children: Map<string, TrieNode>;
  /** The piece ending here: its token id and score; -1 when none ends here. */
  id: number;
  score: number;
  /** Length of the piece in symbols (code points). */
  length: number;
}

function node(length: number): TrieNode {
  return { children: new Map(), id: -1, score: 0, length };
}

export class UseTokenizer {
  private readonly root = node(0);
  /** Trie steps taken since construction: the work done, which tests check grows linearly. */
  steps = 0;

  constructor(private readonly vocabulary: UseVocabulary) {
    for (let id = RESERVED_SYMBOLS; id < vocabulary.length; id++) {
      let at = this.root;
      const symbols = [...vocabulary[id][0]];
      symbols.forEach((symbol, i) => {
        let next = at.children.get(symbol);
        if (!next) at.children.set(symbol, (next = node(i + 1)));
        at = next;
      });
      // A piece listed twice keeps its last id and score, as the package's trie does.
      at.id = id;
      at.score = vocabulary[id][1];
    }
  }

  /** The token ids of `text` (its first {@link MAX_MODEL_CHARS} characters), as USE-lite's own tokenizer gives them. */
  encode(text: string): number[] {
    const capped = text.length > MAX_MODEL_CHARS ? cutAt(text, MAX_MODEL_CHARS) : text;
    const normalised = capped.normalize('NFKC');
    const input = normalised.length > 0 ? SEPARATOR + normalised.replace(/ /g, SEPARATOR) : normalised;
    const symbols = [...input];
    const n = symbols.length;
    // The lattice, by end position: the pieces ending there (start, id, score), in order of
    // their start, which is the order the package's pass visits them in.
    const starts: number[][] = Array.from({ length: n + 1 }, () => []);
    const ids: number[][] = Array.from({ length: n + 1 }, () => []);
    const scores: number[][] = Array.from({ length: n + 1 }, () => []);
    for (let i = 0; i < n; i++) {
      let at = this.root.children.get(symbols[i]);
      let matched = false;
      for (let j = i; at && j < n; ) {
        this.steps++;
        if (at.id >= 0) {
          const end = i + at.length;
          starts[end].push(i);
          ids[end].push(at.id);
          scores[end].push(at.score);
          matched = true;
        }
        j++;
        at = j < n ? at.children.get(symbols[j]) : undefined;
      }
      if (!matched) {
        // An unknown symbol: a one-symbol piece with the unknown id 0 and score 0.
        starts[i + 1].push(i);
        ids[i + 1].push(0);
        scores[i + 1].push(0);
      }
    }
    const best = new Float64Array(n + 1);
    const words = new Int32Array(n + 1);
    for (let end = 0; end <= n; end++) {
      const from = starts[end];
      for (let k = 0; k < from.length; k++) {
        const score = scores[end][k] + best[from[k]];
        // `best === 0` stands for "not reached yet" in the package, whatever the score: kept.
        if (best[end] === 0 || score >= best[end]) {
          best[end] = score;
          words[end] = ids[end][k];
        }
      }
    }
    const results: number[] = [];
    // Back from the end, by each piece's length in UTF-16 units, as the package steps.
    for (let at = n; at > 0; at -= this.vocabulary[words[at]][0].length) results.push(words[at]);
    const merged: number[] = [];
    let previousUnknown = false;
    for (const id of results) {
      if (!(previousUnknown && id === 0)) merged.push(id);
      previousUnknown = id === 0;
    }
    return merged.reverse();
  }
}

/** The first `max` UTF-16 units of `text`, never ending inside a surrogate pair. */
function cutAt(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
