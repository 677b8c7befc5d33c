import { CHUNKER_VERSION } from './chunk-note';
import type { IndexState } from './index-state';
import type { IndexOptions } from './index-types';
import { INDEX_FORMAT } from './manifest-codec';
import { KEYWORD_BUCKETS } from './note-store';
import { encodeVectorShardInSlices, type VectorShard } from './vector-shard-codec';

/**
 * Writes what changed: new vector shards, the changed note and keyword buckets, the manifest, then
 * removes what is left over. The order is what keeps it crash-safe: a crash at any point leaves a
 * manifest whose pinned files are either intact or recognised as stale, and shards are read
 * whether listed or not. In Obsidian this runs on the UI thread, so it goes file by file and
 * slice by slice (`TimeSlicer`), never as one long task.
 */
export async function saveIndex(state: IndexState, opts: IndexOptions): Promise<void> {
  await state.slicer.breathe();
  for (const { name, shard } of state.vectors.planSave(state.liveChunkIds())) await writeShard(state, name, shard);
  await state.keyword.save(state.records.values(), state.files);

  await state.slicer.breathe();
  // The notes still to re-chunk are an extra field an older Kindred ignores.
  await state.files.writeManifest({
    format: INDEX_FORMAT,
    chunkerVersion: CHUNKER_VERSION,
    chunkTokens: opts.maxTokens,
    keywordBuckets: KEYWORD_BUCKETS,
    ...state.vectors.manifestFields(),
    ...(state.rechunk.size > 0 ? { rechunkPending: [...state.rechunk].sort() } : {}),
  });

  // Anything else under index/ is left over: old shards, emptied buckets, damaged files, and the
  // previous model's shards once the new model's vectors answer (never before).
  await state.files.sweep(state.vectors.shardNames());
  state.vectors.forgetParked();
}

/** Writes new vectors only (no note records), so a crash in a long build keeps what was embedded. */
export async function checkpoint(state: IndexState): Promise<void> {
  for (const { name, shard } of state.vectors.planCheckpoint()) await writeShard(state, name, shard);
}

async function writeShard(state: IndexState, name: string, shard: VectorShard): Promise<void> {
  await state.slicer.breathe();
  await state.files.write(name, await encodeVectorShardInSlices(shard, () => state.slicer.breathe()));
}
