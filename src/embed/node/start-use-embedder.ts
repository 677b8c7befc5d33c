/** Starts USE-lite in the current Node thread: backend, graph from verified bytes, embedder. */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { chooseBackend, type BackendName } from '../choose-backend';
import { loadUseModel } from '../load-use-model';
import { UseEmbedder, type EmbedTuning } from '../use-embedder';
import type { VerifiedModelFiles } from '../verify-model';

/** The backends a Node process can run (no WebGL here). */
export type NodeBackend = Extract<BackendName, 'wasm' | 'cpu'>;

/** Loads the verified model on `backend` (wasm falls back to cpu if it cannot start) and wraps it as an Embedder. */
export async function startUseEmbedder(
  verified: VerifiedModelFiles,
  backend: NodeBackend,
  batchSize?: number,
  tuning?: Partial<EmbedTuning>,
): Promise<{ embedder: UseEmbedder; backend: BackendName }> {
  const chosen = await chooseBackend(backend, ['wasm', 'cpu']);
  const model = await loadUseModel(verified, { simdAttention: tuning?.simdAttention });
  return { embedder: new UseEmbedder(model, batchSize, tuning), backend: chosen.backend };
}
