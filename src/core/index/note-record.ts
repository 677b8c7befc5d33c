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
  if (!Array.isArray(data) || data.some((r) => !r || typeof (r as NoteRecord).path !== 'string' || !Array.isArray((r as NoteRecord).chunks))) {
    throw new DamagedFileError('note records are malformed');
  }
  return data as NoteRecord[];
}
