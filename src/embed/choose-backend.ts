/**
 * Picks the tfjs backend: webgl where it works, else wasm (SIMD when the engine has it), else cpu.
 * A setting can put one backend first; if it cannot start, the next in that order is used and
 * the result says so, because a keyword-only plugin is better than one that fails to load.
 */
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/** The default order of preference, fastest first. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface ChosenBackend {
  backend: BackendName;
  /** Backends tried before it that could not start, with why. */
  failed: { backend: BackendName; reason: string }[];
}

/** The order to try backends in: the preferred one first, then the rest of `available` in order. */
export function backendOrder(preference: BackendPreference, available: readonly BackendName[]): BackendName[] {
  const rest = BACKEND_ORDER.filter((b) => available.includes(b) && b !== preference);
  return preference === 'auto' || !available.includes(preference) ? rest : [preference, ...rest];
}

/**
 * Sets the tfjs backend. `available` lists the backends the caller has imported (Node has no webgl).
 * Multithreaded wasm is switched off: Kindred runs its own workers, one model each.
 */
export async function chooseBackend(
  preference: BackendPreference,
  available: readonly BackendName[],
): Promise<ChosenBackend> {
  tf.env().set('PROD', true);
  // The flag exists only once the wasm backend is imported.
  if (available.includes('wasm')) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const failed: ChosenBackend['failed'] = [];
  for (const backend of backendOrder(preference, available)) {
    try {
      if (await tf.setBackend(backend)) {
        await tf.ready();
        return { backend, failed };
      }
      failed.push({ backend, reason: 'it could not start on this machine' });
    } catch (error) {
      failed.push({ backend, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  throw new Error(
    `No tfjs backend could start: ${failed.map((f) => `${f.backend} (${f.reason})`).join('; ')}.`,
  );
}
