import { load, save, type AnyOrama } from '@orama/orama';
import { FieldPostings, type PackedPostings } from './field-postings';
import { KEYWORD_FIELDS, newKeywordBucket, packedIndexOf, pathsByInternalId, type PackedIndex } from './packed-orama-index';
import { runSteps, runStepsInSlices, type Steps } from './time-slicer';
import type { Vocabulary } from './vocabulary';

/**
 * A keyword bucket's file (`keyword-NN.bin`, inside its checksum seal): the packed postings as
 * they are in memory, so loading is a copy and a check rather than a JSON parse and a tree build.
 *
 *   "KWB2" · u32 header length · header (JSON: the bucket's note paths and its words) · padding to 4
 *   then for each field, in KEYWORD_FIELDS order:
 *   u32 words · u32 postings · words (u32, indexes into the header's words, ascending) ·
 *   starts (u32, words + 1) · notes (u32) · lengths (u32, notes + 1) · distinct lengths (u32,
 *   notes + 1) · counts (u16) · padding to 4
 *
 * Notes are numbered 1… in the order of the header's paths (ids of removed notes are not kept),
 * and each file holds its own words, so a one-note edit rewrites one small file. Numbers are
 * little-endian, as on every platform Obsidian runs on.
 */

const MAGIC = 'KWB2';

/** A bucket file written by an earlier Kindred (Orama's own JSON): rebuilt from the notes, nothing is wrong. */
export class EarlierKeywordFormat extends Error {
  constructor() {
    super('the keyword file is from an earlier version of Kindred');
  }
}

interface Header {
  fields: string[];
  paths: string[];
  words: string[];
}

/** The bucket as bytes. Seals its postings first. */
export function encodeKeywordBucket(db: AnyOrama): Uint8Array {
  const index = packedIndexOf(db);
  const held = [...(db.data.docs as unknown as { held: Set<number> }).held].sort((a, b) => a - b);
  const byId = pathsByInternalId(db);
  const limit = Math.max(...KEYWORD_FIELDS.map((f) => index.fields[f].idLimit), held[held.length - 1] ?? 0) + 1;
  const renumber = new Uint32Array(limit);
  held.forEach((id, i) => (renumber[id] = i + 1));
  // The bucket's words, ascending by vocabulary id, each with its index in the file. Plain loops
  // throughout: typed arrays made with `from` and a map function took 150 ms a bucket here.
  const localOf = new Int32Array(index.vocabulary.size).fill(-1);
  for (const f of KEYWORD_FIELDS) {
    index.fields[f].seal();
    const words = index.fields[f].packed.words;
    for (let i = 0; i < words.length; i++) localOf[words[i]] = 0;
  }
  const wordList: string[] = [];
  for (let w = 0; w < localOf.length; w++) {
    if (localOf[w] < 0) continue;
    localOf[w] = wordList.length;
    wordList.push(index.vocabulary.wordOf(w));
  }
  const header: Header = { fields: [...KEYWORD_FIELDS], paths: held.map((id) => byId[id - 1]), words: wordList };
  const parts: ArrayBufferView[] = [];
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  parts.push(new TextEncoder().encode(MAGIC), Uint32Array.of(headerBytes.length), headerBytes, padding(headerBytes.length));
  for (const f of KEYWORD_FIELDS) {
    const field = index.fields[f];
    const { words, starts, notes, counts } = field.packed;
    const lengths = new Uint32Array(held.length + 1);
    const distinct = new Uint32Array(held.length + 1);
    for (let i = 0; i < held.length; i++) {
      lengths[i + 1] = field.length(held[i]);
      distinct[i + 1] = field.distinctLength(held[i]);
    }
    const localWords = new Uint32Array(words.length);
    for (let i = 0; i < words.length; i++) localWords[i] = localOf[words[i]];
    const renumbered = new Uint32Array(notes.length);
    for (let j = 0; j < notes.length; j++) renumbered[j] = renumber[notes[j]];
    parts.push(Uint32Array.of(words.length, notes.length), localWords, starts, renumbered, lengths, distinct, counts, padding(counts.byteLength));
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return out;
}

function padding(bytes: number): Uint8Array {
  return new Uint8Array((4 - (bytes % 4)) % 4);
}

/** Reads what {@link encodeKeywordBucket} wrote, checking every bound; throws on anything else. */
class Reader {
  at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  take(n: number): Uint8Array {
    if (!(n >= 0) || this.at + n > this.bytes.length) throw new Error('the keyword file is cut short');
    // A copy, on a buffer of its own, aligned for the typed arrays made on it (Node's Buffer.slice
    // would be a view into the whole file).
    const out = new Uint8Array(this.bytes.subarray(this.at, this.at + n));
    this.at += n;
    return out;
  }
  u32s(n: number): Uint32Array {
    return new Uint32Array(this.take(4 * n).buffer);
  }
  u16s(n: number): Uint16Array {
    const out = new Uint16Array(this.take(2 * n).buffer);
    this.take((4 - ((2 * n) % 4)) % 4);
    return out;
  }
}

/**
 * A bucket from its bytes, its words interned in `vocabulary`: a new Orama database holding the
 * saved notes under ids 1… Throws {@link EarlierKeywordFormat} for a file of an earlier Kindred,
 * and an error saying what is wrong for a damaged one.
 */
export function decodeKeywordBucket(bytes: Uint8Array, vocabulary: Vocabulary): DecodedBucket {
  return runSteps(decodeSteps(bytes, vocabulary));
}

/**
 * As {@link decodeKeywordBucket}, with `breathe()` between its pieces (the header, its words
 * 4,096 at a time, then for each field its postings read, sorted, laid out 4,096 words at a time
 * and checked): a bucket of 2,000 long notes takes about 100 ms to decode, and its text field
 * alone was up to 90 ms in one piece, too long for one task on a UI thread.
 */
export function decodeKeywordBucketInSlices(bytes: Uint8Array, vocabulary: Vocabulary, breathe: () => Promise<void>): Promise<DecodedBucket> {
  return runStepsInSlices(decodeSteps(bytes, vocabulary), breathe);
}

export interface DecodedBucket {
  db: AnyOrama;
  paths: string[];
}

/** The decoding, one piece per step: a generator, so the plain and the sliced decoder are one code. */
function* decodeSteps(bytes: Uint8Array, vocabulary: Vocabulary): Steps<DecodedBucket> {
  if (bytes[0] === 0x7b) throw new EarlierKeywordFormat(); // "{": Orama's JSON
  const read = new Reader(bytes);
  if (new TextDecoder().decode(read.take(4)) !== MAGIC) throw new Error('the keyword file is not one Kindred wrote');
  const headerLength = read.u32s(1)[0];
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(read.take(headerLength))) as Header;
  } catch {
    throw new Error('the keyword file header is damaged');
  }
  read.take((4 - (headerLength % 4)) % 4);
  if (!Array.isArray(header.paths) || !Array.isArray(header.words) || header.fields?.join() !== KEYWORD_FIELDS.join()) throw new Error('the keyword file header is damaged');
  const n = header.paths.length;
  yield;
  const globalOf = new Uint32Array(header.words.length);
  for (let i = 0; i < globalOf.length; i++) {
    globalOf[i] = vocabulary.intern(String(header.words[i]));
    if (i % STEP_WORDS === STEP_WORDS - 1) yield;
  }
  const held = Array.from({ length: n }, (_, i) => i + 1);
  const fields = {} as PackedIndex['fields'];
  for (const f of KEYWORD_FIELDS) {
    yield;
    const [wordCount, postings] = read.u32s(2);
    const localWords = read.u32s(wordCount);
    const starts = read.u32s(wordCount + 1);
    const notes = read.u32s(postings);
    yield;
    const lengths = read.u32s(n + 1);
    const distinct = read.u32s(n + 1);
    const counts = read.u16s(postings);
    for (const w of localWords) if (w >= globalOf.length) throw new Error('a keyword posting names no word');
    yield;
    const packed = yield* inGlobalOrder({ words: localWords, starts, notes, counts }, globalOf);
    yield;
    fields[f] = FieldPostings.fromPacked(packed, lengths, distinct, held);
  }
  if (read.at !== bytes.length) throw new Error('the keyword file has bytes after its end');
  const db = newKeywordBucket(vocabulary);
  const blank = save(db);
  const index: PackedIndex = { vocabulary, fields, vectorIndexes: {} };
  load(db, { ...blank, internalDocumentIDStore: { internalIdToId: header.paths }, index, docs: { held } });
  return { db, paths: header.paths };
}

/** Words a decoding step handles before it pauses: a bucket's text field has tens of thousands, 60 to 90 ms of work in one piece. */
const STEP_WORDS = 4096;

/**
 * The positions of `words` in the order of their vocabulary ids. Each position and its id are
 * packed in one float64 (id · 2^21 + position, exact below 2^53), so the sort is the engine's
 * own numeric sort with no comparator to call: 60 ms in one piece in Chromium for a text field
 * of 50,000 words with a comparator, a few milliseconds without. A field of `positions` (2^21)
 * words or more, which no bucket comes near, is sorted with the comparator.
 */
export function sortedByGlobalId(words: Uint32Array, globalOf: Uint32Array, positions = 2 ** 21): Uint32Array {
  const count = words.length;
  const order = new Uint32Array(count);
  if (count >= positions) {
    for (let i = 0; i < count; i++) order[i] = i;
    return order.sort((x, y) => globalOf[words[x]] - globalOf[words[y]]);
  }
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) keys[i] = globalOf[words[i]] * positions + i;
  keys.sort();
  for (let k = 0; k < count; k++) order[k] = keys[k] % positions;
  return order;
}

/**
 * The postings with words as vocabulary ids, re-sorted by those ids (the file's order is the
 * bucket's own); pauses (a `yield`) after the sort and every {@link STEP_WORDS} words.
 */
function* inGlobalOrder(packed: PackedPostings, globalOf: Uint32Array): Steps<PackedPostings> {
  const count = packed.words.length;
  const order = sortedByGlobalId(packed.words, globalOf);
  yield;
  const words = new Uint32Array(count);
  const starts = new Uint32Array(count + 1);
  const notes = new Uint32Array(packed.notes.length);
  const counts = new Uint16Array(packed.counts.length);
  let at = 0;
  for (let k = 0; k < count; k++) {
    const i = order[k];
    const from = packed.starts[i];
    const to = packed.starts[i + 1];
    if (!(to > from && to <= packed.notes.length)) throw new Error('the keyword postings do not fit together');
    words[k] = globalOf[packed.words[i]];
    notes.set(packed.notes.subarray(from, to), at);
    counts.set(packed.counts.subarray(from, to), at);
    at += to - from;
    starts[k + 1] = at;
    if (k % STEP_WORDS === STEP_WORDS - 1) yield;
  }
  if (at !== packed.notes.length || packed.starts[0] !== 0) throw new Error('the keyword postings do not fit together');
  return { words, starts, notes, counts };
}
