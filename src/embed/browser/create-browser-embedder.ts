/**
 * The Embedder for Obsidian: verifies the model files, then runs USE-lite in a Web Worker started
 * from the bundled worker source (no file or network access for the worker itself).
 */
import workerSource from 'kindred:embed-worker-source';
import type { BackendPreference } from '../choose-backend';
import { verifyModelFiles, type ModelFileSource } from '../verify-model';
import { WebWorkerEmbedder } from './web-worker-embedder';

export interface BrowserEmbedderOptions {
  /** Where the model files are: `blobStoreModelSource(store)` after `downloadModel`, or a folder the user named. */
  source: ModelFileSource;
  /** The `backend` setting; 'auto' tries webgl, then wasm, then cpu. */
  backend?: BackendPreference;
  batchSize?: number;
}

/**
 * Verifies the USE-lite files in `source` against their pinned SHA-256 (rejecting with a
 * `ModelFileError` that names a missing or damaged file) and starts the embedding worker.
 * The result's `backend` says which tfjs backend it runs on.
 */
export async function createBrowserEmbedder(options: BrowserEmbedderOptions): Promise<WebWorkerEmbedder> {
  const files = await verifyModelFiles(options.source);
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  try {
    return await WebWorkerEmbedder.start(url, files, options);
  } finally {
    URL.revokeObjectURL(url);
  }
}
