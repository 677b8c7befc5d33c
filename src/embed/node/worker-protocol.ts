/** The messages between the Node embedder pool and its `embed-worker` threads. */
import type { BackendName } from '../choose-backend';
import type { EmbedTuning } from '../use-embedder';
import type { NodeBackend } from './start-use-embedder';

/** What a worker is started with: the verified model bytes (never a path to re-read) and its settings. */
export interface EmbedWorkerData {
  modelId: string;
  files: [string, Uint8Array][];
  backend: NodeBackend;
  batchSize: number;
  tuning?: Partial<EmbedTuning>;
}

export interface EmbedRequest {
  type: 'embed';
  id: number;
  texts: string[];
}

export type EmbedWorkerMessage =
  | { type: 'ready'; backend: BackendName }
  | { type: 'failed'; message: string }
  /** `vectors` holds `count` vectors of `dims` floats, back to back. */
  | { type: 'vectors'; id: number; vectors: Float32Array; count: number; dims: number }
  | { type: 'error'; id: number; message: string };
