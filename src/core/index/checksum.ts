import { sha256 } from './sha256';

/**
 * Every index file is sealed: a fixed header naming its kind and format, the payload length and
 * the SHA-256 of the payload. A truncated, corrupted or foreign file is then recognised on load
 * and costs a rebuild of its part instead of wrong answers.
 */

const MAGIC = [0x4b, 0x4e, 0x44, 0x31]; // "KND1"
const HEADER_BYTES = 4 + 4 + 8 + 8 + 32;

/** Why a sealed file could not be opened, in words for a notice. */
export class DamagedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedFileError';
  }
}

/** Wraps `payload` in a header with its `kind` (up to 8 ASCII letters), length and checksum. */
export function sealFile(kind: string, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, 1, true);
  out.set(kindBytes(kind), 8);
  view.setBigUint64(16, BigInt(payload.length), true);
  out.set(sha256(payload), 24);
  out.set(payload, HEADER_BYTES);
  return out;
}

/** The payload of a file made by {@link sealFile}; throws {@link DamagedFileError} saying what is wrong. */
export function openSealedFile(kind: string, bytes: Uint8Array): Uint8Array {
  if (bytes.length < HEADER_BYTES) throw new DamagedFileError(`too short to be an index file (${bytes.length} bytes)`);
  if (MAGIC.some((m, i) => bytes[i] !== m)) throw new DamagedFileError('not a Kindred index file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const expectedKind = kindBytes(kind);
  if (expectedKind.some((k, i) => bytes[8 + i] !== k)) throw new DamagedFileError(`not a ${kind} file`);
  const length = Number(view.getBigUint64(16, true));
  if (bytes.length - HEADER_BYTES !== length) {
    throw new DamagedFileError(`truncated: ${bytes.length - HEADER_BYTES} of ${length} payload bytes`);
  }
  const payload = bytes.subarray(HEADER_BYTES);
  const digest = sha256(payload);
  for (let i = 0; i < 32; i++) {
    if (digest[i] !== bytes[24 + i]) throw new DamagedFileError('checksum mismatch: the file was damaged');
  }
  return payload;
}

/** The checksum recorded in a sealed file's header, as hex; lets the manifest pin each file it lists. */
export function sealedChecksum(bytes: Uint8Array): string {
  let s = '';
  for (const byte of bytes.subarray(24, 56)) s += (byte < 16 ? '0' : '') + byte.toString(16);
  return s;
}

function kindBytes(kind: string): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < Math.min(8, kind.length); i++) out[i] = kind.charCodeAt(i) & 0x7f;
  return out;
}
