import { decodeVectorShard, vectorsPerShard, type VectorShard } from './vector-shard-codec';

/**
 * The chunk-vector matrix and vector cache, keyed by chunk id for one model. Vectors are kept
 * in shard-sized Float32 blocks; each chunk's vector is a view into its block, so nothing is
 * copied per chunk. Shards are written once and never rewritten while most of their vectors
 * are in use: new vectors go to a new shard, and a shard whose live share falls below half is
 * folded into the next new one (so a one-note edit writes a small file, not the whole matrix).
 */
export class ChunkVectors {
  private readonly vectors = new Map<string, Float32Array>();
  /** Saved shards: file name → the ids it holds. */
  private readonly shards = new Map<string, string[]>();
  /** Ids not yet in any saved shard. */
  private pending = new Set<string>();
  private nextShard = 0;

  constructor(
    readonly modelId: string,
    readonly dims: number,
  ) {}

  get size(): number {
    return this.vectors.size;
  }

  get(id: string): Float32Array | undefined {
    return this.vectors.get(id);
  }

  has(id: string): boolean {
    return this.vectors.has(id);
  }

  /** Adds a freshly embedded vector (copied into a block of its own). */
  add(id: string, vector: Float32Array): void {
    if (vector.length !== this.dims) throw new Error(`expected a ${this.dims}-d vector, got ${vector.length}`);
    if (this.vectors.has(id)) return;
    this.vectors.set(id, Float32Array.from(vector));
    this.pending.add(id);
  }

  /** Loads a saved shard; returns how many vectors it held. Throws when damaged or from another model. */
  loadShard(name: string, bytes: Uint8Array): number {
    return this.loadDecodedShard(name, decodeVectorShard(bytes));
  }

  /** Whether `shard` holds this model's vectors (same model id and dimensions). */
  holds(shard: Pick<VectorShard, 'modelId' | 'dims'>): boolean {
    return shard.modelId === this.modelId && shard.dims === this.dims;
  }

  /** As {@link loadShard}, for a shard already decoded (to see whose model it is). */
  loadDecodedShard(name: string, shard: VectorShard): number {
    if (!this.holds(shard)) {
      throw new Error(`made by model ${shard.modelId} (${shard.dims}-d), not ${this.modelId}`);
    }
    shard.ids.forEach((id, i) => this.vectors.set(id, shard.vectors.subarray(i * this.dims, (i + 1) * this.dims)));
    this.shards.set(name, shard.ids);
    this.numberAfter([name]);
    return shard.ids.length;
  }

  /**
   * New shards are numbered after these names: another model's shards share the folder while
   * its vectors still answer, and a new shard must never overwrite one of them.
   */
  numberAfter(names: Iterable<string>): void {
    for (const name of names) {
      const n = /(\d+)\.bin$/.exec(name);
      if (n) this.nextShard = Math.max(this.nextShard, Number(n[1]) + 1);
    }
  }

  /** Shard names currently saved. */
  shardNames(): string[] {
    return [...this.shards.keys()];
  }

  /**
   * Works out what to write so the saved shards hold exactly the `live` ids' vectors that
   * exist: new shards (pending vectors plus the live remainder of mostly-dead shards) and
   * shards that can go. Vectors no note uses are dropped from memory too.
   */
  planSave(live: ReadonlySet<string>, folder: string): { write: Array<{ name: string; shard: VectorShard }>; drop: string[] } {
    const drop: string[] = [];
    const carry: string[] = [];
    const liveOf = new Map([...this.shards].map(([name, ids]) => [name, ids.filter((id) => live.has(id))]));
    const mostlyDead = (name: string): boolean => liveOf.get(name)!.length * 2 < this.shards.get(name)!.length;
    // Many small shards (one per edit) are merged once there are more than a few of them, by a
    // save that writes anyway: a save with nothing new writes nothing (reading never writes).
    const smallLimit = Math.floor(vectorsPerShard(this.dims) / 8);
    const small = [...this.shards].filter(([, ids]) => ids.length < smallLimit).map(([name]) => name);
    const writesAnyway = this.pending.size > 0 || [...this.shards.keys()].some(mostlyDead);
    const mergeSmall = writesAnyway && small.length > 4;
    for (const name of this.shards.keys()) {
      if (mostlyDead(name) || (mergeSmall && small.includes(name))) {
        drop.push(name);
        carry.push(...liveOf.get(name)!);
      }
    }
    const dropped = drop.map((name) => this.shards.get(name)!);
    for (const name of drop) this.shards.delete(name);
    // Every vector in memory is in a saved shard or pending, so only the dropped shards' and the
    // pending ids can have lost their last copy: a one-note edit looks at those, not at all 75,000.
    // An id can sit in two shards only after a crash between writing a merged shard and removing
    // the old ones; only then is a set of the kept shards' ids needed.
    const candidates = [...dropped.flat(), ...this.pending];
    let inKept: (id: string) => boolean = () => false;
    if (dropped.length > 0) {
      const kept = new Set<string>();
      for (const ids of this.shards.values()) for (const id of ids) kept.add(id);
      inKept = (id) => kept.has(id);
    }
    const toWrite = [...new Set([...carry, ...[...this.pending].filter((id) => live.has(id))])].filter((id) => !inKept(id));
    for (const id of candidates) if (!live.has(id) && !inKept(id)) this.vectors.delete(id);
    this.pending = new Set();

    const write: Array<{ name: string; shard: VectorShard }> = [];
    const per = vectorsPerShard(this.dims);
    for (let from = 0; from < toWrite.length; from += per) {
      const ids = toWrite.slice(from, from + per);
      const block = new Float32Array(ids.length * this.dims);
      ids.forEach((id, i) => block.set(this.vectors.get(id)!, i * this.dims));
      const name = `${folder}/shard-${String(this.nextShard++).padStart(5, '0')}.bin`;
      write.push({ name, shard: { modelId: this.modelId, dims: this.dims, ids, vectors: block } });
      this.shards.set(name, ids);
      // Point the live vectors at the new block so the old small arrays can be collected.
      ids.forEach((id, i) => this.vectors.set(id, block.subarray(i * this.dims, (i + 1) * this.dims)));
    }
    return { write, drop };
  }

  /**
   * A planned shard that could not be written: its vectors are pending again, so the next save or
   * checkpoint writes them (under a new name).
   */
  unsaved(name: string): void {
    const ids = this.shards.get(name);
    if (!ids) return;
    this.shards.delete(name);
    for (const id of ids) if (this.vectors.has(id)) this.pending.add(id);
  }

  /** Writes only pending vectors to a new shard (a checkpoint in the middle of a long build). */
  planCheckpoint(folder: string): Array<{ name: string; shard: VectorShard }> {
    const ids = [...this.pending];
    this.pending = new Set();
    if (ids.length === 0) return [];
    const out: Array<{ name: string; shard: VectorShard }> = [];
    const per = vectorsPerShard(this.dims);
    for (let from = 0; from < ids.length; from += per) {
      const slice = ids.slice(from, from + per);
      const block = new Float32Array(slice.length * this.dims);
      slice.forEach((id, i) => block.set(this.vectors.get(id)!, i * this.dims));
      const name = `${folder}/shard-${String(this.nextShard++).padStart(5, '0')}.bin`;
      out.push({ name, shard: { modelId: this.modelId, dims: this.dims, ids: slice, vectors: block } });
      this.shards.set(name, slice);
    }
    return out;
  }
}
