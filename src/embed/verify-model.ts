/**
 * Checks model files against their pinned SHA-256 before a single byte reaches tfjs.
 * Runs in Node and in Obsidian (the Web Crypto `crypto` global both have), so both load the
 * same verified bytes the same way.
 */
import { USE_LITE_FILES, USE_LITE_MODEL_ID, type PinnedModelFile } from './model-files';

/** Somewhere the model files may be: a folder, the installed npm package, the plugin's own folder. */
export interface ModelFileSource {
  /** Where the files are looked for, in words a person can act on (a folder path, say). */
  readonly location: string;
  /** The file's bytes, or `null` when it is not there. */
  read(name: string): Promise<Uint8Array | null>;
}

export type ModelFileProblem = 'missing' | 'damaged';

/** A model file that is absent or not the pinned one; the message names the file and where Kindred looked. */
export class ModelFileError extends Error {
  constructor(
    readonly problem: ModelFileProblem,
    readonly file: string,
    readonly location: string,
    message: string,
  ) {
    super(message);
    this.name = 'ModelFileError';
  }
}

/** The model's files, every one of them checked against its pinned hash. */
export interface VerifiedModelFiles {
  readonly modelId: string;
  /** File name → bytes, for every file in `USE_LITE_FILES`. */
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** Lower-case hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Whether `bytes` are exactly the pinned file (size first, so a truncated shard is not hashed). */
export async function matchesPin(pin: PinnedModelFile, bytes: Uint8Array): Promise<boolean> {
  return bytes.byteLength === pin.size && (await sha256Hex(bytes)) === pin.sha256;
}

/** The error for a file that is there but is not the pinned one. */
export function damagedFileError(pin: PinnedModelFile, location: string, actualSize: number): ModelFileError {
  const sizeNote = actualSize === pin.size ? '' : ` (expected ${pin.size} bytes, found ${actualSize})`;
  return new ModelFileError(
    'damaged',
    pin.name,
    location,
    `${pin.name} does not match its pinned SHA-256: the file is damaged or not the expected version${sizeNote}. Looked in ${location}.`,
  );
}

/**
 * Reads every USE-lite file from `source` and checks it against its pinned SHA-256.
 * Rejects with a `ModelFileError` naming the first file that is missing or wrong and where it looked;
 * nothing is loaded from a source that fails.
 */
export async function verifyModelFiles(source: ModelFileSource): Promise<VerifiedModelFiles> {
  const files = new Map<string, Uint8Array>();
  for (const pin of USE_LITE_FILES) {
    const bytes = await source.read(pin.name);
    if (bytes === null) {
      throw new ModelFileError(
        'missing',
        pin.name,
        source.location,
        `The model file ${pin.name} is missing: looked in ${source.location}.`,
      );
    }
    if (!(await matchesPin(pin, bytes))) throw damagedFileError(pin, source.location, bytes.byteLength);
    files.set(pin.name, bytes);
  }
  return { modelId: USE_LITE_MODEL_ID, files };
}
