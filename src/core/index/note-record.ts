import { DamagedFileError, openSealedFile, openSealedFileInSlices, sealFile, sealedKind } from './checksum';
import { decodeRecordsPayload, decodeRecordsPayloadInSlices, encodeRecordsPayload } from './note-record-codec';

/** What the index remembers of one note between sessions. */
export interface NoteRecord {
  path: string;
  mtime: number;
  size: number;
  /** SHA-256 of the note's text. */
  hash: string;
  title: string;
  folder: string;
  tags: string[];
  frontMatter: Record<string, unknown>;
  linkTargets: string[];
  chunks: ChunkRecord[];
  /** The hashes of its lines that could count as repeated across the vault (repeated-lines.ts), ascending. */
  lines?: number[];
  /** Those of `lines` left out of its chunks and words because the vault repeats them; absent when none. */
  blanked?: number[];
}

export interface ChunkRecord {
  id: string;
  headingPath: readonly string[];
  start: number;
  end: number;
}

/** The records' file kinds: binary (note-record-codec.ts), and the JSON of Kindred before it, still read. */
export const NOTE_RECORDS_KIND = 'notes2';
const JSON_KIND = 'notes';

/** One bucket of note records as a sealed file. */
export function encodeNoteRecords(records: readonly NoteRecord[]): Uint8Array {
  return sealFile(NOTE_RECORDS_KIND, encodeRecordsPayload(records));
}

/**
 * Reads a bucket of note records, in either format; throws {@link DamagedFileError} when damaged.
 * An index saved in JSON opens as before, and each bucket is written in binary at its next save.
 */
export function decodeNoteRecords(bytes: Uint8Array): NoteRecord[] {
  if (sealedKind(bytes) !== JSON_KIND) return decodeRecordsPayload(openSealedFile(NOTE_RECORDS_KIND, bytes));
  return decodeJsonRecords(openSealedFile(JSON_KIND, bytes));
}

/** As {@link decodeNoteRecords}, checked and decoded in slices with `breathe()` between (on a UI thread). */
export async function decodeNoteRecordsInSlices(bytes: Uint8Array, breathe: () => Promise<void>): Promise<NoteRecord[]> {
  if (sealedKind(bytes) === JSON_KIND) return decodeJsonRecords(openSealedFile(JSON_KIND, bytes));
  return decodeRecordsPayloadInSlices(await openSealedFileInSlices(NOTE_RECORDS_KIND, bytes, breathe), breathe);
}

function decodeJsonRecords(payload: Uint8Array): NoteRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new DamagedFileError('note records are not valid JSON');
  }
  if (!Array.isArray(data) || data.some((r) => !r || typeof (r as NoteRecord).path !== 'string' || !Array.isArray((r as NoteRecord).chunks) || !hashList((r as NoteRecord).lines) || !hashList((r as NoteRecord).blanked))) {
    throw new DamagedFileError('note records are malformed');
  }
  return data as NoteRecord[];
}

/** An optional list of line hashes (absent in a record of an earlier Kindred). */
function hashList(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.every((h) => typeof h === 'number'));
}
