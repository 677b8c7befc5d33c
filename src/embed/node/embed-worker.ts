/**
 * A `worker_threads` entry: one USE-lite on its own thread, embedding what the pool sends.
 * Built to `dist/embed-worker.js`; under tsx the pool starts this file directly.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { EmbedRequest, EmbedWorkerData, EmbedWorkerMessage } from './worker-protocol';
import { startUseEmbedder } from './start-use-embedder';

function post(message: EmbedWorkerMessage, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function run(): Promise<void> {
  const data = workerData as EmbedWorkerData;
  // The bytes were verified by the pool before the worker started; they are not re-read from disk.
  const verified = { modelId: data.modelId, files: new Map(data.files) };
  const { embedder, backend } = await startUseEmbedder(verified, data.backend, data.batchSize, data.tuning);
  parentPort?.on('message', (request: EmbedRequest) => {
    embedder.embed(request.texts).then(
      (vectors) => {
        const flat = new Float32Array(vectors.length * embedder.dims);
        vectors.forEach((v, i) => flat.set(v, i * embedder.dims));
        post({ type: 'vectors', id: request.id, vectors: flat, count: vectors.length, dims: embedder.dims }, [
          flat.buffer,
        ]);
      },
      (error: unknown) => post({ type: 'error', id: request.id, message: messageOf(error) }),
    );
  });
  post({ type: 'ready', backend });
}

run().catch((error: unknown) => post({ type: 'failed', message: messageOf(error) }));
