import type { Clock } from '../../../src/core/ports';
import { KindredIndex, type IndexOptions } from '../../../src/core/index/kindred-index';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { FakeEmbedder } from '../../helpers/fake-embedder';

/** A clock that only moves when a test says so, for debounces and checkpoints. */
export class ManualClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; fn: () => void }> = [];

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.t + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((x) => x !== timer);
    };
  }

  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((x) => x.at <= this.t);
    this.timers = this.timers.filter((x) => x.at > this.t);
    for (const timer of due) timer.fn();
  }
}

/** A vault, an index store, a counting embedder and a clock, and a way to (re)open the index over them. */
export function indexFixture(notes: Record<string, string>, options: Partial<IndexOptions> = {}) {
  const vault = new MemoryVault(notes);
  const store = new MemoryBlobStore();
  const embedder = new FakeEmbedder(32);
  const clock = new ManualClock();
  return {
    vault,
    store,
    embedder,
    clock,
    /** Opens the index and waits for its passage vectors, which load after open resolves. */
    open: async (overrides: Partial<IndexOptions> = {}, withEmbedder = true) => {
      const index = await KindredIndex.open({ vault, store, embedder: withEmbedder ? embedder : null, clock }, { ...options, ...overrides });
      await index.whenVectorsReady();
      return index;
    },
    /** Opens the index as the plugin does: related notes answer from the saved note matrix while the passage vectors load. */
    openEarly: (overrides: Partial<IndexOptions> = {}, withEmbedder = true) =>
      KindredIndex.open({ vault, store, embedder: withEmbedder ? embedder : null, clock }, { ...options, ...overrides }),
  };
}

/** A paragraph of `n` distinct words about `topic`, long enough to matter to the chunker. */
export function paragraph(topic: string, n: number): string {
  return Array.from({ length: n }, (_, i) => `${topic}${i % 50}`).join(' ') + '.';
}
