/**
 * One copy of the vault's words for every keyword bucket: each word is a small number, and the
 * buckets' postings are keyed by those numbers. With a radix tree per bucket the vocabulary was
 * held once per bucket (5.7 copies at 8 buckets, more at 32); here it is held once.
 *
 * Words are never forgotten while the vault is open: a word whose last note went keeps its number
 * and simply has no postings. The next load interns only the words that saved buckets hold.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  /** Word ids sorted by word, for prefix lookups; rebuilt after the vocabulary grew. */
  private sorted: Uint32Array | undefined;

  get size(): number {
    return this.words.length;
  }

  idOf(word: string): number | undefined {
    return this.ids.get(word);
  }

  /** The word's id, giving it the next one if it is new. */
  intern(word: string): number {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
    }
    return id;
  }

  wordOf(id: number): string {
    return this.words[id];
  }

  /**
   * The ids of the words that begin with `prefix` (the word itself included). A binary search in
   * the words sorted once (about 30 ms for 100,000 words, and again only after new words came):
   * typed queries ask this for their last word on every keystroke, and the vocabulary rarely grows
   * between two of them.
   */
  startingWith(prefix: string): number[] {
    if (this.sorted?.length !== this.words.length) {
      const order = Uint32Array.from(this.words.keys());
      order.sort((a, b) => (this.words[a] < this.words[b] ? -1 : this.words[a] > this.words[b] ? 1 : 0));
      this.sorted = order;
    }
    const sorted = this.sorted;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.words[sorted[mid]] < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < sorted.length && this.words[sorted[i]].startsWith(prefix); i++) out.push(sorted[i]);
    return out;
  }
}
