/**
 * The Embedder for Obsidian: verifies the model files, then runs USE-lite in Web Workers started
 * from the bundled worker source (no file or network access for the workers themselves), one
 * model each, behind one `EmbedderPool`.
 */
import workerSource from 'kindred:embed-worker-source';
import { DEFAULT_BATCH_SIZE } from '../batch-size';
import type { BackendName, BackendPreference } from '../choose-backend';
import { EmbedderPool } from '../embedder-pool';
import { verifyModelFiles, type ModelFileSource } from '../verify-model';
import { WebWorkerEmbedder } from './web-worker-embedder';

export interface BrowserEmbedderOptions {
  /** Where the model files are: `blobStoreModelSource(store)` after `downloadModel`, or a folder the user named. */
  source: ModelFileSource;
  /** The `backend` setting; 'auto' tries webgl, then wasm, then cpu. */
  backend?: BackendPreference;
  batchSize?: number;
  /** Web Workers to run (`embeddingWorkerCount`); one when the first starts on webgl. Default 1. */
  workers?: number;
}

/** The workers behind one Embedder, and the backend they run on. */
export class BrowserEmbedder extends EmbedderPool<WebWorkerEmbedder> {
  /** The backend the workers chose (webgl, wasm or cpu). */
  get backend(): BackendName {
    return this.members[0].backend;
  }

  /** Backends tried first that could not start, with why (for the settings tab). */
  get failedBackends(): { backend: BackendName; reason: string }[] {
    return this.members[0].failedBackends;
  }
}

/**
 * Verifies the USE-lite files in `source` against their pinned SHA-256 (rejecting with a
 * `ModelFileError` that names a missing or damaged file) and starts the embedding workers: the
 * first, then the others once it runs (not on webgl, where they would share one GPU). A worker
 * beyond the first that cannot start is left out; the first one failing fails the call.
 */
export async function createBrowserEmbedder(options: BrowserEmbedderOptions): Promise<BrowserEmbedder> {
  const files = await verifyModelFiles(options.source);
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  try {
    const first = await WebWorkerEmbedder.start(url, files, options);
    const more = first.backend === 'webgl' ? 0 : Math.max(0, (options.workers ?? 1) - 1);
    const started = await Promise.allSettled(Array.from({ length: more }, () => WebWorkerEmbedder.start(url, files, { ...options, backend: first.backend })));
    const others = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    return new BrowserEmbedder([first, ...others], options.batchSize ?? DEFAULT_BATCH_SIZE);
  } finally {
    URL.revokeObjectURL(url);
  }
}
