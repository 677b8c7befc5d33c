import { copyRow, dequantiseRow, emptyInt8Rows, quantiseInto, type Int8Rows, type RowRef } from './int8-vectors';
import type { LiveChunks } from './live-chunks';
import { SplitMap } from './split-map';
import { runSteps, runStepsInSlices, type Steps } from './time-slicer';
import { decodeVectorShard, vectorsPerShard, type DecodedShard, type VectorShard } from './vector-shard-codec';

/** A shard on disk, as the vectors know it. */
interface SavedShard {
  name: string;
  ids: string[];
  /** The block its rows were read or packed into: the row of each of its ids is there (but for a crash's leftovers, `alsoIn`). */
  rows: Int8Rows;
  /** In the float format of an earlier version: the next save rewrites it. */
  float: boolean;
  /** How many of `ids` some note uses, kept as chunks become live or dead (`liveChanged`). */
  live: number;
}

/**
 * The chunk-vector matrix and vector cache, keyed by chunk id for one model. Vectors are kept
 * as int8 codes with one scale each (int8-vectors.ts), in shard-sized blocks; each chunk's entry
 * says which block and row holds it, so nothing is copied per chunk. Shards are written once and
 * never rewritten while most of their vectors are in use: new vectors go to a new shard, and a
 * shard whose live share falls below half is folded into the next new one (so a one-note edit
 * writes a small file, not the whole matrix). Each shard's live count is kept as chunks become
 * live or dead, so a save knows which shards to fold without looking at every id. A float shard
 * of an earlier version is quantised as it is read and rewritten as int8 by the next save.
 */
export class ChunkVectors {
  /** Chunk id → its row. A row is moved by changing this object, so whoever holds it follows. */
  private readonly rows = new SplitMap<string, RowRef>();
  /** Saved shards by file name. */
  private readonly shards = new Map<string, SavedShard>();
  /** Saved shards by their block: finds the shard of an id from its row, without an id → shard map. */
  private readonly shardOfRows = new Map<Int8Rows, SavedShard>();
  /**
   * Ids in a saved shard other than the one their row is in: left by a crash between writing a
   * merged shard and removing the old ones (the id is in both), so almost always empty.
   */
  private readonly alsoIn = new Map<string, SavedShard[]>();
  /** Ids not yet in any saved shard. */
  private pending = new Set<string>();
  private nextShard = 0;

  /** `live`: the chunks some note uses; {@link liveChanged} must hear of every change to it. */
  constructor(
    readonly modelId: string,
    readonly dims: number,
    private readonly live: Pick<LiveChunks, 'has'>,
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
    runSteps(this.loadSteps(name, shard, Infinity));
    return shard.ids.length;
  }

  /**
   * As {@link loadDecodedShard}, `breathe()` awaited after every `slice` ids: a 32 MB shard holds
   * 65,000 vectors, and putting each in the map and checking whether a note uses it held the UI
   * thread for over 100 ms in one go.
   */
  async loadDecodedShardInSlices(name: string, shard: DecodedShard, breathe: () => Promise<void>, slice = 4096): Promise<number> {
    await runStepsInSlices(this.loadSteps(name, shard, slice), breathe);
    return shard.ids.length;
  }

  /** Loads `shard`, pausing (a `yield`) after every `slice` ids; the shard counts as saved once every id is in. */
  private *loadSteps(name: string, shard: DecodedShard, slice: number): Steps<void> {
    if (!this.holds(shard)) {
      throw new Error(`made by model ${shard.modelId} (${shard.dims}-d), not ${this.modelId}`);
    }
    const known = this.shards.get(name);
    if (known) this.forget(known);
    const saved: SavedShard = { name, ids: shard.ids, rows: shard.rows, float: shard.format === 'float32', live: 0 };
    const { ids } = shard;
    for (let row = 0; row < ids.length; row++) {
      const id = ids[row];
      const before = this.rows.get(id);
      if (before) this.leaving(id, before);
      this.rows.set(id, { rows: shard.rows, row });
      if (this.live.has(id)) saved.live++;
      if (row % slice === slice - 1) yield;
    }
    this.remember(saved);
    this.numberAfter([name]);
  }

  /** Whether a saved shard is still in the float format of an earlier version. */
  hasFloatShards(): boolean {
    return [...this.shards.values()].some((shard) => shard.float);
  }

  /**
   * A chunk became live (a note uses it now) or dead (no note does): the live count of each saved
   * shard holding it follows. A count that was wrong could only make a shard be rewritten sooner
   * or later than due; which vectors are kept is decided from `live` itself.
   */
  liveChanged(id: string, live: boolean): void {
    const ref = this.rows.get(id);
    if (!ref) return;
    const step = live ? 1 : -1;
    const shard = this.shardOfRows.get(ref.rows);
    if (shard) shard.live += step;
    if (this.alsoIn.size > 0) for (const other of this.alsoIn.get(id) ?? []) other.live += step;
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

  /** Whether a saved shard holds the id's vector (its row's block is one, or it is a crash's leftover in another). */
  private isSaved(id: string): boolean {
    const ref = this.rows.get(id);
    return (ref !== undefined && this.shardOfRows.has(ref.rows)) || this.alsoIn.has(id);
  }

  /** The row of `id` is about to leave `ref`'s block: if that is a saved shard's, the id is still in it. */
  private leaving(id: string, ref: RowRef): void {
    const shard = this.shardOfRows.get(ref.rows);
    if (shard) this.alsoIn.set(id, [...(this.alsoIn.get(id) ?? []), shard]);
  }

  private remember(shard: SavedShard): void {
    this.shards.set(shard.name, shard);
    this.shardOfRows.set(shard.rows, shard);
  }

  /** A shard no longer saved (dropped, or its write failed): nothing counts it any more. */
  private forget(shard: SavedShard): void {
    this.shards.delete(shard.name);
    this.shardOfRows.delete(shard.rows);
    for (const [id, others] of this.alsoIn) {
      const rest = others.filter((other) => other !== shard);
      if (rest.length > 0) this.alsoIn.set(id, rest);
      else this.alsoIn.delete(id);
    }
  }

  /**
   * Works out what to write so the saved shards hold exactly the live ids' vectors that exist,
   * all int8: new shards (pending vectors, the live remainder of mostly-dead shards and of float
   * shards) and shards that can go. Vectors no note uses are dropped from memory too. Which shards
   * to rewrite comes from their live counts; only the rewritten shards' ids and the pending ones
   * are looked at, so a one-note edit does not go through all 346,000 ids at 50,000 notes.
   */
  planSave(folder: string): { write: Array<{ name: string; shard: VectorShard }>; drop: string[] } {
    const live = this.live;
    const saved = [...this.shards.values()];
    const rewrite = (shard: SavedShard): boolean => shard.float || shard.live * 2 < shard.ids.length;
    // Many small shards (one per edit) are merged once there are more than a few of them, by a
    // save that writes anyway: a save with nothing new writes nothing (reading never writes).
    const smallLimit = Math.floor(vectorsPerShard(this.dims) / 8);
    const small = new Set(saved.filter((shard) => shard.ids.length < smallLimit));
    const writesAnyway = this.pending.size > 0 || saved.some(rewrite);
    const mergeSmall = writesAnyway && small.size > 4;
    const dropped = saved.filter((shard) => rewrite(shard) || (mergeSmall && small.has(shard)));
    const carry = dropped.flatMap((shard) => shard.ids.filter((id) => live.has(id)));
    for (const shard of dropped) this.forget(shard);
    // Every vector in memory is in a saved shard or pending, so only the dropped shards' and the
    // pending ids can have lost their last copy. An id can sit in two shards only after a crash
    // between writing a merged shard and removing the old ones: one still in a kept shard is
    // neither written again nor dropped.
    const candidates = [...dropped.flatMap((shard) => shard.ids), ...this.pending];
    const toWrite = [...new Set([...carry, ...[...this.pending].filter((id) => live.has(id))])].filter((id) => !this.isSaved(id));
    for (const id of candidates) if (!live.has(id) && !this.isSaved(id)) this.rows.delete(id);
    this.pending = new Set();
    return { write: this.packShards(toWrite, folder), drop: dropped.map((shard) => shard.name) };
  }

  /**
   * A planned shard that could not be written: its vectors are pending again, so the next save or
   * checkpoint writes them (under a new name).
   */
  unsaved(name: string): void {
    const shard = this.shards.get(name);
    if (!shard) return;
    this.forget(shard);
    for (const id of shard.ids) if (this.rows.has(id)) this.pending.add(id);
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
      let live = 0;
      slice.forEach((id, row) => {
        const ref = this.rows.get(id)!;
        copyRow(ref.rows, ref.row, block, row);
        this.leaving(id, ref);
        ref.rows = block;
        ref.row = row;
        if (this.live.has(id)) live++;
      });
      const name = `${folder}/shard-${String(this.nextShard++).padStart(5, '0')}.bin`;
      out.push({ name, shard: { modelId: this.modelId, dims: this.dims, ids: slice, rows: block } });
      this.remember({ name, ids: slice, rows: block, float: false, live });
    }
    return out;
  }
}
