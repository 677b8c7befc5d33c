import { readFileSync } from 'node:fs';
import { clipOne, DEFAULT_CLIP_OPTIONS, type ClipOptions } from '../../../src/core/clip';
import { splitFrontMatter } from '../../../src/core/front-matter';
import type { Fetcher } from '../../../src/core/ports';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import { installSelectorCache } from '../../../src/cli/linkedom-selectors';
import { MemoryVault } from '../../helpers/memory-vault';

// The clip tests parse with linkedom as the CLI does, with the CLI's selector cache (a third of
// the time of a clip on the fixture pages; test/cli/linkedom-selectors.test.ts holds it to
// linkedom's own answers).
installSelectorCache();

/** A fetcher that fails the test if clipping a saved page ever touches the network. */
export const offlineFetcher: Fetcher = {
  fetch: (request) => Promise.reject(new Error(`unexpected network request to ${request.url}`)),
};

/** A clock stopped at 2026-01-02T03:04:05Z; timers run at once. */
export const fixedClock = {
  now: () => Date.UTC(2026, 0, 2, 3, 4, 5),
  setTimeout: (fn: () => void) => {
    fn();
    return () => undefined;
  },
};

/** Clips a saved page file into a fresh in-memory vault and returns the note's parts. */
export async function clipSavedPage(
  file: string,
  url: string | undefined,
  options: Partial<ClipOptions> = {},
): Promise<{ body: string; front: Record<string, unknown>; path: string; text: string }> {
  const vault = new MemoryVault();
  const bytes = new Uint8Array(readFileSync(file));
  const outcome = await clipOne(
    { kind: 'html', name: file, bytes, url },
    { vault, fetcher: offlineFetcher, parser: linkedomParser, clock: fixedClock },
    { ...DEFAULT_CLIP_OPTIONS, ...options },
  );
  if (outcome.status !== 'created' || !outcome.path) throw new Error(`clip ${outcome.status}: ${outcome.error ?? ''}`);
  const text = await vault.read(outcome.path);
  const front = (await vault.readFrontMatter(outcome.path)) ?? {};
  return { body: splitFrontMatter(text).body, front, path: outcome.path, text };
}
