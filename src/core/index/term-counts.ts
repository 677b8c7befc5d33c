/**
 * How often each term occurs in each field of each note of one keyword bucket, and each field's
 * length in terms: what BM25 needs beside Orama's postings, which only say whether a note holds a
 * term. Kept compactly, because most of a note's terms occur once: per note, a small open-address
 * table of the (field, term) keys that occur more than once, with their counts; any other term
 * of the note occurs once. At 10,000 notes this is a few MB, where Orama's own frequency table
 * (an object per note of every term) was most of a bucket's memory.
 *
 * A key is a 32-bit hash of the field and the term. Two keys of one note can collide; such a
 * note keeps exact counts by term instead (a map), so a count is never another term's.
 */

/** A (field, term) key: FNV-1a of the field's number and the term; never 0 (0 marks a free slot). */
export function termKey(field: number, term: string): number {
  let h = (0x811c9dc5 ^ (field + 1)) >>> 0;
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < term.length; i++) {
    h ^= term.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/** A note's table when its keys collided: its counts are in `exact`. */
const COLLIDED = new Uint32Array(0);

/** The saved form: for each note, `[id, length of each field, pairs, key, count, …]`, flat; exact counts apart. */
export interface SavedTermCounts {
  format: 1;
  fields: number;
  notes: number[];
  exact: Array<[number, Array<[number, string, number]>]>;
}

export class TermCounts {
  /** By internal id: the table of keys seen more than once, `COLLIDED`, or none (every term once). */
  private readonly tables: Array<Uint32Array | undefined> = [];
  /** By field, by internal id: the field's length in terms (duplicates counted). */
  private readonly lengths: number[][];
  private readonly lengthSums: number[];
  private readonly exact = new Map<number, Map<string, number>>();
  /** By internal id: whether the note is held (lengths stay numbers, so the arrays stay compact). */
  private readonly held: boolean[] = [];
  private notes = 0;
  /**
   * The same counts turned around, for scoring: by key, `[id, count, id, count, …]` of the notes
   * (collided ones apart) where that key occurs more than once. Built on first use, dropped on any
   * change. Scoring walks a term's postings once with the count-of-one factor and then corrects
   * the few notes listed here: one probe of a per-note table for each of a term's postings made
   * "more like this" (200 terms, ~140,000 postings at 10,000 notes) six times slower than
   * presence-only BM25, as the probes land all over memory.
   */
  private inverted: { repeats: Map<number, number[]>; collided: number[] } | undefined;

  constructor(private readonly fields: number) {
    this.lengths = Array.from({ length: fields }, () => []);
    this.lengthSums = new Array<number>(fields).fill(0);
  }

  /** Notes held. */
  get size(): number {
    return this.notes;
  }

  /** Sets the counts of note `id` from its fields' terms (duplicates kept, in any order). */
  set(id: number, fieldTerms: ReadonlyArray<readonly string[]>): void {
    this.delete(id);
    this.inverted = undefined;
    const repeated: Array<{ field: number; term: string; key: number; count: number }> = [];
    const keys = new Set<number>();
    let collided = false;
    for (let field = 0; field < this.fields; field++) {
      const terms = fieldTerms[field] ?? [];
      this.lengths[field][id] = terms.length;
      this.lengthSums[field] += terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        const key = termKey(field, term);
        if (keys.has(key)) collided = true;
        keys.add(key);
        if (count > 1) repeated.push({ field, term, key, count });
      }
    }
    this.held[id] = true;
    this.notes++;
    if (collided) {
      this.exact.set(id, new Map(repeated.map((r) => [`${r.field} ${r.term}`, r.count])));
      this.tables[id] = COLLIDED;
    } else if (repeated.length > 0) {
      this.tables[id] = tableOf(repeated.map((r) => [r.key, r.count]));
    }
  }

  delete(id: number): void {
    if (!this.held[id]) return;
    this.inverted = undefined;
    for (let field = 0; field < this.fields; field++) {
      this.lengthSums[field] -= this.lengths[field][id];
      this.lengths[field][id] = 0;
    }
    this.held[id] = false;
    this.tables[id] = undefined;
    this.exact.delete(id);
    this.notes--;
  }

  /** How often the term with `key` occurs in `field` of note `id`, given that it occurs there. */
  count(id: number, key: number, field: number, term: string): number {
    const table = this.tables[id];
    if (table === undefined) return 1;
    if (table === COLLIDED) return this.exact.get(id)?.get(`${field} ${term}`) ?? 1;
    const mask = (table.length >> 1) - 1;
    for (let slot = key & mask; ; slot = (slot + 1) & mask) {
      const at = table[2 * slot];
      if (at === key) return table[2 * slot + 1];
      if (at === 0) return 1;
    }
  }

  /**
   * The notes where the term with `key` occurs more than once, as `[id, count, …]`, leaving out
   * notes whose keys collided (see {@link collidedNotes}). A listed note need not hold the term
   * itself: another term of the same key, in a note without this one, lists it too; the caller
   * checks the term's postings.
   */
  repeatsOf(key: number): readonly number[] | undefined {
    return this.turnedAround().repeats.get(key);
  }

  /** The notes whose keys collided: their counts come from {@link count} alone. */
  collidedNotes(): readonly number[] {
    return this.turnedAround().collided;
  }

  private turnedAround(): { repeats: Map<number, number[]>; collided: number[] } {
    if (this.inverted) return this.inverted;
    const repeats = new Map<number, number[]>();
    const collided: number[] = [];
    this.tables.forEach((table, id) => {
      if (table === undefined) return;
      if (table === COLLIDED) {
        collided.push(id);
        return;
      }
      for (let slot = 0; slot < table.length; slot += 2) {
        const key = table[slot];
        if (key === 0) continue;
        const list = repeats.get(key);
        if (list) list.push(id, table[slot + 1]);
        else repeats.set(key, [id, table[slot + 1]]);
      }
    });
    return (this.inverted = { repeats, collided });
  }

  /** The length of `field` of note `id` in terms (0 for a note not held). */
  length(field: number, id: number): number {
    return this.lengths[field][id] ?? 0;
  }

  /** The sum of `field`'s lengths over the notes held. */
  lengthSum(field: number): number {
    return this.lengthSums[field];
  }

  save(): SavedTermCounts {
    const notes: number[] = [];
    const exact: SavedTermCounts['exact'] = [];
    this.held.forEach((held, id) => {
      if (!held) return;
      const table = this.tables[id];
      const pairs: number[] = [];
      if (table && table !== COLLIDED) {
        for (let slot = 0; slot < table.length; slot += 2) if (table[slot] !== 0) pairs.push(table[slot], table[slot + 1]);
      }
      notes.push(id, ...this.lengths.map((l) => l[id]), pairs.length / 2, ...pairs);
      const counts = this.exact.get(id);
      if (counts) exact.push([id, [...counts].map(([fieldTerm, count]) => splitFieldTerm(fieldTerm, count))]);
    });
    return { format: 1, fields: this.fields, notes, exact };
  }

  /** Counts saved by {@link save}; throws on anything else (the caller rebuilds the bucket). */
  static load(saved: unknown, fields: number): TermCounts {
    const data = saved as Partial<SavedTermCounts> | undefined;
    if (!data || data.format !== 1 || data.fields !== fields || !Array.isArray(data.notes) || !Array.isArray(data.exact)) {
      throw new Error('the keyword file has no term counts of this version');
    }
    const out = new TermCounts(fields);
    const notes = data.notes;
    for (let at = 0; at < notes.length; ) {
      const id = notes[at++];
      for (let field = 0; field < fields; field++) {
        out.lengths[field][id] = notes[at];
        out.lengthSums[field] += notes[at++];
      }
      const pairs = notes[at++];
      if (!Number.isInteger(id) || !Number.isInteger(pairs) || at + 2 * pairs > notes.length) throw new Error('the term counts are damaged');
      const entries: Array<[number, number]> = [];
      for (let p = 0; p < pairs; p++, at += 2) entries.push([notes[at], notes[at + 1]]);
      if (entries.length > 0) out.tables[id] = tableOf(entries);
      out.held[id] = true;
      out.notes++;
    }
    for (const [id, counts] of data.exact) {
      out.exact.set(id, new Map(counts.map(([field, term, count]) => [`${field} ${term}`, count])));
      out.tables[id] = COLLIDED;
    }
    return out;
  }
}

function splitFieldTerm(fieldTerm: string, count: number): [number, string, number] {
  const space = fieldTerm.indexOf(' ');
  return [Number(fieldTerm.slice(0, space)), fieldTerm.slice(space + 1), count];
}

/** An open-address table of `[key, count]` pairs, at most half full. */
function tableOf(entries: ReadonlyArray<readonly [number, number]>): Uint32Array {
  let slots = 2;
  while (slots < entries.length * 2) slots *= 2;
  const table = new Uint32Array(slots * 2);
  const mask = slots - 1;
  for (const [key, count] of entries) {
    let slot = key & mask;
    while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
    table[2 * slot] = key;
    table[2 * slot + 1] = count;
  }
  return table;
}
