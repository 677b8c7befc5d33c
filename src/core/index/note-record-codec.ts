import { DamagedFileError } from './checksum';
import type { ChunkRecord, NoteRecord } from './note-record';
import { runSteps, runStepsInSlices, type Steps } from './time-slicer';

/**
 * A bucket of note records in binary, the format of `notes-NN.bin` since the records were the
 * slowest part of opening a large index: at 50,000 notes the JSON took 0.8 s to decode (the text
 * decoder and `JSON.parse`, over 32 MB), before related notes could answer. Here every string is
 * written once per bucket (a heading, a folder or a tag is shared by many records), in one UTF-8
 * table that is decoded in a single call and cut into its strings; the records are a stream of
 * variable-length integers that name those strings. Front matter stays JSON, one text per note,
 * since it holds whatever the note's author wrote.
 *
 * Layout of the payload: varint string count, varint table byte length, the table (UTF-8), then
 * each string's length in UTF-16 code units (varints), then varint record count and the records:
 *   path, hash, title, folder: string numbers; mtime, size: float64 LE;
 *   tags, link targets: a count and string numbers; front matter: a string number (its JSON);
 *   chunks: a count, then for each its id (string number), heading path (count and string
 *   numbers), start and end (varints);
 *   lines, blanked: 0 when absent, else 1 + their count, then each as a u32 LE.
 */

/** The bucket's records as a payload (to be sealed). */
export function encodeRecordsPayload(records: readonly NoteRecord[]): Uint8Array {
  const strings = new StringTable();
  const out = new ByteWriter();
  out.varint(records.length);
  for (const r of records) {
    out.varint(strings.number(r.path));
    out.varint(strings.number(r.hash));
    out.varint(strings.number(r.title));
    out.varint(strings.number(r.folder));
    out.float64(r.mtime);
    out.float64(r.size);
    out.strings(r.tags, strings);
    out.strings(r.linkTargets, strings);
    out.varint(strings.number(JSON.stringify(r.frontMatter)));
    out.varint(r.chunks.length);
    for (const c of r.chunks) {
      out.varint(strings.number(c.id));
      out.strings(c.headingPath, strings);
      out.varint(c.start);
      out.varint(c.end);
    }
    out.hashes(r.lines);
    out.hashes(r.blanked);
  }
  const head = new ByteWriter();
  const table = new TextEncoder().encode(strings.list.join(''));
  head.varint(strings.list.length);
  head.varint(table.length);
  head.bytes(table);
  for (const s of strings.list) head.varint(s.length);
  head.bytes(out.finish());
  return head.finish();
}

/** The records of a payload made by {@link encodeRecordsPayload}; throws {@link DamagedFileError} when it is not one. */
export function decodeRecordsPayload(payload: Uint8Array): NoteRecord[] {
  return runSteps(decodeSteps(payload, Infinity));
}

/**
 * As {@link decodeRecordsPayload}, with `breathe()` awaited after every `slice` records: a bucket
 * of 1,600 records with 11,000 chunks took about 30 ms to decode, and most of a UI task's budget.
 */
export function decodeRecordsPayloadInSlices(payload: Uint8Array, breathe: () => Promise<void>, slice = 256): Promise<NoteRecord[]> {
  return runStepsInSlices(decodeSteps(payload, slice), breathe);
}

/** The heading path of the passages before a note's first heading, shared by all of them. */
const NO_HEADINGS: readonly string[] = Object.freeze([]);

/** Bytes of the string table decoded before a pause. */
const TABLE_PIECE = 64 * 1024;

/** The decoding, pausing (a `yield`) after each 64 KB of the string table and after every `slice` records: one code for the plain and the sliced decoder. */
function* decodeSteps(payload: Uint8Array, slice: number): Steps<NoteRecord[]> {
  const read = new ByteReader(payload);
  const stringCount = read.varint();
  const tableBytes = read.varint();
  // The table is decoded as one text, each string then a cut of it; in pieces of 64 KB with a
  // pause between them, since Chromium's decoder took 67 ms for one bucket's table in one call.
  const bytes = read.bytes(tableBytes);
  const decoder = new TextDecoder();
  const pieces: string[] = [];
  for (let from = 0; from < bytes.length; from += TABLE_PIECE) {
    const to = Math.min(bytes.length, from + TABLE_PIECE);
    // `stream` keeps a character cut between two pieces whole.
    pieces.push(decoder.decode(bytes.subarray(from, to), { stream: to < bytes.length }));
    if (to < bytes.length) yield;
  }
  const table = pieces.length === 1 ? pieces[0] : pieces.join('');
  const strings = new Array<string>(stringCount);
  let at = 0;
  for (let i = 0; i < stringCount; i++) {
    const length = read.varint();
    if (at + length > table.length) throw new DamagedFileError('note records: a string runs past its table');
    strings[i] = table.substring(at, at + length);
    at += length;
  }
  if (at !== table.length) throw new DamagedFileError('note records: the string table has text left over');
  yield;
  const string = (): string => {
    const n = read.varint();
    if (n >= stringCount) throw new DamagedFileError('note records: a string number is out of range');
    return strings[n];
  };
  const stringList = (): string[] => {
    const list = new Array<string>(read.count());
    for (let i = 0; i < list.length; i++) list[i] = string();
    return list;
  };
  // The passages under one heading share its path: one array per distinct path in the bucket,
  // not one per passage (346,000 arrays at 50,000 notes, each a collector's object to mark).
  const headingPaths = new Map<string, readonly string[]>();
  const headingPath = (): readonly string[] => {
    const count = read.count();
    if (count === 0) return NO_HEADINGS;
    const path = new Array<string>(count);
    for (let i = 0; i < count; i++) path[i] = string();
    const key = path.join('\u0000');
    const known = headingPaths.get(key);
    if (known) return known;
    Object.freeze(path);
    headingPaths.set(key, path);
    return path;
  };
  const records = new Array<NoteRecord>(read.count());
  for (let i = 0; i < records.length; i++) {
    if (i % slice === slice - 1) yield;
    const path = string();
    const hash = string();
    const title = string();
    const folder = string();
    const mtime = read.float64();
    const size = read.float64();
    const tags = stringList();
    const linkTargets = stringList();
    const frontMatter = frontMatterOf(string());
    const chunks = new Array<ChunkRecord>(read.count());
    for (let c = 0; c < chunks.length; c++) {
      const id = string();
      const path = headingPath();
      const start = read.varint();
      chunks[c] = { id, headingPath: path, start, end: read.varint() };
    }
    const record: NoteRecord = { path, mtime, size, hash, title, folder, tags, frontMatter, linkTargets, chunks };
    const lines = read.hashes();
    if (lines) record.lines = lines;
    const blanked = read.hashes();
    if (blanked) record.blanked = blanked;
    records[i] = record;
  }
  if (!read.atEnd()) throw new DamagedFileError('note records: bytes left over after the last record');
  return records;
}

function frontMatterOf(json: string): Record<string, unknown> {
  // Most notes of a large vault have none: no parse for them.
  if (json === '{}') return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new DamagedFileError('note records: a front matter is not valid JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new DamagedFileError('note records: a front matter is not an object');
  return value as Record<string, unknown>;
}

/** Each distinct string once, numbered in the order first met. */
class StringTable {
  readonly list: string[] = [];
  private readonly numbers = new Map<string, number>();
  number(s: string): number {
    let n = this.numbers.get(s);
    if (n === undefined) {
      n = this.list.length;
      this.list.push(s);
      this.numbers.set(s, n);
    }
    return n;
  }
}

class ByteWriter {
  private buffer = new Uint8Array(1 << 16);
  private view = new DataView(this.buffer.buffer);
  private at = 0;

  private room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.at + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buffer.subarray(0, this.at));
    this.buffer = grown;
    this.view = new DataView(grown.buffer);
  }

  /** An unsigned integer up to 2^53, 7 bits a byte, low bits first. */
  varint(n: number): void {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`note records: ${n} is not a count or an offset`);
    this.room(8);
    while (n >= 0x80) {
      this.buffer[this.at++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buffer[this.at++] = n;
  }

  float64(x: number): void {
    this.room(8);
    this.view.setFloat64(this.at, x, true);
    this.at += 8;
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buffer.set(b, this.at);
    this.at += b.length;
  }

  strings(list: readonly string[], table: StringTable): void {
    this.varint(list.length);
    for (const s of list) this.varint(table.number(s));
  }

  /** An optional list of u32 line hashes: 0 when absent, else 1 + its length, then each. */
  hashes(list: readonly number[] | undefined): void {
    if (list === undefined) return this.varint(0);
    this.varint(list.length + 1);
    this.room(4 * list.length);
    for (const h of list) {
      this.view.setUint32(this.at, h, true);
      this.at += 4;
    }
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.at);
  }
}

/** Reads what {@link ByteWriter} wrote, every read checked against the end. */
class ByteReader {
  private at = 0;
  private readonly view: DataView;
  constructor(private readonly data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      if (this.at >= this.data.length) throw new DamagedFileError('note records are cut short');
      const byte = this.data[this.at++];
      n += (byte & 0x7f) * scale;
      if (byte < 0x80) return n;
      scale *= 0x80;
      if (scale > 2 ** 56) throw new DamagedFileError('note records: a number is too long');
    }
  }

  /** A count of items still to read, each at least a byte: a damaged count cannot ask for a huge array. */
  count(): number {
    const n = this.varint();
    if (n > this.data.length - this.at) throw new DamagedFileError('note records: a count is larger than the file');
    return n;
  }

  float64(): number {
    if (this.at + 8 > this.data.length) throw new DamagedFileError('note records are cut short');
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }

  bytes(n: number): Uint8Array {
    if (this.at + n > this.data.length) throw new DamagedFileError('note records are cut short');
    const out = this.data.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  hashes(): number[] | undefined {
    const n = this.varint();
    if (n === 0) return undefined;
    const list = new Array<number>(n - 1);
    if (this.at + 4 * list.length > this.data.length) throw new DamagedFileError('note records are cut short');
    for (let i = 0; i < list.length; i++) {
      list[i] = this.view.getUint32(this.at, true);
      this.at += 4;
    }
    return list;
  }

  atEnd(): boolean {
    return this.at === this.data.length;
  }
}
