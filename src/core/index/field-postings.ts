/**
 * The inverted index of one field (title, headings, text or front matter) of one keyword bucket:
 * for each word, the notes that hold it and how often, packed in four typed arrays (compressed
 * sparse rows: the words in order, where each word's postings start, the notes, the counts). A
 * posting costs 6 bytes. Orama's radix tree kept each word's postings in a `Set` (about 28 bytes a
 * posting) and a tree node per word and bucket, which was most of the index's memory.
 *
 * Packed arrays cannot take an insert cheaply, so changes wait beside them: notes added since the
 * last {@link seal} (each its own sorted words and counts) and notes removed (left out of the
 * packed arrays at the next seal). Reading needs sealed postings: the store seals a bucket before
 * it scores (one pass over the bucket's postings, about a millisecond per 100,000), so a one-note
 * edit costs one small merge and a whole-vault index seals each bucket rarely.
 *
 * Notes are Orama's internal ids (1 and up, dense per bucket); words are {@link Vocabulary} ids.
 */

/** Counts above this are kept as this: BM25 with k1 5 has long stopped rising there. */
export const MAX_COUNT = 0xffff;

/** A note added since the last seal: its distinct words ascending, and how often each occurs. */
interface AddedNote {
  words: Uint32Array<ArrayBufferLike>;
  counts: Uint16Array;
}

/** The packed form, as {@link FieldPostings.packed} gives it and {@link FieldPostings.fromPacked} takes it. */
export interface PackedPostings {
  /** Word ids, ascending. */
  words: Uint32Array<ArrayBufferLike>;
  /** `words.length + 1` offsets: word `i`'s postings are `notes[starts[i]]` to `notes[starts[i + 1] - 1]`. */
  starts: Uint32Array<ArrayBufferLike>;
  /** Note ids, ascending within a word. */
  notes: Uint32Array<ArrayBufferLike>;
  counts: Uint16Array<ArrayBufferLike>;
}

export class FieldPostings {
  private words: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private starts: Uint32Array<ArrayBufferLike> = new Uint32Array(1);
  private notes: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
  private counts: Uint16Array<ArrayBufferLike> = new Uint16Array(0);
  /** By note id: whether the packed arrays hold the note's postings. */
  private packedHas: boolean[] = [];
  private readonly added = new Map<number, AddedNote>();
  private readonly removed = new Set<number>();
  /** By note id: the field's length in words, repeats counted (0 for a note not held). */
  private readonly lengths: number[] = [];
  /** By note id: the field's distinct words. */
  private readonly distinct: number[] = [];
  private lengthTotal = 0;
  private distinctTotal = 0;

  /** Sets note `id`'s words (vocabulary ids, repeats kept, in any order), replacing any it had. */
  add(id: number, words: readonly number[]): void {
    this.remove(id);
    const counts = new Map<number, number>();
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
    const sorted = Uint32Array.from(counts.keys()).sort();
    this.lengths[id] = words.length;
    this.distinct[id] = sorted.length;
    this.lengthTotal += words.length;
    this.distinctTotal += sorted.length;
    if (sorted.length > 0) this.added.set(id, { words: sorted, counts: Uint16Array.from(sorted, (w) => Math.min(counts.get(w)!, MAX_COUNT)) });
  }

  remove(id: number): void {
    this.added.delete(id);
    if (this.packedHas[id]) {
      this.removed.add(id);
      this.packedHas[id] = false;
    }
    this.lengthTotal -= this.lengths[id] ?? 0;
    this.distinctTotal -= this.distinct[id] ?? 0;
    this.lengths[id] = 0;
    this.distinct[id] = 0;
  }

  /** Whether changes wait to be packed. */
  get unsealed(): boolean {
    return this.added.size > 0 || this.removed.size > 0;
  }

  /** Packs the waiting changes into the arrays: removed notes leave, added ones merge in note order. */
  seal(): void {
    if (!this.unsealed) return;
    const gone = new Uint8Array(Math.max(this.lengths.length, this.packedHas.length) + 1);
    for (const id of this.removed) gone[id] = 1;
    // The added notes' postings by word, each list in note order.
    const byWord = new Map<number, number[]>();
    let addedPostings = 0;
    for (const id of [...this.added.keys()].sort((a, b) => a - b)) {
      const note = this.added.get(id)!;
      addedPostings += note.words.length;
      note.words.forEach((w, i) => {
        const list = byWord.get(w);
        if (list) list.push(id, note.counts[i]);
        else byWord.set(w, [id, note.counts[i]]);
      });
    }
    let kept = 0;
    for (let j = 0; j < this.notes.length; j++) if (!gone[this.notes[j]]) kept++;
    const size = kept + addedPostings;
    const newWords = Uint32Array.from(byWord.keys()).sort();
    const words = new Uint32Array(this.words.length + newWords.length);
    const starts = new Uint32Array(words.length + 1);
    const notes = new Uint32Array(size);
    const counts = new Uint16Array(size);
    const anyGone = this.removed.size > 0;
    let at = 0;
    let out = 0; // words written
    let i = 0; // in the packed words
    let k = 0; // in the new words
    while (i < this.words.length || k < newWords.length) {
      const fromPacked = k >= newWords.length || (i < this.words.length && this.words[i] <= newWords[k]);
      const word = fromPacked ? this.words[i] : newWords[k];
      const extra = !fromPacked || (k < newWords.length && newWords[k] === word) ? byWord.get(word)! : undefined;
      let j = fromPacked ? this.starts[i] : 0;
      const end = fromPacked ? this.starts[i + 1] : 0;
      if (!extra && !anyGone) {
        // Most words of a one-note edit: the packed run copied as it is.
        notes.set(this.notes.subarray(j, end), at);
        counts.set(this.counts.subarray(j, end), at);
        at += end - j;
      } else {
        // Two id-ordered lists: the packed postings still held, and the added notes'.
        let e = 0;
        const extraLength = extra ? extra.length : 0;
        while (j < end || e < extraLength) {
          if (j < end && gone[this.notes[j]]) {
            j++;
          } else if (j < end && (e >= extraLength || this.notes[j] < extra![e])) {
            notes[at] = this.notes[j];
            counts[at++] = this.counts[j++];
          } else {
            notes[at] = extra![e];
            counts[at++] = extra![e + 1];
            e += 2;
          }
        }
      }
      if (at > starts[out]) {
        words[out++] = word;
        starts[out] = at;
      }
      if (fromPacked) i++;
      if (extra) k++;
    }
    this.words = words.slice(0, out);
    this.starts = starts.slice(0, out + 1);
    this.notes = notes;
    this.counts = counts;
    for (const id of this.added.keys()) this.packedHas[id] = true;
    this.added.clear();
    this.removed.clear();
  }

  /** Where word `word`'s postings are in {@link packed} (`-1`: none). Sealed postings only. */
  find(word: number): number {
    let lo = 0;
    let hi = this.words.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.words[mid];
      if (at === word) return mid;
      if (at < word) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The packed arrays, valid until the next change (seal first). */
  get packed(): PackedPostings {
    return { words: this.words, starts: this.starts, notes: this.notes, counts: this.counts };
  }

  /** The field's length of note `id` in words, repeats counted. */
  length(id: number): number {
    return this.lengths[id] ?? 0;
  }

  distinctLength(id: number): number {
    return this.distinct[id] ?? 0;
  }

  /** Sum of the lengths over the notes held (repeats counted, or distinct words). */
  lengthSum(distinct = false): number {
    return distinct ? this.distinctTotal : this.lengthTotal;
  }

  /** One past the highest note id ever held. */
  get idLimit(): number {
    return this.lengths.length;
  }

  /**
   * Postings packed elsewhere (a saved bucket), for the notes `held`; `lengths` and `distinct` by
   * note id. Throws when the arrays do not fit together, so a damaged file is never half used.
   */
  static fromPacked(packed: PackedPostings, lengths: ArrayLike<number>, distinct: ArrayLike<number>, held: readonly number[]): FieldPostings {
    const { words, starts, notes, counts } = packed;
    const limit = lengths.length;
    if (starts.length !== words.length + 1 || starts[0] !== 0 || starts[words.length] !== notes.length || counts.length !== notes.length || distinct.length !== limit) {
      throw new Error('the keyword postings do not fit together');
    }
    for (let i = 0; i < words.length; i++) {
      if (starts[i + 1] <= starts[i] || (i > 0 && words[i] <= words[i - 1])) throw new Error('the keyword postings are out of order');
      for (let j = starts[i]; j < starts[i + 1]; j++) {
        if (notes[j] === 0 || notes[j] >= limit || counts[j] === 0 || (j > starts[i] && notes[j] <= notes[j - 1])) throw new Error('a keyword posting names no note');
      }
    }
    const isHeld = new Uint8Array(limit);
    for (const id of held) {
      if (!(id > 0 && id < limit)) throw new Error('a keyword note id is out of range');
      isHeld[id] = 1;
    }
    const out = new FieldPostings();
    for (let j = 0; j < notes.length; j++) if (!isHeld[notes[j]]) throw new Error('a keyword posting names a note the bucket does not hold');
    out.words = words;
    out.starts = starts;
    out.notes = notes;
    out.counts = counts;
    out.packedHas = new Array<boolean>(limit).fill(false);
    for (let id = 0; id < limit; id++) {
      const length = isHeld[id] ? lengths[id] : 0;
      const unique = isHeld[id] ? distinct[id] : 0;
      out.lengths.push(length);
      out.distinct.push(unique);
      out.lengthTotal += length;
      out.distinctTotal += unique;
    }
    for (const id of notes) out.packedHas[id] = true;
    return out;
  }
}
