import { messageOf, problems, type Problem } from '../problems';
import { ChunkVectors } from './chunk-vectors';
import { VECTOR_FOLDER, type IndexFiles } from './index-files';
import type { LiveChunks } from './live-chunks';
import type { Manifest } from './manifest-codec';
import type { NoteRecord } from './note-record';
import { decodeVectorShardInSlices, type DecodedShard, type VectorShard } from './vector-shard-codec';

/** A model as the vectors name it. */
export interface ModelRef {
  modelId: string;
  dims: number;
}

/**
 * The chunk vectors by model. `current` holds the embedder's model (without an embedder: the
 * model being built, else the saved one). While the notes are embedded again with a new model,
 * `previous` holds the old model's vectors, read-only: they answer (note vectors, chunks, the
 * note matrix) until `current` covers every note, then are dropped in one step. Two models'
 * vectors are never mixed in one answer: their spaces differ.
 */
export class VectorGenerations {
  current: ChunkVectors | null = null;
  previous: ChunkVectors | null = null;
  /**
   * Shards of a model that is neither generation's, found while opening without an embedder: the
   * model set next (`kindred index` sets it after opening) takes those of its model, the next
   * save forgets the rest. Without this, a re-embedding checkpointed before its first save restarts.
   */
  private readonly parked = new Map<string, DecodedShard>();
  /** Every vector file seen: a new shard is numbered after all of them, so it never overwrites one. */
  private filesSeen: string[] = [];

  /** `live`: the chunks the note records use; both generations' shard counts follow its changes. */
  constructor(
    model: ModelRef | null,
    private readonly live: LiveChunks,
    private readonly report: (problem: Problem) => void,
  ) {
    if (model) this.current = this.vectorsFor(model);
    live.watch((id, isLive) => {
      this.current?.liveChanged(id, isLive);
      this.previous?.liveChanged(id, isLive);
    });
  }

  /** The vectors answering: the previous model's while the new one's are incomplete. */
  get answering(): ChunkVectors | null {
    return this.previous ?? this.current;
  }

  /** While re-embedding: the model being built (queries embedded with it cannot be compared yet). */
  get pendingModelId(): string | null {
    return this.previous && this.current ? this.current.modelId : null;
  }

  /**
   * Sets up the generations from the manifest and reads every shard that verifies, listed or not
   * (they are content-addressed, so one written just before a crash is as good as any). Shards
   * carry their model and their chunks' content hashes, so without a manifest (lost, damaged, or a
   * first build cut short) they are used as they are: a lost manifest costs a re-scan of the
   * notes, not a re-embedding.
   */
  async load(manifest: Manifest | null, files: IndexFiles, embedder: ModelRef | null, breathe: () => Promise<void> = () => Promise.resolve()): Promise<void> {
    const answering = manifest?.modelId ? { modelId: manifest.modelId, dims: manifest.dims } : null;
    const building = manifest?.building ?? null;
    const names = await files.list(VECTOR_FOLDER);
    this.filesSeen = names;
    const listed = new Set(names);
    for (const name of manifest?.vectorFiles ?? []) {
      if (listed.has(name)) continue;
      // Not listed as a file: gone, or a folder in its place (which the read removes).
      try {
        if ((await files.read(name)) === null) this.report(problems.vectorFileMissing(name));
      } catch (error) {
        this.report(problems.vectorFileUnusable(name, messageOf(error)));
      }
    }
    const shards: Array<{ name: string; shard: DecodedShard }> = [];
    for (const name of names) {
      try {
        const bytes = await files.read(name);
        // Checked in slices: a shard's checksum alone is tens of milliseconds.
        if (bytes) shards.push({ name, shard: await decodeVectorShardInSlices(bytes, breathe) });
      } catch (error) {
        this.report(problems.vectorFileUnusable(name, messageOf(error)));
      }
    }
    // With neither a manifest nor an embedder to name the model, the shards name it.
    const target = embedder ?? building ?? answering ?? modelWithMostVectors(shards.map((s) => s.shard));
    if (!target) return;
    const current = this.vectorsFor(target);
    this.current = current;
    if (answering && !current.holds(answering)) {
      this.previous = this.vectorsFor(answering);
      this.report(building && current.holds(building) ? problems.stillReembedding(target.modelId, answering.modelId) : problems.modelChanged(answering.modelId, target.modelId));
    }
    const generations = [current, this.previous].filter((g): g is ChunkVectors => g !== null);
    for (const { name, shard } of shards) {
      await breathe();
      const owner = generations.find((g) => g.holds(shard));
      if (owner) await owner.loadDecodedShardInSlices(name, shard, breathe);
      else if (!embedder) this.parked.set(name, shard);
      // A model given up half-way (another one is set now): its shards go with the next save.
      else if (building && shard.modelId === building.modelId) continue;
      else this.report(problems.vectorFileUnusable(name, `made by model ${shard.modelId} (${shard.dims}-d), not ${target.modelId}`));
    }
    current.numberAfter(names);
    // Nothing left of the previous model's vectors (its files damaged or gone): nothing to keep
    // answering with, so the new model's answer as they come, as in a first build.
    if (this.previous && this.previous.size === 0) this.previous = null;
  }

  /**
   * Follows a new embedder's model. Another model than `current`'s starts a re-embedding: the
   * vectors that answered so far keep answering. Returns whether the answering vectors changed.
   */
  setModel(model: ModelRef): boolean {
    if (this.current?.holds(model)) {
      this.adoptParked(this.current);
      return false;
    }
    if (this.previous?.holds(model)) {
      // Back to the model that answers: the other one's half-built vectors go (their shards with the next save).
      this.previous.numberAfter([...this.filesSeen, ...(this.current?.shardNames() ?? [])]);
      this.current = this.previous;
      this.previous = null;
      this.parked.clear();
      return true;
    }
    const answering = this.answering;
    if (answering && answering.size > 0) {
      this.previous = answering;
      this.report(problems.modelChanged(answering.modelId, model.modelId));
    } else {
      this.previous = null;
    }
    const next = this.vectorsFor(model);
    next.numberAfter([...this.filesSeen, ...(this.current?.shardNames() ?? []), ...(this.previous?.shardNames() ?? [])]);
    this.adoptParked(next);
    this.current = next;
    return true;
  }

  /** Whether `record` has a chunk the current model has no vector for. */
  lacksVectors(record: NoteRecord): boolean {
    const current = this.current;
    return current !== null && record.chunks.some((c) => !current.has(c.id));
  }

  /**
   * Ends a re-embedding once the new model's vectors cover every note: from then on they answer
   * and the previous model's are dropped, their shards with the save that follows. Never earlier:
   * until then those are the only vectors that can answer. Returns whether it switched.
   */
  switchWhenComplete(records: Iterable<NoteRecord>): boolean {
    if (!this.previous || !this.current) return false;
    for (const record of records) if (this.lacksVectors(record)) return false;
    this.previous = null;
    return true;
  }

  /** Shards of the vectors added since the last save or checkpoint (a checkpoint in a long build). */
  planCheckpoint(): Array<{ name: string; shard: VectorShard }> {
    return this.current ? this.current.planCheckpoint(VECTOR_FOLDER) : [];
  }

  /** Shards to write so the saved ones hold exactly the live chunks' vectors (see `ChunkVectors.planSave`). */
  planSave(): Array<{ name: string; shard: VectorShard }> {
    return this.current ? this.current.planSave(VECTOR_FOLDER).write : [];
  }

  /** The shards both generations still need. */
  shardNames(): string[] {
    return [...(this.current?.shardNames() ?? []), ...(this.previous?.shardNames() ?? [])];
  }

  /**
   * The manifest's model fields: the model that answers, named as before so an older Kindred
   * reads the manifest too; the model being built is an extra field it ignores.
   */
  manifestFields(): Pick<Manifest, 'modelId' | 'dims' | 'building' | 'vectorFormat'> {
    const answering = this.answering;
    // Float shards outlive a save only as the previous model's during a re-embedding.
    const float = [this.current, this.previous].some((g) => g?.hasFloatShards());
    return {
      modelId: answering && answering.size > 0 ? answering.modelId : null,
      dims: answering?.dims ?? 0,
      vectorFormat: float ? 'float32' : 'int8',
      ...(this.previous && this.current ? { building: { modelId: this.current.modelId, dims: this.current.dims } } : {}),
    };
  }

  /** After a save: the shards parked on opening that no model took are forgotten (the sweep removed them). */
  forgetParked(): void {
    this.parked.clear();
  }

  /** Shards that could not be written: their vectors wait for the next save or checkpoint. */
  unsaved(names: readonly string[]): void {
    for (const name of names) this.current?.unsaved(name);
  }

  private vectorsFor(model: ModelRef): ChunkVectors {
    return new ChunkVectors(model.modelId, model.dims, this.live);
  }

  /** Takes the parked shards of `vectors`' model (saved by an earlier run that was cut short) and forgets the rest. */
  private adoptParked(vectors: ChunkVectors): void {
    for (const [name, shard] of this.parked) if (vectors.holds(shard)) vectors.loadDecodedShard(name, shard);
    this.parked.clear();
  }
}

/** The model most of `shards`' vectors belong to, or `null` for none. */
function modelWithMostVectors(shards: readonly VectorShard[]): ModelRef | null {
  const counts = new Map<string, { model: ModelRef; vectors: number }>();
  for (const shard of shards) {
    const key = `${shard.modelId}\u0000${shard.dims}`;
    const entry = counts.get(key) ?? { model: { modelId: shard.modelId, dims: shard.dims }, vectors: 0 };
    entry.vectors += shard.ids.length;
    counts.set(key, entry);
  }
  let best: { model: ModelRef; vectors: number } | null = null;
  for (const entry of counts.values()) if (!best || entry.vectors > best.vectors) best = entry;
  return best?.model ?? null;
}
