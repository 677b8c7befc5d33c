import { copyRow, dequantiseRow, emptyInt8Rows, quantiseInto, type Int8Rows, type RowRef } from './int8-vectors';
import { decodeVectorShard, vectorsPerShard, type DecodedShard, type VectorShard } from './vector-shard-codec';

/**
 * The chunk-vector matrix and vector cache, keyed by chunk id for one model. Vectors are kept
 * as int8 codes with one scale each (int8-vectors.ts), in shard-sized blocks; each chunk's entry
 * says which block and row holds it, so nothing is copied per chunk. Shards are written once and
 * never rewritten while most of their vectors are in use: new vectors go to a new shard, and a
 * shard whose live share falls below half is folded into the next new one (so a one-note edit
 * writes a small file, not the whole matrix). A float shard of an earlier version is quantised as
 * it is read and rewritten as int8 by the next save.
 */
export class ChunkVectors {
  /** Chunk id → its row. A row is moved by changing this object, so whoever holds it follows. */
  private readonly rows = new Map<string, RowRef>();
  /** Saved shards: file name → the ids it holds. */
  private readonly shards = new Map<string, string[]>();
  /** Saved shards in the float format of an earlier version: the next save rewrites them. */
  private readonly floatShards = new Set<string>();
  /** Ids not yet in any saved shard. */
  private pending = new Set<string>();
  private nextShard = 0;

  constructor(
    readonly modelId: string,
    readonly dims: number,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  /** A chunk's vector in float (its row dequantised: a fresh copy each call). */
  get(id: string): Float32Array | undefined {
    const ref = this.rows.get(id);
    return ref ? dequantiseRow(ref.rows, ref.row) : undefined;
  }

  /** Where a chunk's vector is (int8), without dequantising it. */
  rowOf(id: string): RowRef | undefined {
    return this.rows.get(id);
  }

  has(id: string): boolean {
    return this.rows.has(id);
  }

  /** Adds a freshly embedded vector (quantised into a block of its own until the next save). */
  add(id: string, vector: Float32Array): void {
    if (vector.length !== this.dims) throw new Error(`expected a ${this.dims}-d vector, got ${vector.length}`);
    if (this.rows.has(id)) return;
    const rows = emptyInt8Rows(1, this.dims);
    rows.scales[0] = quantiseInto(vector, rows.codes, 0);
    this.rows.set(id, { rows, row: 0 });
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
  loadDecodedShard(name: string, shard: DecodedShard): number {
    if (!this.holds(shard)) {
      throw new Error(`made by model ${shard.modelId} (${shard.dims}-d), not ${this.modelId}`);
    }
    shard.ids.forEach((id, row) => this.rows.set(id, { rows: shard.rows, row }));
    this.shards.set(name, shard.ids);
    if (shard.format === 'float32') this.floatShards.add(name);
    this.numberAfter([name]);
    return shard.ids.length;
  }

  /** Whether a saved shard is still in the float format of an earlier version. */
  hasFloatShards(): boolean {
    return this.floatShards.size > 0;
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
   * exist, all int8: new shards (pending vectors, the live remainder of mostly-dead shards and
   * of float shards) and shards that can go. Vectors no note uses are dropped from memory too.
   */
  planSave(live: ReadonlySet<string>, folder: string): { write: Array<{ name: string; shard: VectorShard }>; drop: string[] } {
    const drop: string[] = [];
    const carry: string[] = [];
    const liveOf = new Map([...this.shards].map(([name, ids]) => [name, ids.filter((id) => live.has(id))]));
    const rewrite = (name: string): boolean => this.floatShards.has(name) || liveOf.get(name)!.length * 2 < this.shards.get(name)!.length;
    // Many small shards (one per edit) are merged once there are more than a few of them, by a
    // save that writes anyway: a save with nothing new writes nothing (reading never writes).
    const smallLimit = Math.floor(vectorsPerShard(this.dims) / 8);
    const small = [...this.shards].filter(([, ids]) => ids.length < smallLimit).map(([name]) => name);
    const writesAnyway = this.pending.size > 0 || [...this.shards.keys()].some(rewrite);
    const mergeSmall = writesAnyway && small.length > 4;
    for (const name of this.shards.keys()) {
      if (rewrite(name) || (mergeSmall && small.includes(name))) {
        drop.push(name);
        carry.push(...liveOf.get(name)!);
      }
    }
    const dropped = drop.map((name) => this.shards.get(name)!);
    for (const name of drop) {
      this.shards.delete(name);
      this.floatShards.delete(name);
    }
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
    for (const id of candidates) if (!live.has(id) && !inKept(id)) this.rows.delete(id);
    this.pending = new Set();
    return { write: this.packShards(toWrite, folder), drop };
  }

  /**
   * A planned shard that could not be written: its vectors are pending again, so the next save or
   * checkpoint writes them (under a new name).
   */
  unsaved(name: string): void {
    const ids = this.shards.get(name);
    if (!ids) return;
    this.shards.delete(name);
    for (const id of ids) if (this.rows.has(id)) this.pending.add(id);
  }

  /** Writes only pending vectors to a new shard (a checkpoint in the middle of a long build). */
  planCheckpoint(folder: string): Array<{ name: string; shard: VectorShard }> {
    const ids = [...this.pending];
    this.pending = new Set();
    return this.packShards(ids, folder);
  }

  /**
   * New shards holding `ids`' rows, copied as they are (an int8 row is never rounded twice). Each
   * row's ref is moved into the new block in place, so whoever holds it (a note entry) follows and
   * the small blocks of fresh vectors and the old shards' blocks can be collected.
   */
  private packShards(ids: readonly string[], folder: string): Array<{ name: string; shard: VectorShard }> {
    const out: Array<{ name: string; shard: VectorShard }> = [];
    const per = vectorsPerShard(this.dims);
    for (let from = 0; from < ids.length; from += per) {
      const slice = ids.slice(from, from + per);
      const block: Int8Rows = emptyInt8Rows(slice.length, this.dims);
      slice.forEach((id, row) => {
        const ref = this.rows.get(id)!;
        copyRow(ref.rows, ref.row, block, row);
        ref.rows = block;
        ref.row = row;
      });
      const name = `${folder}/shard-${String(this.nextShard++).padStart(5, '0')}.bin`;
      out.push({ name, shard: { modelId: this.modelId, dims: this.dims, ids: slice, rows: block } });
      this.shards.set(name, slice);
    }
    return out;
  }
}
