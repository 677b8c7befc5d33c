import type { BlobStore, Clock } from './ports';

/**
 * One writer at a time per vault. A writer (a `kindred` command that writes, or the plugin while
 * it keeps the index) holds a lock file in the plugin folder, `<configDir>/plugins/kindred/<name>`:
 *
 *   {"holder":"kindred index","pid":4242,"host":"laptop","startedAt":…,"heartbeatAt":…,"token":"…"}
 *
 * The file is created exclusively (`BlobStore.createExclusive`) and re-read after a moment, so
 * of two writers starting together exactly one holds it. The holder rewrites `heartbeatAt` every
 * `heartbeatMs`; a lock is stale, and taken over, when its holder's pid is dead on this host or
 * its heartbeat is older than `staleMs` (a crashed writer, another machine syncing the vault).
 * A holder whose lock was taken over learns it at its next heartbeat (`onLost`).
 */

/** The index's own writer: `kindred index`, and every command or plugin that syncs or saves the index. */
export const INDEX_LOCK = 'index.lock';
/** Clipping: two clippers of one URL must not both create a note. */
export const CLIP_LOCK = 'clip.lock';

/** What a lock file says about its holder. */
export interface LockHolder {
  /** Who holds it, in words: "kindred index", "Obsidian". */
  holder: string;
  pid: number;
  host: string;
  /** When it was taken, milliseconds since the epoch. */
  startedAt: number;
  /** The holder's last sign of life. */
  heartbeatAt: number;
  /** Tells this holding apart from any other (even of the same process). */
  token: string;
}

/** The process taking a lock, and whether another process on this host still runs. */
export interface ProcessProbe {
  readonly pid: number;
  readonly host: string;
  /** `undefined` when it cannot be told here (Obsidian on a phone): the heartbeat decides. */
  isAlive(pid: number): boolean | undefined;
}

export interface LockOptions {
  /** Who is asking, in words, for the other writer's message. */
  holder: string;
  /** How long to wait for the holder to finish; 0 refuses at once. */
  waitMs: number;
  /** Told once, when this writer starts waiting. */
  onWait?: (holder: LockHolder) => void;
  /** Told if a writer that thought this one dead took the lock over. */
  onLost?: (by: LockHolder | null) => void;
  heartbeatMs?: number;
  staleMs?: number;
  /** How often a waiting writer looks again. */
  pollMs?: number;
  /** How long a new holder waits before re-reading what it wrote. */
  settleMs?: number;
  /** Stops waiting (the plugin unloading): rejects with the signal's reason. */
  signal?: AbortSignal;
}

export const LOCK_DEFAULTS = {
  heartbeatMs: 15_000,
  // Six missed heartbeats: a busy machine or a laptop waking up does not lose its lock.
  staleMs: 90_000,
  pollMs: 500,
  settleMs: 50,
};

/** The lock is held by another writer that is alive. */
export class LockBusyError extends Error {
  readonly code = 'writer-busy';
  constructor(
    readonly holder: LockHolder,
    waitedMs: number,
  ) {
    super(
      `${describeHolder(holder)} is writing to this vault` +
        (waitedMs > 0 ? `, still after ${Math.round(waitedMs / 1000)} s of waiting` : '') +
        '; try again when it is done',
    );
    this.name = 'LockBusyError';
  }
}

/** "kindred index (pid 4242 on laptop, since 2026-12-01 19:31:09 UTC)". */
export function describeHolder(h: LockHolder): string {
  const since = new Date(h.startedAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `${h.holder} (pid ${h.pid} on ${h.host}, since ${since})`;
}

/** A lock this writer holds. */
export interface HeldLock {
  readonly holder: LockHolder;
  /** Stops the heartbeat and removes the lock file, if it is still this writer's. */
  release(): Promise<void>;
}

/** The lock's holder as its file says, or `null` when no lock is there (or it cannot be read as one). */
export async function readLock(store: BlobStore, name: string): Promise<LockHolder | null> {
  const bytes = await store.read(name).catch(() => null);
  return bytes ? decodeHolder(bytes) : null;
}

/** Whether `holder` is to be taken over: dead on this host, or silent for longer than `staleMs`. */
export function isStale(holder: LockHolder, probe: ProcessProbe, now: number, staleMs = LOCK_DEFAULTS.staleMs): boolean {
  if (holder.host === probe.host && holder.pid !== probe.pid && probe.isAlive(holder.pid) === false) return true;
  return now - holder.heartbeatAt > staleMs;
}

/**
 * Takes the lock `name` in `store`, waiting up to `options.waitMs` for a live holder (rejecting
 * with `LockBusyError` after that), and taking a stale one over. Keeps it alive until released.
 */
export async function acquireLock(store: BlobStore, name: string, probe: ProcessProbe, clock: Clock, options: LockOptions): Promise<HeldLock> {
  const o = { ...LOCK_DEFAULTS, ...options };
  const started = clock.now();
  let told = false;
  for (;;) {
    o.signal?.throwIfAborted();
    const now = clock.now();
    const mine: LockHolder = { holder: o.holder, pid: probe.pid, host: probe.host, startedAt: now, heartbeatAt: now, token: newToken(probe, now) };
    if (await store.createExclusive(name, encodeHolder(mine))) {
      // Where the port's exclusive create is check-then-write (Obsidian's adapter), two writers
      // can both think they made it; the one whose token is there holds it.
      await sleep(clock, o.settleMs);
      const there = await readLock(store, name);
      if (there?.token === mine.token) return hold(store, name, mine, clock, o);
      if (!there) continue;
    }
    const holder = await readLock(store, name);
    if (!holder) {
      // Gone since, or not a lock at all (damaged, a folder, written by hand): no holder to wait for.
      await takeOver(store, name, null);
      continue;
    }
    if (isStale(holder, probe, clock.now(), o.staleMs)) {
      await takeOver(store, name, holder);
      continue;
    }
    const waited = clock.now() - started;
    if (waited >= o.waitMs) throw new LockBusyError(holder, o.waitMs > 0 ? waited : 0);
    if (!told) {
      told = true;
      o.onWait?.(holder);
    }
    await sleep(clock, Math.min(o.pollMs, o.waitMs - waited));
  }
}

/** Removes a stale lock, unless someone took it in the meantime (its token changed). */
async function takeOver(store: BlobStore, name: string, stale: LockHolder | null): Promise<void> {
  const now = await readLock(store, name);
  if (now?.token !== stale?.token) return;
  await store.remove(name);
}

function hold(store: BlobStore, name: string, mine: LockHolder, clock: Clock, o: typeof LOCK_DEFAULTS & LockOptions): HeldLock {
  let stopped = false;
  let cancel = (): void => undefined;
  let beating: Promise<void> = Promise.resolve();
  const beat = async (): Promise<void> => {
    const there = await readLock(store, name);
    if (stopped) return;
    if (there?.token !== mine.token) {
      stopped = true;
      o.onLost?.(there);
      return;
    }
    await store.write(name, encodeHolder({ ...mine, heartbeatAt: clock.now() })).catch(() => undefined);
    schedule();
  };
  const schedule = (): void => {
    if (stopped) return;
    cancel = clock.setTimeout(() => {
      beating = beat();
    }, o.heartbeatMs);
  };
  schedule();
  return {
    holder: mine,
    release: async () => {
      if (stopped) return;
      stopped = true;
      cancel();
      await beating;
      const there = await readLock(store, name);
      if (there?.token === mine.token) await store.remove(name);
    },
  };
}

function sleep(clock: Clock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, Math.max(0, ms)));
}

function newToken(probe: ProcessProbe, now: number): string {
  return `${probe.pid.toString(36)}-${now.toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

function encodeHolder(holder: LockHolder): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(holder) + '\n');
}

function decodeHolder(bytes: Uint8Array): LockHolder | null {
  try {
    const h = JSON.parse(new TextDecoder().decode(bytes)) as Partial<LockHolder>;
    const ok =
      typeof h.holder === 'string' && typeof h.pid === 'number' && typeof h.host === 'string' &&
      typeof h.startedAt === 'number' && typeof h.heartbeatAt === 'number' && typeof h.token === 'string';
    return ok ? (h as LockHolder) : null;
  } catch {
    return null;
  }
}
