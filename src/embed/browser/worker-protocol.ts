/** The messages between Obsidian's main thread and the embedding Web Worker. */
import type { BackendName, BackendPreference } from '../choose-backend';

export interface BrowserWorkerInit {
  type: 'init';
  modelId: string;
  /** Verified model files (checked on the main thread before they are sent). */
  files: [string, Uint8Array][];
  backend: BackendPreference;
  batchSize: number;
}

export interface BrowserWorkerEmbed {
  type: 'embed';
  id: number;
  texts: string[];
}

export type BrowserWorkerRequest = BrowserWorkerInit | BrowserWorkerEmbed;

export type BrowserWorkerReply =
  | { type: 'ready'; backend: BackendName; failed: { backend: BackendName; reason: string }[] }
  | { type: 'failed'; message: string }
  /** `count` vectors of `dims` floats, back to back. */
  | { type: 'vectors'; id: number; vectors: Float32Array; count: number; dims: number }
  | { type: 'error'; id: number; message: string };
