import type { Clock, VaultEvent } from '../ports';

/** The paths a burst of vault events touched: what to (re)index and what to drop. */
export interface PendingChanges {
  changed: Set<string>;
  removed: Set<string>;
}

/**
 * Collects vault events and hands them over in one batch once the vault has been quiet for
 * `delayMs` (Obsidian fires a modify per keystroke-save). A rename becomes a removal of the
 * old path and a change of the new one; the content hash spares its re-embedding.
 */
export class SyncQueue {
  private pending: PendingChanges = { changed: new Set(), removed: new Set() };
  private cancel: (() => void) | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly flush: (changes: PendingChanges) => void,
  ) {}

  push(event: VaultEvent): void {
    if (event.type === 'delete') {
      this.pending.changed.delete(event.path);
      this.pending.removed.add(event.path);
    } else {
      if (event.type === 'rename') {
        this.pending.changed.delete(event.oldPath);
        this.pending.removed.add(event.oldPath);
      }
      this.pending.removed.delete(event.path);
      this.pending.changed.add(event.path);
    }
    this.cancel?.();
    this.cancel = this.clock.setTimeout(() => this.fire(), this.delayMs);
  }

  /** Hands over what is pending now, without waiting for the quiet period. */
  fire(): void {
    this.cancel?.();
    this.cancel = null;
    const batch = this.pending;
    if (batch.changed.size === 0 && batch.removed.size === 0) return;
    this.pending = { changed: new Set(), removed: new Set() };
    this.flush(batch);
  }

  dispose(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
