import { acquireLock, describeHolder, type HeldLock, type LockHolder } from '../core/vault-lock';
import { numberFlag, type FlagKind, type ParsedFlags } from './commands/parse-flags';
import { NodeBlobStore } from './node-blob-store';
import { nodeClock } from './node-clock';
import { nodeProcessProbe } from './node-process-probe';
import type { VaultLocation } from './vault-request';

/** How long a writing command waits for another writer by default (`--wait` changes it). */
export const DEFAULT_WAIT_SECONDS = 60;

export interface WriterLockRequest {
  /** `INDEX_LOCK` or `CLIP_LOCK`. */
  name: string;
  /** Who is asking, as the other writer's message names it: "kindred index". */
  holder: string;
  /** Seconds to wait for another writer; 0 refuses at once. */
  waitSeconds: number;
  /** Told if another writer takes the lock over, thinking this one dead. */
  onLost?: (by: LockHolder | null) => void;
}

/**
 * Takes one of the vault's writer locks for a command, saying (`say`) when it waits for
 * another writer, then removes Kindred's own stale temporaries from the plugin folder (only the
 * holder of a lock may: nobody else is writing there). Rejects with `LockBusyError`.
 */
export async function takeWriterLock(location: VaultLocation, request: WriterLockRequest, say: (line: string) => void = () => undefined): Promise<HeldLock> {
  const store = new NodeBlobStore(location.pluginDir);
  const lock = await acquireLock(store, request.name, nodeProcessProbe, nodeClock, {
    holder: request.holder,
    waitMs: request.waitSeconds * 1000,
    onWait: (h) => say(`Waiting for ${describeHolder(h)} to finish writing to this vault (up to ${request.waitSeconds} s; --wait changes it)…\n`),
    onLost: request.onLost,
  });
  await store.sweepTemporaries();
  return lock;
}

/** The `--wait SECONDS` flag of the writing commands. */
export const WAIT_FLAG = { wait: 'string' } as const satisfies Record<string, FlagKind>;

/** `--wait`'s seconds, or the default. */
export function waitSeconds(flags: ParsedFlags): number {
  return numberFlag(flags.values, 'wait', 0, 24 * 3600) ?? DEFAULT_WAIT_SECONDS;
}
