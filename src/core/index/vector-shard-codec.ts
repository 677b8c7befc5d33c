import { DamagedFileError, openSealedFile, sealFile, sealFileInSlices } from './checksum';

/**
 * One vector shard: chunk ids and their vectors as little-endian Float32, sealed with a checksum.
 * Layout of the payload: u32 dims, u32 count, u32 model-id length, model id (UTF-8, padded to 4),
 * count × 16-byte ids, count × dims floats.
 */

export const SHARD_KIND = 'vectors';
/** The most a shard may hold, so no file is ever too big to read or write in one go. */
export const MAX_SHARD_BYTES = 32 * 1024 * 1024;

export interface VectorShard {
  modelId: string;
  dims: number;
  /** 32 hex digits each. */
  ids: string[];
  /** `ids.length × dims` values, row i for `ids[i]`. */
  vectors: Float32Array;
}

/** How many vectors of `dims` fit in one shard. */
export function vectorsPerShard(dims: number): number {
  return Math.max(1, Math.floor((MAX_SHARD_BYTES - 4096) / (dims * 4 + 16)));
}

/** Encodes a shard (the caller keeps it within {@link vectorsPerShard}). */
export function encodeVectorShard(shard: VectorShard): Uint8Array {
  return sealFile(SHARD_KIND, shardPayload(shard));
}

/** As {@link encodeVectorShard}, checksummed in slices with `breathe()` between (same bytes). */
export function encodeVectorShardInSlices(shard: VectorShard, breathe: () => Promise<void>): Promise<Uint8Array> {
  return sealFileInSlices(SHARD_KIND, shardPayload(shard), breathe);
}

function shardPayload(shard: VectorShard): Uint8Array {
  const { dims, ids, vectors } = shard;
  if (vectors.length !== ids.length * dims) throw new Error('vector shard: ids and vectors disagree');
  const model = new TextEncoder().encode(shard.modelId);
  const modelPadded = Math.ceil(model.length / 4) * 4;
  const idsAt = 12 + modelPadded;
  const vectorsAt = idsAt + ids.length * 16;
  const payload = new Uint8Array(vectorsAt + vectors.length * 4);
  const view = new DataView(payload.buffer);
  view.setUint32(0, dims, true);
  view.setUint32(4, ids.length, true);
  view.setUint32(8, model.length, true);
  payload.set(model, 12);
  ids.forEach((id, i) => writeHexId(id, payload, idsAt + i * 16));
  if (littleEndianPlatform()) {
    // The floats are already little-endian in memory: one copy instead of a call per value
    // (8 M values in a full 512-d shard).
    payload.set(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength), vectorsAt);
  } else {
    for (let i = 0; i < vectors.length; i++) view.setFloat32(vectorsAt + i * 4, vectors[i], true);
  }
  return payload;
}

/**
 * Decodes a shard; throws {@link DamagedFileError} when it is damaged or malformed. On
 * little-endian platforms the vectors are a view into `bytes`, which the caller must not reuse.
 */
export function decodeVectorShard(bytes: Uint8Array): VectorShard {
  const payload = openSealedFile(SHARD_KIND, bytes);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload.length < 12) throw new DamagedFileError('vector shard header missing');
  const dims = view.getUint32(0, true);
  const count = view.getUint32(4, true);
  const modelLength = view.getUint32(8, true);
  const idsAt = 12 + Math.ceil(modelLength / 4) * 4;
  const vectorsAt = idsAt + count * 16;
  if (dims === 0 || payload.length !== vectorsAt + count * dims * 4) throw new DamagedFileError('vector shard sizes disagree');
  const modelId = new TextDecoder().decode(payload.subarray(12, 12 + modelLength));
  const ids = hexIds(payload.subarray(idsAt, vectorsAt), count);
  if (littleEndianPlatform() && (payload.byteOffset + vectorsAt) % 4 === 0) {
    // A view, not a copy: at start-up this is 150 MB of vectors at 10,000 notes, and copying
    // it cost a second allocation of that size plus the garbage collection after.
    return { modelId, dims, ids, vectors: new Float32Array(payload.buffer, payload.byteOffset + vectorsAt, count * dims) };
  }
  const vectors = new Float32Array(count * dims);
  for (let i = 0; i < vectors.length; i++) vectors[i] = view.getFloat32(vectorsAt + i * 4, true);
  return { modelId, dims, ids, vectors };
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
