import { CHUNKER_VERSION } from './chunk-note';
import type { IndexState } from './index-state';
import type { IndexOptions } from './index-types';
import { INDEX_FORMAT } from './manifest-codec';
import { encodeVectorShardInSlices, type VectorShard } from './vector-shard-codec';

/**
 * Writes what changed: new vector shards, the changed note, note-vector and keyword buckets, the manifest, then
 * removes what is left over. The order is what keeps it crash-safe: a crash or a failed write at
 * any point leaves a manifest whose pinned files are either intact or recognised as stale, and
 * shards are read whether listed or not. Nothing unchanged is written, so a sync that changed
 * nothing writes nothing. In Obsidian this runs on the UI thread, so it goes file by file and
 * slice by slice (`TimeSlicer`), never as one long task. Nor does it go through every chunk to
 * find which vectors are still used: the records count their chunks as they change
 * (`NoteRecords`) and each saved shard keeps its live count, so a one-note edit's save looks only
 * at the ids of the shards it rewrites and of the new vectors (`ChunkVectors.planSave`).
 *
 * Rejects when a write fails (a full disk, a read-only folder); what was not written stays to be
 * written by the next save.
 */
export async function saveIndex(state: IndexState, opts: IndexOptions): Promise<void> {
  await state.slicer.breathe();
  const shards = state.vectors.planSave();
  await writeShards(state, shards);
  const bucketsChanged = state.keyword.unsaved;
  // The note matrix is saved beside the records it was made from, so the next open answers from it.
  const answering = state.vectors.answering;
  const noteVectors = answering && answering.size > 0 ? { modelId: answering.modelId, dims: answering.dims, matrix: () => state.views.noteMatrix() } : null;
  await state.keyword.save(state.records.values(), state.files, noteVectors);

  await state.slicer.breathe();
  // The model being built, the notes still to re-chunk and the shard list are extra fields an
  // older Kindred ignores.
  const manifestWritten = await state.files.writeManifest({
    format: INDEX_FORMAT,
    chunkerVersion: CHUNKER_VERSION,
    chunkTokens: opts.maxTokens,
    keywordBuckets: state.keyword.bucketCount,
    ...state.vectors.manifestFields(),
    ...(state.rechunk.size > 0 ? { rechunkPending: [...state.rechunk].sort() } : {}),
    vectorFiles: state.vectors.shardNames().sort(),
  });
  if (shards.length === 0 && !bucketsChanged && !manifestWritten) return;

  // Anything else under index/ is left over: old shards, emptied buckets, damaged files, and the
  // previous model's shards once the new model's vectors answer (never before).
  await state.files.sweep(state.vectors.shardNames());
  state.vectors.forgetParked();
}

/** Writes new vectors only (no note records), so a crash in a long build keeps what was embedded. */
export async function checkpoint(state: IndexState): Promise<void> {
  await writeShards(state, state.vectors.planCheckpoint());
}

/** Writes planned shards; on a failure, the ones not written go back to waiting, and it rejects. */
async function writeShards(state: IndexState, shards: Array<{ name: string; shard: VectorShard }>): Promise<void> {
  for (let i = 0; i < shards.length; i++) {
    const { name, shard } = shards[i];
    try {
      await state.slicer.breathe();
      await state.files.write(name, await encodeVectorShardInSlices(shard, () => state.slicer.breathe()));
    } catch (error) {
      state.vectors.unsaved(shards.slice(i).map((s) => s.name));
      throw error;
    }
  }
}
