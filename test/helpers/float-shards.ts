/**
 * Vector shards as Kindred wrote them before compact vectors (kind `vectors`: the shared header
 * and ids, then count × dims little-endian Float32), for tests that open such an index. The
 * index only reads this format now; this is the writer it had.
 */
import { sealFile } from '../../src/core/index/checksum';
import { decodeManifest, encodeManifest, MANIFEST_NAME } from '../../src/core/index/manifest-codec';
import { decodeVectorShard, FLOAT_SHARD_KIND } from '../../src/core/index/vector-shard-codec';
import type { MemoryBlobStore } from './memory-vault';

export interface FloatShard {
  modelId: string;
  dims: number;
  ids: string[];
  vectors: Float32Array;
}

export function encodeFloatShard({ modelId, dims, ids, vectors }: FloatShard): Uint8Array {
  const model = new TextEncoder().encode(modelId);
  const idsAt = 12 + Math.ceil(model.length / 4) * 4;
  const vectorsAt = idsAt + ids.length * 16;
  const payload = new Uint8Array(vectorsAt + vectors.length * 4);
  const view = new DataView(payload.buffer);
  view.setUint32(0, dims, true);
  view.setUint32(4, ids.length, true);
  view.setUint32(8, model.length, true);
  payload.set(model, 12);
  ids.forEach((id, i) => {
    for (let b = 0; b < 16; b++) payload[idsAt + i * 16 + b] = parseInt(id.slice(b * 2, b * 2 + 2), 16);
  });
  vectors.forEach((v, i) => view.setFloat32(vectorsAt + i * 4, v, true));
  return sealFile(FLOAT_SHARD_KIND, payload);
}

/**
 * Turns a saved index into the one an earlier Kindred would have saved for the same notes: each
 * shard rewritten in the float format under its name, holding `floatOf(id)` (the vectors as
 * embedded), and the manifest without the vector format (older manifests did not name it).
 * Returns the float vectors by chunk id.
 */
export function rewriteAsFloatIndex(store: MemoryBlobStore, floatOf: (chunkId: string) => Float32Array): Map<string, Float32Array> {
  const floats = new Map<string, Float32Array>();
  for (const name of [...store.files.keys()].filter((n) => n.startsWith('index/vectors/'))) {
    const { modelId, dims, ids } = decodeVectorShard(store.files.get(name)!);
    const vectors = new Float32Array(ids.length * dims);
    ids.forEach((id, i) => {
      const vector = floatOf(id);
      vectors.set(vector, i * dims);
      floats.set(id, vector);
    });
    store.files.set(name, encodeFloatShard({ modelId, dims, ids, vectors }));
  }
  const { vectorFormat: _, ...older } = decodeManifest(store.files.get(MANIFEST_NAME)!);
  store.files.set(MANIFEST_NAME, encodeManifest(older));
  return floats;
}
