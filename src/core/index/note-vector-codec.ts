import { DamagedFileError, openSealedFile, sealFileInSlices } from './checksum';
import { FNV1A32_START, fnv1a32Continue } from './fnv1a';
import type { Int8Rows } from './int8-vectors';
import { encodeModelId, readModelHeader, writeModelHeader } from './model-header';
import type { NoteRecord } from './note-record';

/**
 * The note vectors of one bucket (`notevec-NN.bin`, beside `notes-NN.bin`), saved so that an
 * index opens with its note matrix ready: related notes answer before a single passage vector is
 * read. At 50,000 notes the passage shards are 180 MB and averaging them into note vectors took
 * 1.5 s; these files are 26 MB in all.
 *
 * A note vector is derived data: the int8 row `buildNoteMatrix` makes from the note's chunk
 * vectors, byte for byte. It is only trusted when it matches the records it was saved with:
 * the file lists the bucket's notes in the order of their records file, each with a key hashed
 * from its path and chunk ids (`noteVectorKey`), so a file that does not belong to the records
 * beside it is refused, and the matrix is then built from the passage vectors as before.
 *
 * Layout of the payload: the header of every vector file (model-header.ts: dims, count, model id),
 * count u32 keys, count little-endian Float32 scales (0: the note has no vector yet), count ×
 * dims int8 codes.
 */

export const NOTE_VECTORS_KIND = 'notevec';

export interface NoteVectorBucket {
  modelId: string;
  dims: number;
  /** One per note of the bucket, in the records file's order. */
  keys: Uint32Array;
  /** Row i is note i's vector; a scale of 0 means it has none. */
  rows: Int8Rows;
}

/** What a saved note vector belongs to: the note's path and the chunks its vector is the mean of. */
export function noteVectorKey(record: Pick<NoteRecord, 'path' | 'chunks'>): number {
  // The hash of the path and the ids joined by newlines, without making that string for every note.
  let h = fnv1a32Continue(FNV1A32_START, record.path);
  for (const chunk of record.chunks) h = fnv1a32Continue(fnv1a32Continue(h, '\n'), chunk.id);
  return h >>> 0;
}

/** Encodes a bucket's note vectors, checksummed in slices with `breathe()` between. */
export function encodeNoteVectors(bucket: NoteVectorBucket, breathe: () => Promise<void>): Promise<Uint8Array> {
  const { dims, keys, rows } = bucket;
  const count = keys.length;
  if (rows.dims !== dims || rows.scales.length !== count || rows.codes.length !== count * dims) {
    throw new Error('note vectors: keys and vectors disagree');
  }
  const { model, bodyAt: keysAt } = encodeModelId(bucket.modelId);
  const scalesAt = keysAt + count * 4;
  const codesAt = scalesAt + count * 4;
  const payload = new Uint8Array(codesAt + count * dims);
  const view = new DataView(payload.buffer);
  writeModelHeader(payload, dims, count, model);
  for (let i = 0; i < count; i++) {
    view.setUint32(keysAt + i * 4, keys[i], true);
    view.setFloat32(scalesAt + i * 4, rows.scales[i], true);
  }
  payload.set(new Uint8Array(rows.codes.buffer, rows.codes.byteOffset, rows.codes.byteLength), codesAt);
  return sealFileInSlices(NOTE_VECTORS_KIND, payload, breathe);
}

/** Decodes a bucket's note vectors; throws {@link DamagedFileError} when damaged or malformed. */
export function decodeNoteVectors(bytes: Uint8Array): NoteVectorBucket {
  const payload = openSealedFile(NOTE_VECTORS_KIND, bytes);
  const { dims, count, modelId, bodyAt: keysAt } = readModelHeader(payload, 'note vectors');
  const scalesAt = keysAt + count * 4;
  const codesAt = scalesAt + count * 4;
  if (dims === 0 || payload.length !== codesAt + count * dims) throw new DamagedFileError('note vectors sizes disagree');
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const keys = new Uint32Array(count);
  const scales = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    keys[i] = view.getUint32(keysAt + i * 4, true);
    scales[i] = view.getFloat32(scalesAt + i * 4, true);
    if (!(scales[i] >= 0)) throw new DamagedFileError('note vectors scale out of range');
  }
  // A view, not a copy: the codes are nearly all of the file, and opening copies each row into
  // the note matrix at once (load-index.ts), after which nothing holds these bytes.
  const codes = payload.subarray(codesAt, codesAt + count * dims);
  return { modelId, dims, keys, rows: { dims, codes: new Int8Array(codes.buffer, codes.byteOffset, codes.length), scales } };
}
