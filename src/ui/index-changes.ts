import type { KindredEngine } from '../obsidian/kindred-engine';

/**
 * Calls `listener` whenever what the index answers may have changed: a sync finished (notes
 * added, edited or removed), the index was opened or rebuilt, or the model came or went.
 * Returns the function that stops listening.
 */
export function onIndexChange(engine: KindredEngine, listener: () => void): () => void {
  let index = engine.index;
  let model = engine.modelState;
  let offProgress: (() => void) | null = null;
  const follow = () => {
    offProgress?.();
    offProgress = index ? index.onProgress((p) => p.phase === 'idle' && listener()) : null;
  };
  follow();
  const offEngine = engine.onChange(() => {
    if (engine.index !== index) {
      index = engine.index;
      follow();
      listener();
    }
    if (engine.modelState !== model) {
      model = engine.modelState;
      listener();
    }
  });
  return () => {
    offEngine();
    offProgress?.();
  };
}
