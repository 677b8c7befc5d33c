import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlobStore, Clock } from '../../src/core/ports';
import { acquireLock, INDEX_LOCK, isStale, LockBusyError, readLock, type LockHolder, type LockOptions, type ProcessProbe } from '../../src/core/vault-lock';
import { MemoryBlobStore } from '../helpers/memory-vault';

const clock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => clearTimeout(t);
  },
};

/** A process on `host`; `dead` lists the pids that no longer run there. */
const probe = (pid: number, host = 'laptop', dead: number[] = []): ProcessProbe => ({ pid, host, isAlive: (p) => !dead.includes(p) });
const fast = (o: Partial<LockOptions> = {}): LockOptions => ({ holder: 'kindred index', waitMs: 0, pollMs: 10, settleMs: 5, heartbeatMs: 20, ...o });
const lockFile = (h: Partial<LockHolder>) =>
  new TextEncoder().encode(JSON.stringify({ holder: 'kindred index', pid: 7, host: 'laptop', startedAt: Date.now(), heartbeatAt: Date.now(), token: 'theirs', ...h }));

test('the lock file names its holder: pid, host, start time, heartbeat', async () => {
  const store = new MemoryBlobStore();
  const lock = await acquireLock(store, INDEX_LOCK, probe(42), clock, fast());
  const there = await readLock(store, INDEX_LOCK);
  assert.deepEqual(
    { holder: there?.holder, pid: there?.pid, host: there?.host },
    { holder: 'kindred index', pid: 42, host: 'laptop' },
  );
  assert.equal(there?.startedAt, there?.heartbeatAt);
  await new Promise((r) => setTimeout(r, 70));
  assert.ok((await readLock(store, INDEX_LOCK))!.heartbeatAt > there!.heartbeatAt, 'the holder keeps its heartbeat fresh');
  await lock.release();
  assert.equal(store.files.has(INDEX_LOCK), false, 'released: the file is gone');
});

test('a second writer refuses with a message naming the first, or waits for it and then holds the lock', async () => {
  const store = new MemoryBlobStore();
  const first = await acquireLock(store, INDEX_LOCK, probe(1), clock, fast());
  await assert.rejects(
    acquireLock(store, INDEX_LOCK, probe(2), clock, fast({ holder: 'Obsidian' })),
    (e: unknown) => e instanceof LockBusyError && /^kindred index \(pid 1 on laptop, since .* UTC\) is writing to this vault; try again when it is done$/.test(e.message),
  );
  const waits: LockHolder[] = [];
  const second = acquireLock(store, INDEX_LOCK, probe(2), clock, fast({ waitMs: 5000, onWait: (h) => waits.push(h) }));
  await new Promise((r) => setTimeout(r, 60));
  await first.release();
  const held = await second;
  assert.equal(held.holder.pid, 2);
  assert.equal(waits.length, 1, 'told once that it waits');
  assert.equal(waits[0].pid, 1);
  await held.release();
});

test('a wait has a limit: the error says how long it waited', async () => {
  const store = new MemoryBlobStore();
  const first = await acquireLock(store, INDEX_LOCK, probe(1), clock, fast());
  await assert.rejects(acquireLock(store, INDEX_LOCK, probe(2), clock, fast({ waitMs: 100 })), /still after 0 s of waiting/);
  await first.release();
});

test('a stale lock is taken over: a dead pid on this host, or a heartbeat older than the limit on any host', async () => {
  const dead = new MemoryBlobStore();
  dead.files.set(INDEX_LOCK, lockFile({ pid: 7 }));
  const a = await acquireLock(dead, INDEX_LOCK, probe(42, 'laptop', [7]), clock, fast());
  assert.equal((await readLock(dead, INDEX_LOCK))?.pid, 42);
  await a.release();

  const silent = new MemoryBlobStore();
  silent.files.set(INDEX_LOCK, lockFile({ host: 'desktop', heartbeatAt: Date.now() - 10 * 60_000 }));
  const b = await acquireLock(silent, INDEX_LOCK, probe(42), clock, fast({ staleMs: 60_000 }));
  assert.equal((await readLock(silent, INDEX_LOCK))?.host, 'laptop');
  await b.release();

  // Alive on this host, or on another host with a recent heartbeat: not stale.
  const now = Date.now();
  assert.equal(isStale({ holder: 'x', pid: 7, host: 'laptop', startedAt: now, heartbeatAt: now, token: 't' }, probe(42), now), false);
  assert.equal(isStale({ holder: 'x', pid: 7, host: 'desktop', startedAt: now, heartbeatAt: now, token: 't' }, probe(42, 'laptop', [7]), now), false);
  // A phone cannot tell whether a pid runs: the heartbeat decides.
  const phone: ProcessProbe = { pid: 0, host: 'mobile', isAlive: () => undefined };
  assert.equal(isStale({ holder: 'x', pid: 0, host: 'mobile', startedAt: now, heartbeatAt: now - 1000, token: 't' }, phone, now), false);
});

test('a lock file that is not a lock (damaged, or a folder) is no holder: it is replaced', async () => {
  const store = new MemoryBlobStore();
  store.files.set(INDEX_LOCK, new TextEncoder().encode('{"holder": "kindred ind'));
  const lock = await acquireLock(store, INDEX_LOCK, probe(42), clock, fast());
  assert.equal((await readLock(store, INDEX_LOCK))?.pid, 42);
  await lock.release();
});

test('a holder whose lock was taken over learns it at its next heartbeat, and its release leaves the new lock alone', async () => {
  const store = new MemoryBlobStore();
  const lost: (LockHolder | null)[] = [];
  const first = await acquireLock(store, INDEX_LOCK, probe(1), clock, fast({ onLost: (by) => lost.push(by) }));
  // Another machine thought it dead and took the lock.
  store.files.set(INDEX_LOCK, lockFile({ pid: 9, host: 'desktop', token: 'new' }));
  await new Promise((r) => setTimeout(r, 60));
  assert.equal(lost.length, 1);
  assert.equal(lost[0]?.host, 'desktop');
  await first.release();
  assert.equal((await readLock(store, INDEX_LOCK))?.token, 'new');
});

test('two writers starting together on a store whose exclusive create is check-then-write: exactly one holds the lock', async () => {
  // Obsidian's adapter cannot create exclusively: both see no file, both write. The re-read settles it.
  const inner = new MemoryBlobStore();
  const racy: BlobStore = {
    read: (n) => inner.read(n),
    write: (n, d) => inner.write(n, d),
    remove: (n) => inner.remove(n),
    list: (p) => inner.list(p),
    createExclusive: async (n, d) => {
      if (inner.files.has(n)) return false;
      await new Promise((r) => setTimeout(r, 5));
      await inner.write(n, d);
      return true;
    },
  };
  for (let round = 0; round < 5; round++) {
    const results = await Promise.allSettled([1, 2, 3].map((pid) => acquireLock(racy, INDEX_LOCK, probe(pid), clock, fast({ settleMs: 20 }))));
    const held = results.filter((r) => r.status === 'fulfilled');
    assert.equal(held.length, 1, `round ${round}: ${results.map((r) => r.status).join(' ')}`);
    assert.ok(results.every((r) => r.status === 'fulfilled' || r.reason instanceof LockBusyError));
    await (held[0] as PromiseFulfilledResult<{ release(): Promise<void> }>).value.release();
  }
});
