import { clipWithIndex, describeInput } from './clip-one';
import { buildSourceIndex, pageHash, urlKey, type SourceIndex } from './find-duplicate';
import { HostPacer } from './host-pacer';
import { safeFolder } from './safe-file-name';
import type { ClipDeps, ClipInput, ClipOptions, ClipOutcome } from './types';

/** At most this many pages are fetched at once. */
export const MAX_CONCURRENT_CLIPS = 4;
/** At most one request per second to any one host. */
export const HOST_INTERVAL_MS = 1000;

function hostOf(input: ClipInput): string | null {
  if (input.kind !== 'url') return null;
  try {
    return new URL(input.url).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Clips many pages: up to 4 at once, at most one request per second per host, every input
 * getting an outcome in input order. A failure never stops the rest; an abort marks the
 * inputs not yet started as failed with `cancelled`. `onProgress` is called after each item.
 */
export async function clipMany(
  inputs: ClipInput[],
  deps: ClipDeps,
  options: ClipOptions,
  onProgress?: (done: number, total: number, last: ClipOutcome) => void,
  signal?: AbortSignal,
): Promise<ClipOutcome[]> {
  const outcomes: ClipOutcome[] = new Array<ClipOutcome>(inputs.length);
  const settled = { ...options, folder: safeFolder(options.folder) };
  let sources: SourceIndex;
  try {
    sources = await buildSourceIndex(deps.vault);
  } catch (error) {
    const reason = `could not read the vault: ${error instanceof Error ? error.message : String(error)}`;
    return inputs.map((input) => ({ input: describeInput(input), status: 'failed', error: reason }));
  }
  const pacer = new HostPacer(deps.clock, HOST_INTERVAL_MS);
  let next = 0;
  let done = 0;
  // The same page twice in one list: the second waits for the first, then finds it clipped.
  const inFlight = new Map<string, Promise<unknown>>();
  const worker = async (): Promise<void> => {
    while (next < inputs.length) {
      const index = next++;
      const input = inputs[index];
      let outcome: ClipOutcome;
      if (signal?.aborted) {
        outcome = { input: describeInput(input), status: 'failed', error: 'cancelled' };
      } else {
        // Two copies of one saved file wait for each other too (their bytes are the same).
        const key = input.kind === 'url' ? urlKey(input.url) : pageHash(input.bytes);
        const earlier = inFlight.get(key);
        let finished = (): void => undefined;
        inFlight.set(key, new Promise<void>((resolve) => (finished = resolve)));
        if (earlier) await earlier;
        const host = hostOf(input);
        if (host) await pacer.wait(host, signal);
        outcome = signal?.aborted
          ? { input: describeInput(input), status: 'failed', error: 'cancelled' }
          : await clipWithIndex(input, deps, settled, sources, signal);
        finished();
      }
      outcomes[index] = outcome;
      done++;
      onProgress?.(done, inputs.length, outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_CONCURRENT_CLIPS, inputs.length) }, worker));
  return outcomes;
}
