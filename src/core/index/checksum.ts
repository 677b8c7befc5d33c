/**
 * Every index file is sealed: a fixed header naming its kind and format, the payload length and
 * a 64-bit checksum of the payload. A truncated, corrupted or foreign file is then recognised on
 * load and costs a rebuild of its part instead of wrong answers. The checksum guards against
 * damage, not tampering, so it is a fast multiply-rotate hash over little-endian words (every
 * platform Obsidian runs on): the pure-JS SHA-256 ran at about
 * 30 MB/s here, which would have made verifying a 50 MB index cost seconds at every start.
 */

const MAGIC = [0x4b, 0x4e, 0x44, 0x31]; // "KND1"
const HEADER_BYTES = 4 + 4 + 8 + 8 + 8;

/** Why a sealed file could not be opened, in words for a notice. */
export class DamagedFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DamagedFileError';
  }
}

/** Wraps `payload` in a header with its `kind` (up to 8 ASCII letters), length and checksum. */
export function sealFile(kind: string, payload: Uint8Array): Uint8Array {
  return withHeader(kind, payload, checksum64(payload));
}

/**
 * As {@link sealFile}, with the checksum taken `sliceBytes` at a time and `breathe()` awaited
 * between slices, so sealing a 32 MB shard never holds the UI thread for long. Same bytes.
 */
export async function sealFileInSlices(kind: string, payload: Uint8Array, breathe: () => Promise<void>, sliceBytes = 1 << 20): Promise<Uint8Array> {
  return withHeader(kind, payload, await checksumInSlices(payload, breathe, sliceBytes));
}

/** {@link checksum64}, `sliceBytes` at a time with `breathe()` awaited after each slice. */
async function checksumInSlices(payload: Uint8Array, breathe: () => Promise<void>, sliceBytes: number): Promise<Uint8Array> {
  const sum = new Checksum64();
  for (let at = 0; at < payload.length; at += sliceBytes) {
    sum.update(payload.subarray(at, at + sliceBytes));
    await breathe();
  }
  return sum.digest();
}

function withHeader(kind: string, payload: Uint8Array, digest: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + payload.length);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(4, 1, true);
  out.set(kindBytes(kind), 8);
  view.setBigUint64(16, BigInt(payload.length), true);
  out.set(digest, 24);
  out.set(payload, HEADER_BYTES);
  return out;
}

/** The payload of a file made by {@link sealFile}; throws {@link DamagedFileError} saying what is wrong. */
export function openSealedFile(kind: string, bytes: Uint8Array): Uint8Array {
  const payload = sealedPayload(kind, bytes);
  checkDigest(checksum64(payload), bytes);
  return payload;
}

/**
 * As {@link openSealedFile}, with the checksum taken `sliceBytes` at a time and `breathe()`
 * awaited between slices: checking a 32 MB shard in one go held the UI thread for about 45 ms.
 */
export async function openSealedFileInSlices(kind: string, bytes: Uint8Array, breathe: () => Promise<void>, sliceBytes = 1 << 20): Promise<Uint8Array> {
  const payload = sealedPayload(kind, bytes);
  checkDigest(await checksumInSlices(payload, breathe, sliceBytes), bytes);
  return payload;
}

function checkDigest(digest: Uint8Array, bytes: Uint8Array): void {
  for (let i = 0; i < 8; i++) {
    if (digest[i] !== bytes[24 + i]) throw new DamagedFileError('checksum mismatch: the file was damaged');
  }
}

/** The payload of a sealed file whose header says `kind` and the right length (its checksum not checked yet). */
function sealedPayload(kind: string, bytes: Uint8Array): Uint8Array {
  if (bytes.length < HEADER_BYTES) throw new DamagedFileError(`too short to be an index file (${bytes.length} bytes)`);
  if (MAGIC.some((m, i) => bytes[i] !== m)) throw new DamagedFileError('not a Kindred index file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const expectedKind = kindBytes(kind);
  if (expectedKind.some((k, i) => bytes[8 + i] !== k)) throw new DamagedFileError(`not a ${kind} file`);
  const length = Number(view.getBigUint64(16, true));
  if (bytes.length - HEADER_BYTES !== length) {
    throw new DamagedFileError(`truncated: ${bytes.length - HEADER_BYTES} of ${length} payload bytes`);
  }
  return bytes.subarray(HEADER_BYTES);
}

/** The checksum recorded in a sealed file's header, as hex; lets the manifest pin each file it lists. */
export function sealedChecksum(bytes: Uint8Array): string {
  let s = '';
  for (const byte of bytes.subarray(24, 32)) s += (byte < 16 ? '0' : '') + byte.toString(16);
  return s;
}

function kindBytes(kind: string): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < Math.min(8, kind.length); i++) out[i] = kind.charCodeAt(i) & 0x7f;
  return out;
}

/**
 * Two independent 32-bit multiply-rotate lanes (MurmurHash3's mixing) over the payload's
 * 32-bit words, finalised with the length: any flipped bit or truncation changes it.
 */
export function checksum64(data: Uint8Array): Uint8Array {
  const sum = new Checksum64();
  sum.update(data);
  return sum.digest();
}

/**
 * {@link checksum64} fed piece by piece (same digest for the same bytes however they are cut),
 * so a large file can be checked in slices between which the UI thread gets a turn.
 */
export class Checksum64 {
  private h1 = 0x9747b28c;
  private h2 = 0x85ebca6b;
  private words = 0;
  private length = 0;
  /** Up to 3 bytes of an unfinished word, carried to the next piece. */
  private carry: number[] = [];

  update(data: Uint8Array): void {
    this.length += data.length;
    let at = 0;
    while (this.carry.length > 0 && this.carry.length < 4 && at < data.length) this.carry.push(data[at++]);
    if (this.carry.length === 4) {
      const [b0, b1, b2, b3] = this.carry;
      this.mix((b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)) >>> 0);
      this.carry = [];
    }
    const rest = data.subarray(at);
    const words = Math.floor(rest.length / 4);
    const aligned = rest.byteOffset % 4 === 0 ? rest : rest.slice(0, words * 4);
    const view = new Uint32Array(aligned.buffer, aligned.byteOffset, words);
    if (!littleEndian) {
      for (let i = 0; i < words; i++) this.mix((rest[i * 4] | (rest[i * 4 + 1] << 8) | (rest[i * 4 + 2] << 16) | (rest[i * 4 + 3] << 24)) >>> 0);
    } else {
      // The hot loop, inlined: this runs over every byte of the index on every save and load.
      let { h1, h2, words: n } = this;
      for (let i = 0; i < words; i++, n++) {
        let k = Math.imul(view[i], 0xcc9e2d51);
        k = (k << 15) | (k >>> 17);
        k = Math.imul(k, 0x1b873593);
        h1 ^= k;
        h1 = (h1 << 13) | (h1 >>> 19);
        h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
        h2 ^= Math.imul(k, 0x2545f491) ^ n;
        h2 = (h2 << 17) | (h2 >>> 15);
        h2 = (Math.imul(h2, 9) + 0x7f4a7c15) | 0;
      }
      this.h1 = h1;
      this.h2 = h2;
      this.words = n;
    }
    for (let i = at + words * 4; i < data.length; i++) this.carry.push(data[i]);
  }

  /** The 8-byte digest of everything fed so far. */
  digest(): Uint8Array {
    let tail = 0;
    for (const byte of this.carry) tail = (tail << 8) | byte;
    const h1 = fmix(this.h1 ^ tail ^ this.length);
    const h2 = fmix(this.h2 ^ Math.imul(tail, 0x1b873593) ^ (this.length * 0x10001));
    const out = new Uint8Array(8);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, h1 >>> 0, true);
    dv.setUint32(4, h2 >>> 0, true);
    return out;
  }

  private mix(word: number): void {
    let k = Math.imul(word, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h1 = this.h1 ^ k;
    h1 = (h1 << 13) | (h1 >>> 19);
    this.h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
    let h2 = this.h2 ^ (Math.imul(k, 0x2545f491) ^ this.words++);
    h2 = (h2 << 17) | (h2 >>> 15);
    this.h2 = (Math.imul(h2, 9) + 0x7f4a7c15) | 0;
  }
}

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The kind named in a sealed file's header (its first 8 ASCII letters), or `null` when it is not one. */
export function sealedKind(bytes: Uint8Array): string | null {
  if (bytes.length < HEADER_BYTES || MAGIC.some((m, i) => bytes[i] !== m)) return null;
  let kind = '';
  for (let i = 8; i < 16 && bytes[i] !== 0; i++) kind += String.fromCharCode(bytes[i]);
  return kind;
}
