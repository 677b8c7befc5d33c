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
  /**
   * Word ids sorted by word, for prefix lookups: the first `sorted.length` ids. Newer words (ids
   * from there on) are looked through one by one until there are enough of them to merge in.
   */
  private sorted = new Uint32Array(0);

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
   * The ids of the words that begin with `prefix` (the word itself included), in word order: a binary search in
   * the words sorted so far, and a look through the few added since. Typed queries ask this for
   * their last word on every keystroke; sorting the whole vocabulary again after every new word
   * (an edit often brings one) cost 30 ms at 20,000 words.
   */
  startingWith(prefix: string): number[] {
    const recent = this.words.length - this.sorted.length;
    if (recent > Math.max(1024, this.sorted.length / 16)) this.mergeRecent();
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
    const before = out.length;
    for (let id = sorted.length; id < this.words.length; id++) if (this.words[id].startsWith(prefix)) out.push(id);
    // Always in word order, whatever the vocabulary's history: scores summed over these words must
    // come out the same to the last bit in a store loaded, built or laid out again.
    if (out.length > before) out.sort((a, b) => (this.words[a] < this.words[b] ? -1 : 1));
    return out;
  }

  /** Sorts the words added since the last merge and merges them into the sorted ids, in one pass. */
  private mergeRecent(): void {
    const words = this.words;
    const byWord = (a: number, b: number): number => (words[a] < words[b] ? -1 : words[a] > words[b] ? 1 : 0);
    const recent = Uint32Array.from({ length: words.length - this.sorted.length }, (_, i) => this.sorted.length + i).sort(byWord);
    const merged = new Uint32Array(words.length);
    let a = 0;
    let b = 0;
    for (let out = 0; out < merged.length; out++) {
      merged[out] = b >= recent.length || (a < this.sorted.length && words[this.sorted[a]] < words[recent[b]]) ? this.sorted[a++] : recent[b++];
    }
    this.sorted = merged;
  }
}
