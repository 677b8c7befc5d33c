/**
 * The Embedder port over a pool of `worker_threads`, each with its own USE-lite on one wasm
 * thread. A call is cut into batches of texts of about the same length (a batch is padded to its
 * longest text) that idle workers take in turn, so N workers embed about N batches at once;
 * vectors come back in input order.
 */
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Embedder } from '../../core/ports';
import type { BackendName } from '../choose-backend';
import { USE_LITE_DIMS } from '../model-files';
import { batchesByLength } from '../model-input';
import type { EmbedRequest, EmbedWorkerData, EmbedWorkerMessage } from './worker-protocol';

interface Job {
  texts: string[];
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

interface PoolWorker {
  worker: Worker;
  busy: Job | null;
}

/**
 * Where the worker entry is: `dist/embed-worker.js` beside the bundled CLI, or the TypeScript
 * source when running under tsx (tests, benchmarks), which workers inherit through execArgv.
 */
export function embedWorkerPath(): string {
  const built = join(__dirname, 'embed-worker.js');
  if (existsSync(built)) return built;
  const source = join(__dirname, 'embed-worker.ts');
  if (existsSync(source)) return source;
  throw new Error(`The embedding worker is missing: looked for ${built} and ${source}. Run npm run build.`);
}

function abortError(): Error {
  const error = new Error('Embedding was cancelled.');
  error.name = 'AbortError';
  return error;
}

/** Starts one worker and waits until its model is loaded. */
function startWorker(data: EmbedWorkerData): Promise<{ worker: Worker; backend: BackendName }> {
  return new Promise((resolve, reject) => {
    const path = embedWorkerPath();
    // Node 20 will not start a .ts file as a worker even with tsx's --import hooks, so under tsx
    // (tests, benchmarks) the worker is a one-line CommonJS shim that registers tsx and requires it.
    const worker = path.endsWith('.ts')
      ? new Worker(`require('tsx/cjs');require(${JSON.stringify(path)});`, { eval: true, workerData: data })
      : new Worker(path, { workerData: data });
    const onMessage = (message: EmbedWorkerMessage): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      if (message.type === 'ready') resolve({ worker, backend: message.backend });
      else {
        void worker.terminate();
        reject(new Error(`An embedding worker could not start: ${message.type === 'failed' ? message.message : message.type}`));
      }
    };
    const onError = (error: Error): void => {
      worker.off('message', onMessage);
      reject(new Error(`An embedding worker could not start: ${error.message}`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
  });
}

/** USE-lite on `size` worker threads behind the Embedder port; see the file comment for how work is shared. */
export class WorkerPoolEmbedder implements Embedder {
  readonly dims = USE_LITE_DIMS;
  private readonly queue: Job[] = [];
  private nextId = 0;
  private disposed = false;

  private constructor(
    readonly modelId: string,
    /** The backend the workers run on. */
    readonly backend: BackendName,
    private readonly workers: PoolWorker[],
    private readonly batchSize: number,
    private readonly batchByWidth: boolean,
  ) {
    for (const w of workers) this.listen(w);
  }

  /** Starts `count` workers with the verified model bytes in `data`; resolves once all are ready. */
  static async start(data: EmbedWorkerData, count: number): Promise<WorkerPoolEmbedder> {
    const started = await Promise.allSettled(Array.from({ length: count }, () => startWorker(data)));
    const ready = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failure) {
      await Promise.all(ready.map((r) => r.worker.terminate()));
      throw failure.reason;
    }
    return new WorkerPoolEmbedder(
      data.modelId,
      ready[0].backend,
      ready.map((r) => ({ worker: r.worker, busy: null })),
      data.batchSize,
      data.tuning?.batchByWidth ?? true,
    );
  }

  /** How many worker threads embed at once. */
  get size(): number {
    return this.workers.length;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (this.disposed) throw new Error('This embedder has been disposed.');
    if (signal?.aborted) throw abortError();
    const jobs: Job[] = [];
    const results: Promise<Float32Array[]>[] = [];
    // Characters stand in for tokens here: the workers tokenize.
    const batches = batchesByLength(texts.map((t) => t.length), this.batchSize, this.batchByWidth);
    for (const batch of batches) {
      results.push(
        new Promise((resolve, reject) => {
          jobs.push({ texts: batch.map((i) => texts[i]), resolve, reject });
        }),
      );
    }
    this.queue.push(...jobs);
    this.dispatch();
    const onAbort = (): void => this.cancelQueued(jobs);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const vectors = await Promise.all(results);
      const out = new Array<Float32Array>(texts.length);
      batches.forEach((batch, b) => batch.forEach((i, k) => (out[i] = vectors[b][k])));
      return out;
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('The embedder was disposed.'));
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  /** Rejects the jobs still waiting (the batches in flight finish; their results are dropped). */
  private cancelQueued(jobs: Job[]): void {
    for (const job of jobs) {
      const at = this.queue.indexOf(job);
      if (at >= 0) this.queue.splice(at, 1);
      job.reject(abortError());
    }
  }

  private dispatch(): void {
    for (const w of this.workers) {
      if (w.busy || this.queue.length === 0) continue;
      const job = this.queue.shift() as Job;
      w.busy = job;
      const request: EmbedRequest = { type: 'embed', id: this.nextId++, texts: job.texts };
      w.worker.postMessage(request);
    }
  }

  private listen(w: PoolWorker): void {
    w.worker.on('message', (message: EmbedWorkerMessage) => {
      const job = w.busy;
      w.busy = null;
      if (job) {
        if (message.type === 'vectors') {
          const out: Float32Array[] = [];
          for (let i = 0; i < message.count; i++) {
            out.push(message.vectors.slice(i * message.dims, (i + 1) * message.dims));
          }
          job.resolve(out);
        } else {
          job.reject(new Error(message.type === 'error' || message.type === 'failed' ? message.message : message.type));
        }
      }
      this.dispatch();
    });
    w.worker.on('error', (error: Error) => {
      // A dead worker leaves the pool; when none is left, nothing waiting can ever run.
      w.busy?.reject(new Error(`An embedding worker stopped: ${error.message}`));
      w.busy = null;
      this.workers.splice(this.workers.indexOf(w), 1);
      if (this.workers.length === 0) {
        for (const job of this.queue.splice(0)) job.reject(new Error('Every embedding worker has stopped.'));
      }
    });
  }
}
