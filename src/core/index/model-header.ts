import { DamagedFileError } from './checksum';

/**
 * The header every vector file's payload starts with (vector shards, note vectors): u32 dims,
 * u32 count, u32 model-id length, the model id (UTF-8, padded to 4), all little-endian. What
 * follows it is the file's own.
 */
export interface ModelHeader {
  dims: number;
  count: number;
  modelId: string;
  /** Where the file's own part starts, 4-aligned. */
  bodyAt: number;
}

/** The model id as the header holds it, and where the body will start after it. */
export function encodeModelId(modelId: string): { model: Uint8Array; bodyAt: number } {
  const model = new TextEncoder().encode(modelId);
  return { model, bodyAt: 12 + Math.ceil(model.length / 4) * 4 };
}

/** Writes the header at the start of `payload` (`model` from {@link encodeModelId}). */
export function writeModelHeader(payload: Uint8Array, dims: number, count: number, model: Uint8Array): void {
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  view.setUint32(0, dims, true);
  view.setUint32(4, count, true);
  view.setUint32(8, model.length, true);
  payload.set(model, 12);
}

/** Reads the header; `what` names the file in the error when there is none ("vector shard header missing"). */
export function readModelHeader(payload: Uint8Array, what: string): ModelHeader {
  if (payload.length < 12) throw new DamagedFileError(`${what} header missing`);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const dims = view.getUint32(0, true);
  const count = view.getUint32(4, true);
  const modelLength = view.getUint32(8, true);
  const bodyAt = 12 + Math.ceil(modelLength / 4) * 4;
  if (payload.length < bodyAt) throw new DamagedFileError(`${what} sizes disagree`);
  const modelId = new TextDecoder().decode(payload.subarray(12, 12 + modelLength));
  return { dims, count, modelId, bodyAt };
}
