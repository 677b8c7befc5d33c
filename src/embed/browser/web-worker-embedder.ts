/**
 * The Embedder port over one Web Worker running USE-lite. Requests are answered in the order sent,
 * one at a time, so the UI thread never blocks on inference.
 */
import type { Embedder } from '../../core/ports';
import type { BackendName, BackendPreference } from '../choose-backend';
import { USE_LITE_DIMS } from '../model-files';
import { DEFAULT_BATCH_SIZE } from '../batch-size';
import type { VerifiedModelFiles } from '../verify-model';
import type { BrowserWorkerReply, BrowserWorkerRequest } from './worker-protocol';

interface Pending {
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

export interface WebWorkerEmbedderOptions {
  backend?: BackendPreference;
  batchSize?: number;
}

function abortError(): Error {
  const error = new Error('Embedding was cancelled.');
  error.name = 'AbortError';
  return error;
}

/** USE-lite in a Web Worker behind the Embedder port; start it with `createBrowserEmbedder`. */
export class WebWorkerEmbedder implements Embedder {
  readonly dims = USE_LITE_DIMS;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private stopped: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    readonly modelId: string,
    /** The backend the worker chose (webgl, wasm or cpu). */
    readonly backend: BackendName,
    /** Backends tried first that could not start, with why (for the settings tab). */
    readonly failedBackends: { backend: BackendName; reason: string }[],
  ) {
    worker.onmessage = (event: MessageEvent<BrowserWorkerReply>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => this.stop(new Error(`The embedding worker stopped: ${event.message}`));
  }

  /**
   * Starts the worker at `workerUrl` with verified model files and waits until the model is loaded.
   * The files are copied to the worker; the caller may drop its own copy afterwards.
   */
  static start(
    workerUrl: string,
    files: VerifiedModelFiles,
    options: WebWorkerEmbedderOptions = {},
  ): Promise<WebWorkerEmbedder> {
    const worker = new Worker(workerUrl);
    return new Promise((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<BrowserWorkerReply>) => {
        const reply = event.data;
        if (reply.type === 'ready') resolve(new WebWorkerEmbedder(worker, files.modelId, reply.backend, reply.failed));
        else {
          worker.terminate();
          reject(new Error(`The embedding model could not start: ${reply.type === 'failed' ? reply.message : reply.type}`));
        }
      };
      worker.onerror = (event: ErrorEvent) => {
        worker.terminate();
        reject(new Error(`The embedding worker could not start: ${event.message}`));
      };
      const init: BrowserWorkerRequest = {
        type: 'init',
        modelId: files.modelId,
        files: [...files.files],
        backend: options.backend ?? 'auto',
        batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      };
      worker.postMessage(init);
    });
  }

  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    if (signal?.aborted) return Promise.reject(abortError());
    if (texts.length === 0) return Promise.resolve([]);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // A cancelled call stops waiting; the worker finishes the batch and its answer is dropped.
      const onAbort = (): void => {
        this.pending.delete(id);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: (v) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(v);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      });
      const request: BrowserWorkerRequest = { type: 'embed', id, texts };
      this.worker.postMessage(request);
    });
  }

  dispose(): Promise<void> {
    this.stop(new Error('This embedder has been disposed.'));
    return Promise.resolve();
  }

  private stop(reason: Error): void {
    if (!this.stopped) this.stopped = reason;
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(reason);
    this.pending.clear();
  }

  private receive(reply: BrowserWorkerReply): void {
    if (reply.type !== 'vectors' && reply.type !== 'error') return;
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (reply.type === 'error') {
      pending.reject(new Error(reply.message));
      return;
    }
    const out: Float32Array[] = [];
    for (let i = 0; i < reply.count; i++) out.push(reply.vectors.slice(i * reply.dims, (i + 1) * reply.dims));
    pending.resolve(out);
  }
}
