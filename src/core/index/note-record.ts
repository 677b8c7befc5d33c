import { DamagedFileError, openSealedFile, sealFile } from './checksum';

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
  headingPath: string[];
  start: number;
  end: number;
}

const KIND = 'notes';

/** One bucket of note records as a sealed file. */
export function encodeNoteRecords(records: NoteRecord[]): Uint8Array {
  return sealFile(KIND, new TextEncoder().encode(JSON.stringify(records)));
}

/** Reads a bucket of note records; throws {@link DamagedFileError} when damaged. */
export function decodeNoteRecords(bytes: Uint8Array): NoteRecord[] {
  const payload = openSealedFile(KIND, bytes);
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
