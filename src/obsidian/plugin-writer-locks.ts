import type { Clock } from '../core/ports';
import { acquireLock, CLIP_LOCK, describeHolder, INDEX_LOCK, LockBusyError, type HeldLock, type LockHolder } from '../core/vault-lock';
import type { ObsidianBlobStore } from './obsidian-blob-store';
import { obsidianProcessProbe } from './obsidian-process-probe';

/** How long a clip from Obsidian waits for a `kindred import` into the same vault. */
const CLIP_WAIT_MS = 60_000;
/** A plugin waiting for the index looks again this often (it waits as long as it takes). */
const INDEX_POLL_MS = 5_000;

/**
 * The plugin's side of the vault's writer locks, the same ones `kindred` takes (`core/vault-lock`):
 * the plugin holds the index lock from the moment it opens the index until it unloads (it keeps
 * the index current itself), and the clip lock for each clip or import. While a `kindred index`
 * holds the index, the plugin waits for it and opens the index once it is done.
 */
export class PluginWriterLocks {
  private index: Promise<HeldLock> | null = null;
  private readonly stop = new AbortController();
  private readonly probe = obsidianProcessProbe();

  constructor(
    private readonly store: ObsidianBlobStore,
    private readonly clock: Clock,
    /** Tells the person (a notice). */
    private readonly notify: (message: string) => void,
  ) {}

  /** Resolves once this plugin holds the index lock (at once when it already does). */
  async holdIndex(onLost: (by: LockHolder | null) => void): Promise<void> {
    this.index ??= acquireLock(this.store, INDEX_LOCK, this.probe, this.clock, {
      holder: 'Obsidian',
      waitMs: Infinity,
      pollMs: INDEX_POLL_MS,
      signal: this.stop.signal,
      onWait: (h) => this.notify(`Kindred: ${describeHolder(h)} is writing this vault's index; the index opens when it is done.`),
      onLost,
    }).then(async (lock) => {
      // Nobody else writes here now: what a killed writer left can go.
      await this.store.sweepTemporaries();
      return lock;
    });
    await this.index;
  }

  /** Runs one clip or import under the clip lock; `busy` answers when another clipper keeps it past a minute. */
  async whileClipping<T>(clip: () => Promise<T>, busy: (message: string) => T): Promise<T> {
    let lock: HeldLock;
    try {
      lock = await acquireLock(this.store, CLIP_LOCK, this.probe, this.clock, {
        holder: 'Obsidian',
        waitMs: CLIP_WAIT_MS,
        signal: this.stop.signal,
        onWait: (h) => this.notify(`Kindred: waiting for ${describeHolder(h)} to finish clipping into this vault…`),
      });
    } catch (error) {
      if (error instanceof LockBusyError) return busy(error.message);
      throw error;
    }
    try {
      return await clip();
    } finally {
      await lock.release();
    }
  }

  /** Stops waiting and lets go of what this plugin holds. */
  async release(): Promise<void> {
    this.stop.abort();
    const held = await this.index?.catch(() => null);
    await held?.release();
  }
}
