/**
 * The Web Worker that runs USE-lite inside Obsidian, off the UI thread. Bundled on its own into a
 * string (esbuild.config.mjs) and started from a Blob URL; the wasm binaries are inlined in it
 * and handed to tfjs as Blob URLs, so nothing is fetched from the network.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm';
import simdWasm from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import { chooseBackend } from '../choose-backend';
import { loadUseModel } from '../load-use-model';
import { UseEmbedder } from '../use-embedder';
import type { BrowserWorkerReply, BrowserWorkerRequest } from './worker-protocol';

interface WorkerScope {
  postMessage(message: BrowserWorkerReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<BrowserWorkerRequest>) => void) | null;
}
const scope = self as unknown as WorkerScope;

function wasmUrl(bytes: Uint8Array): string {
  return URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/wasm' }));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let embedder: UseEmbedder | null = null;

async function init(request: Extract<BrowserWorkerRequest, { type: 'init' }>): Promise<void> {
  const simd = wasmUrl(simdWasm);
  // Threads are off (choose-backend), so the threaded binary is never asked for; map it anyway.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmUrl(plainWasm),
    'tfjs-backend-wasm-simd.wasm': simd,
    'tfjs-backend-wasm-threaded-simd.wasm': simd,
  });
  const chosen = await chooseBackend(request.backend, ['webgl', 'wasm', 'cpu']);
  const model = await loadUseModel({ modelId: request.modelId, files: new Map(request.files) });
  embedder = new UseEmbedder(model, request.batchSize);
  scope.postMessage({ type: 'ready', backend: chosen.backend, failed: chosen.failed });
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === 'init') {
    init(request).catch((error: unknown) => scope.postMessage({ type: 'failed', message: messageOf(error) }));
    return;
  }
  const current = embedder;
  if (!current) {
    scope.postMessage({ type: 'error', id: request.id, message: 'The model is not loaded yet.' });
    return;
  }
  current.embed(request.texts).then(
    (vectors) => {
      const flat = new Float32Array(vectors.length * current.dims);
      vectors.forEach((v, i) => flat.set(v, i * current.dims));
      scope.postMessage({ type: 'vectors', id: request.id, vectors: flat, count: vectors.length, dims: current.dims }, [
        flat.buffer,
      ]);
    },
    (error: unknown) => scope.postMessage({ type: 'error', id: request.id, message: messageOf(error) }),
  );
};
