/**
 * Several embedders of one model behind one Embedder: a call is cut into batches of texts of about
 * the same length (`batchesByLength`) that idle members take in turn, and the vectors come back
 * in input order. Inside Obsidian the members are Web Workers, one model each.
 * Its own file, free of tfjs, so the main-thread bundle can use it.
 */
import type { Embedder } from '../core/ports';
import { batchesByLength } from './model-input';

interface Job {
  texts: string[];
  resolve: (vectors: Float32Array[]) => void;
  reject: (error: Error) => void;
}

function abortError(): Error {
  const error = new Error('Embedding was cancelled.');
  error.name = 'AbortError';
  return error;
}

export class EmbedderPool<M extends Embedder = Embedder> implements Embedder {
  readonly modelId: string;
  readonly dims: number;
  private readonly queue: Job[] = [];
  private readonly idle: M[];

  constructor(
    /** At least one, all of the same model. */
    readonly members: readonly M[],
    private readonly batchSize: number,
  ) {
    if (members.length === 0) throw new Error('An embedder pool needs at least one member.');
    if (members.some((m) => m.modelId !== members[0].modelId || m.dims !== members[0].dims)) {
      throw new Error('The members of an embedder pool must run the same model.');
    }
    this.modelId = members[0].modelId;
    this.dims = members[0].dims;
    this.idle = [...members];
  }

  get size(): number {
    return this.members.length;
  }

  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    if (signal?.aborted) throw abortError();
    const batches = batchesByLength(texts.map((t) => t.length), this.batchSize);
    const jobs: Job[] = [];
    const results = batches.map(
      (batch) =>
        new Promise<Float32Array[]>((resolve, reject) => {
          jobs.push({ texts: batch.map((i) => texts[i]), resolve, reject });
        }),
    );
    this.queue.push(...jobs);
    this.dispatch();
    // Batches still waiting are dropped; those a member has begun finish and are not used.
    const onAbort = (): void => {
      for (const job of jobs) {
        const at = this.queue.indexOf(job);
        if (at >= 0) this.queue.splice(at, 1);
        job.reject(abortError());
      }
    };
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
    for (const job of this.queue.splice(0)) job.reject(new Error('The embedder was disposed.'));
    await Promise.all(this.members.map((m) => m.dispose()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const member = this.idle.shift() as M;
      const job = this.queue.shift() as Job;
      member.embed(job.texts).then(
        (vectors) => {
          job.resolve(vectors);
          this.idle.push(member);
          this.dispatch();
        },
        (error: unknown) => {
          job.reject(error instanceof Error ? error : new Error(String(error)));
          this.idle.push(member);
          this.dispatch();
        },
      );
    }
  }
}

/**
 * How many embedding workers to run inside Obsidian: one per core but one (the UI keeps a core),
 * no more than a quarter of the device's memory holds at `WORKER_MEMORY_MB` each, at most
 * `MAX_WORKERS`; one on a phone or tablet, and one on webgl (the workers would share one GPU).
 */
export function embeddingWorkerCount(machine: { cores?: number; deviceMemoryGB?: number; mobile: boolean; backend?: string }): number {
  if (machine.mobile || machine.backend === 'webgl') return 1;
  const byCores = Math.max(1, (machine.cores ?? 2) - 1);
  const byMemory = machine.deviceMemoryGB ? Math.max(1, Math.floor((machine.deviceMemoryGB * 1024) / 4 / WORKER_MEMORY_MB)) : MAX_WORKERS;
  return Math.min(byCores, byMemory, MAX_WORKERS);
}

/** Beyond 4 the gain per worker is small and each one holds its own copy of the model. */
export const MAX_WORKERS = 4;

/**
 * What one embedding worker holds: the model (28 MB of weights, in the worker and in the wasm
 * heap), tfjs's wasm heap for a batch (activations up to 16 × 128 × 1536 floats) and the worker
 * itself. Measured in Node: 220 to 300 MB more RSS per worker thread, model loaded, after a batch
 * of 32 passages (process.memoryUsage().rss around createNodeEmbedder); not measured in Chromium.
 */
export const WORKER_MEMORY_MB = 250;
