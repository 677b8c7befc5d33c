import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FetchError, type Clock, type FetchRequest, type FetchResponse, type Fetcher } from '../../src/core/ports';
import {
  DOWNLOAD_RANGE_BYTES,
  MODEL_STORE_FOLDER,
  USE_LITE_MIRRORS,
  blobStoreModelSource,
  downloadModel,
  type DownloadProgress,
} from '../../src/embed/download-model';
import { USE_LITE_FILES, USE_LITE_TOTAL_BYTES } from '../../src/embed/model-files';
import { verifyModelFiles } from '../../src/embed/verify-model';
import { installedPackageModelDir } from '../../src/embed/node/folder-model-source';
import { MemoryBlobStore } from '../helpers/memory-vault';

const packageDir = installedPackageModelDir() as string;
const realFiles = new Map(USE_LITE_FILES.map((f) => [f.name, new Uint8Array(readFileSync(join(packageDir, f.name)))]));
const [jsdelivr, unpkg] = USE_LITE_MIRRORS;

type Fault = FetchResponse | FetchError | ((bytes: Uint8Array) => Uint8Array);

/**
 * Two mirrors serving the real model files with HTTP ranges, as jsDelivr and unpkg do. `faults`
 * maps a URL to what its next requests get instead (an error, a status, or altered bytes).
 */
class FakeMirrors implements Fetcher {
  readonly requests: FetchRequest[] = [];
  readonly faults = new Map<string, Fault[]>();
  ignoreRange = false;

  fetch(request: FetchRequest): Promise<FetchResponse> {
    this.requests.push(request);
    const fault = this.faults.get(request.url)?.shift();
    if (fault instanceof FetchError) return Promise.reject(fault);
    if (fault && !(fault instanceof Function)) return Promise.resolve(fault);
    const name = request.url.slice(request.url.lastIndexOf('/') + 1);
    const served = realFiles.get(name);
    if (!served || !USE_LITE_MIRRORS.some((m) => request.url.startsWith(m))) return Promise.resolve(status(404));
    const bytes: Uint8Array = fault ? fault(served) : served;
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers?.range ?? '');
    if (!range || this.ignoreRange) return Promise.resolve({ ...status(200), body: bytes.slice() });
    return Promise.resolve({ ...status(206), body: bytes.slice(Number(range[1]), Number(range[2]) + 1) });
  }
}

function status(code: number): FetchResponse {
  return { url: '', status: code, statusText: '', headers: {}, body: new Uint8Array(0) };
}

/** Runs every timer at once and remembers the delays asked for. */
class InstantClock implements Clock {
  readonly delays: number[] = [];
  now(): number {
    return 0;
  }
  setTimeout(fn: () => void, ms: number): () => void {
    this.delays.push(ms);
    fn();
    return () => undefined;
  }
}

function rangesFor(size: number): number {
  return Math.ceil(size / DOWNLOAD_RANGE_BYTES);
}

test('downloads every file in ranges, verifies it and keeps it under models/use-lite-0.2.0/', async () => {
  const fetcher = new FakeMirrors();
  const store = new MemoryBlobStore();
  const progress: DownloadProgress[] = [];
  const verified = await downloadModel({ fetcher, store, clock: new InstantClock(), onProgress: (p) => progress.push(p) });
  assert.equal(verified.files.size, 9);
  assert.deepEqual(
    await store.list(MODEL_STORE_FOLDER),
    USE_LITE_FILES.map((f) => `${MODEL_STORE_FOLDER}/${f.name}`).sort(),
  );
  await verifyModelFiles(blobStoreModelSource(store)); // what was kept passes the pinned check on its own
  assert.equal(fetcher.requests.length, USE_LITE_FILES.reduce((n, f) => n + rangesFor(f.size), 0));
  assert.ok(fetcher.requests.every((r) => r.url.startsWith(jsdelivr)));
  assert.deepEqual(progress.at(-1), {
    file: 'group1-shard7of7',
    bytesDone: USE_LITE_TOTAL_BYTES,
    bytesTotal: USE_LITE_TOTAL_BYTES,
    mirror: jsdelivr,
  });
  assert.ok(progress.every((p, i) => i === 0 || p.bytesDone >= progress[i - 1].bytesDone), 'progress never goes back');

  const again = new FakeMirrors();
  await downloadModel({ fetcher: again, store, clock: new InstantClock() });
  assert.equal(again.requests.length, 0, 'a complete model is not fetched twice');
});

test('resumes a partial file with a Range request from where it stopped', async () => {
  const fetcher = new FakeMirrors();
  const store = new MemoryBlobStore();
  const shard = realFiles.get('group1-shard2of7') as Uint8Array;
  await store.write(`${MODEL_STORE_FOLDER}/group1-shard2of7.part`, shard.slice(0, 1_500_000));
  await downloadModel({ fetcher, store, clock: new InstantClock() });
  const shardRequests = fetcher.requests.filter((r) => r.url.endsWith('group1-shard2of7'));
  assert.equal(shardRequests[0].headers?.range, `bytes=1500000-${1_500_000 + DOWNLOAD_RANGE_BYTES - 1}`);
  assert.equal(shardRequests.length, Math.ceil((shard.length - 1_500_000) / DOWNLOAD_RANGE_BYTES));
  assert.equal(await store.read(`${MODEL_STORE_FOLDER}/group1-shard2of7.part`), null);
});

test('retries a flaky mirror with growing waits, then moves to the next mirror', async () => {
  const fetcher = new FakeMirrors();
  const clock = new InstantClock();
  const networkDown = (): FetchError => new FetchError('network', jsdelivr + 'vocab.json', 'connection reset');
  fetcher.faults.set(jsdelivr + 'vocab.json', [networkDown(), status(503)]);
  fetcher.faults.set(jsdelivr + 'group1-shard1of7', [networkDown(), networkDown(), networkDown()]);
  const store = new MemoryBlobStore();
  await downloadModel({ fetcher, store, clock });
  assert.deepEqual(clock.delays, [1000, 2000, 1000, 2000]);
  assert.ok(fetcher.requests.some((r) => r.url === unpkg + 'group1-shard1of7'), 'shard 1 came from unpkg');
  await verifyModelFiles(blobStoreModelSource(store));
});

test('a mirror serving altered bytes is not trusted: the file comes from the next mirror', async () => {
  const fetcher = new FakeMirrors();
  fetcher.faults.set(jsdelivr + 'model.json', [
    (bytes) => {
      const altered = bytes.slice();
      altered[100] ^= 1;
      return altered;
    },
  ]);
  fetcher.ignoreRange = true; // and a mirror that sends whole files is fine
  const store = new MemoryBlobStore();
  const verified = await downloadModel({ fetcher, store, clock: new InstantClock() });
  assert.deepEqual(verified.files.get('model.json'), realFiles.get('model.json'));
  assert.deepEqual(
    fetcher.requests.filter((r) => r.url.endsWith('model.json')).map((r) => r.url),
    [jsdelivr + 'model.json', unpkg + 'model.json'],
  );
});

test('when no mirror has the file, the error names it and the mirrors, and nothing is kept for it', async () => {
  const fetcher = new FakeMirrors();
  fetcher.faults.set(jsdelivr + 'vocab.json', [status(404)]);
  fetcher.faults.set(unpkg + 'vocab.json', [status(404)]);
  const store = new MemoryBlobStore();
  await assert.rejects(
    downloadModel({ fetcher, store, clock: new InstantClock() }),
    /^ModelFileError: Could not download vocab\.json with its pinned SHA-256 from any mirror \(https:\/\/cdn\.jsdelivr\.net\/.*answered HTTP 404; https:\/\/unpkg\.com\/.*answered HTTP 404\)/,
  );
  assert.deepEqual(await store.list(MODEL_STORE_FOLDER), [`${MODEL_STORE_FOLDER}/model.json`]);
});

test('cancelling keeps what was downloaded so far for the next attempt', async () => {
  const fetcher = new FakeMirrors();
  const store = new MemoryBlobStore();
  const controller = new AbortController();
  const download = downloadModel({
    fetcher,
    store,
    clock: new InstantClock(),
    signal: controller.signal,
    onProgress: (p) => {
      if (p.file === 'group1-shard1of7' && p.bytesDone > 1_000_000) controller.abort();
    },
  });
  await assert.rejects(download, { name: 'AbortError' });
  const part = await store.read(`${MODEL_STORE_FOLDER}/group1-shard1of7.part`);
  assert.ok(part && part.length > 0 && part.length < 4194304);
});
