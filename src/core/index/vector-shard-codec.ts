import { DamagedFileError, openSealedFile, openSealedFileInSlices, sealFile, sealFileInSlices, sealedKind } from './checksum';
import { quantiseRows, type Int8Rows } from './int8-vectors';
import { encodeModelId, readModelHeader, writeModelHeader } from './model-header';

/**
 * One vector shard: chunk ids and their vectors as int8 codes with one float scale per vector
 * (see int8-vectors.ts), sealed with a checksum. Layout of the payload: u32 dims, u32 count,
 * u32 model-id length, model id (UTF-8, padded to 4), count × 16-byte ids, count little-endian
 * Float32 scales, count × dims int8 codes.
 *
 * Kindred before compact vectors wrote kind `vectors`: the same header and ids, then
 * count × dims little-endian Float32. Those are still read (and quantised as they are read, so
 * nothing is embedded again); only int8 shards are written.
 */

export const SHARD_KIND = 'vecint8';
/** The float shards of earlier versions: read, never written. */
export const FLOAT_SHARD_KIND = 'vectors';
/** The most a shard may hold, so no file is ever too big to read or write in one go. */
export const MAX_SHARD_BYTES = 32 * 1024 * 1024;

export interface VectorShard {
  modelId: string;
  dims: number;
  /** 32 hex digits each. */
  ids: string[];
  /** `ids.length` rows, row i for `ids[i]`. */
  rows: Int8Rows;
}

/** A decoded shard, and whether it came in the float format of earlier versions (to be rewritten). */
export interface DecodedShard extends VectorShard {
  format: 'int8' | 'float32';
}

/** How many vectors of `dims` fit in one shard. */
export function vectorsPerShard(dims: number): number {
  return Math.max(1, Math.floor((MAX_SHARD_BYTES - 4096) / (dims + 4 + 16)));
}

/** Encodes a shard (the caller keeps it within {@link vectorsPerShard}). */
export function encodeVectorShard(shard: VectorShard): Uint8Array {
  return sealFile(SHARD_KIND, shardPayload(shard));
}

/** As {@link encodeVectorShard}, checksummed in slices with `breathe()` between (same bytes). */
export function encodeVectorShardInSlices(shard: VectorShard, breathe: () => Promise<void>): Promise<Uint8Array> {
  return sealFileInSlices(SHARD_KIND, shardPayload(shard), breathe);
}

interface Layout {
  dims: number;
  count: number;
  modelId: string;
  idsAt: number;
  /** Where the per-vector values start (scales, or the floats of the old format). */
  valuesAt: number;
}

function shardPayload(shard: VectorShard): Uint8Array {
  const { dims, ids, rows } = shard;
  if (rows.dims !== dims || rows.scales.length !== ids.length || rows.codes.length !== ids.length * dims) {
    throw new Error('vector shard: ids and vectors disagree');
  }
  const { model, bodyAt: idsAt } = encodeModelId(shard.modelId);
  const scalesAt = idsAt + ids.length * 16;
  const codesAt = scalesAt + ids.length * 4;
  const payload = new Uint8Array(codesAt + rows.codes.length);
  const view = new DataView(payload.buffer);
  writeModelHeader(payload, dims, ids.length, model);
  ids.forEach((id, i) => writeHexId(id, payload, idsAt + i * 16));
  for (let i = 0; i < ids.length; i++) view.setFloat32(scalesAt + i * 4, rows.scales[i], true);
  payload.set(new Uint8Array(rows.codes.buffer, rows.codes.byteOffset, rows.codes.byteLength), codesAt);
  return payload;
}

/**
 * Decodes a shard of either format; throws {@link DamagedFileError} when it is damaged or
 * malformed. The codes of an int8 shard are a view into `bytes`, which the caller must not reuse;
 * a float shard is quantised into rows of its own (its bytes can go).
 */
export function decodeVectorShard(bytes: Uint8Array): DecodedShard {
  if (sealedKind(bytes) === FLOAT_SHARD_KIND) return decodeFloatShardQuantised(bytes);
  return decodeInt8Payload(openSealedFile(SHARD_KIND, bytes));
}

/**
 * As {@link decodeVectorShard}, with the checksum of an int8 shard taken in slices and
 * `breathe()` between them (opening reads shards on the UI thread, in the background).
 */
export async function decodeVectorShardInSlices(bytes: Uint8Array, breathe: () => Promise<void>): Promise<DecodedShard> {
  if (sealedKind(bytes) === FLOAT_SHARD_KIND) return decodeFloatShardQuantised(bytes);
  return decodeInt8Payload(await openSealedFileInSlices(SHARD_KIND, bytes, breathe));
}

function decodeFloatShardQuantised(bytes: Uint8Array): DecodedShard {
  const { vectors, ...shard } = decodeFloatShard(bytes);
  return { ...shard, rows: quantiseRows(vectors, shard.dims), format: 'float32' };
}

function decodeInt8Payload(payload: Uint8Array): DecodedShard {
  const { dims, count, modelId, idsAt, valuesAt } = readLayout(payload);
  const codesAt = valuesAt + count * 4;
  if (payload.length !== codesAt + count * dims) throw new DamagedFileError('vector shard sizes disagree');
  const ids = hexIds(payload.subarray(idsAt, valuesAt), count);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const scales = new Float32Array(count);
  for (let i = 0; i < count; i++) scales[i] = view.getFloat32(valuesAt + i * 4, true);
  const codes = new Int8Array(payload.buffer, payload.byteOffset + codesAt, count * dims);
  return { modelId, dims, ids, rows: { dims, codes, scales }, format: 'int8' };
}

/**
 * A float shard of earlier versions, its vectors as they were saved. Only for reading: the index
 * quantises them ({@link decodeVectorShard}); `bench/vector-quality.bench.ts` ranks with them as
 * the float baseline. On little-endian platforms the vectors are a view into `bytes`.
 */
export function decodeFloatShard(bytes: Uint8Array): { modelId: string; dims: number; ids: string[]; vectors: Float32Array } {
  const payload = openSealedFile(FLOAT_SHARD_KIND, bytes);
  const { dims, count, modelId, idsAt, valuesAt } = readLayout(payload);
  if (payload.length !== valuesAt + count * dims * 4) throw new DamagedFileError('vector shard sizes disagree');
  const ids = hexIds(payload.subarray(idsAt, valuesAt), count);
  if (littleEndianPlatform() && (payload.byteOffset + valuesAt) % 4 === 0) {
    return { modelId, dims, ids, vectors: new Float32Array(payload.buffer, payload.byteOffset + valuesAt, count * dims) };
  }
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const vectors = new Float32Array(count * dims);
  for (let i = 0; i < vectors.length; i++) vectors[i] = view.getFloat32(valuesAt + i * 4, true);
  return { modelId, dims, ids, vectors };
}

/** The header both formats share: dims, count, model id, and where the ids and the values start. */
function readLayout(payload: Uint8Array): Layout {
  const { dims, count, modelId, bodyAt: idsAt } = readModelHeader(payload, 'vector shard');
  const valuesAt = idsAt + count * 16;
  if (dims === 0 || payload.length < valuesAt) throw new DamagedFileError('vector shard sizes disagree');
  return { dims, count, modelId, idsAt, valuesAt };
}

function littleEndianPlatform(): boolean {
  return new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
}

/** Writes a 32-digit lower-case hex id as 16 bytes at `at` (one pass, no regex or parseInt: a shard holds thousands). */
function writeHexId(hex: string, out: Uint8Array, at: number): void {
  if (hex.length !== 32) throw new Error(`vector shard: bad chunk id ${hex}`);
  for (let i = 0; i < 16; i++) {
    const hi = hexDigit(hex.charCodeAt(i * 2));
    const lo = hexDigit(hex.charCodeAt(i * 2 + 1));
    if (hi < 0 || lo < 0) throw new Error(`vector shard: bad chunk id ${hex}`);
    out[at + i] = (hi << 4) | lo;
  }
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

const HEX_DIGITS = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));

/**
 * `count` 16-byte ids as 32-digit lower-case hex strings. The digits are written into one
 * buffer and decoded as one string that each id is a slice of: building 75,000 ids from
 * 16 two-digit pieces each made a million short-lived strings and cost more than the checksum.
 */
function hexIds(raw: Uint8Array, count: number): string[] {
  const digits = new Uint8Array(count * 32);
  for (let i = 0; i < count * 16; i++) {
    digits[2 * i] = HEX_DIGITS[raw[i] >> 4];
    digits[2 * i + 1] = HEX_DIGITS[raw[i] & 15];
  }
  const all = new TextDecoder('latin1').decode(digits);
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i++) ids[i] = all.slice(i * 32, i * 32 + 32);
  return ids;
}
