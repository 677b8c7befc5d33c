/**
 * Builds the USE-lite graph and tokenizer from verified bytes held in memory.
 * tfjs is never handed a URL or a path: what runs is exactly what was hashed.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { routeBatchMatMulsToSimd } from './fast-attention';
import { USE_LITE_SHARDS } from './model-files';
import { UseTokenizer, type UseVocabulary } from './use-tokenizer';
import type { VerifiedModelFiles } from './verify-model';

/** A loaded USE-lite: the graph, its tokenizer and the id of the weights. */
export interface UseModel {
  readonly graph: GraphModel;
  readonly tokenizer: UseTokenizer;
  readonly modelId: string;
}

interface ModelJson {
  modelTopology: unknown;
  weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
}

const decoder = new TextDecoder();

function fileOf(verified: VerifiedModelFiles, name: string): Uint8Array {
  const bytes = verified.files.get(name);
  if (!bytes) throw new Error(`The verified model files lack ${name}; verify the model before loading it.`);
  return bytes;
}

/** The shards' bytes, concatenated in the order model.json lists them: the weight buffer tfjs expects. */
function concatenateShards(verified: VerifiedModelFiles, paths: string[]): ArrayBuffer {
  const parts = paths.map((p) => fileOf(verified, p));
  const total = parts.reduce((sum, p) => sum + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out.buffer;
}

export interface LoadOptions {
  /**
   * Run the attention's products on Kindred's SIMD kernels (fast-attention.ts; the weights are
   * the verified ones either way). On by default; off is the graph exactly as shipped.
   */
  simdAttention?: boolean;
}

/**
 * Loads USE-lite from files `verifyModelFiles` has checked, on the current tfjs backend
 * (choose it first with `chooseBackend`).
 */
export async function loadUseModel(verified: VerifiedModelFiles, options: LoadOptions = {}): Promise<UseModel> {
  const modelJson = JSON.parse(decoder.decode(fileOf(verified, 'model.json'))) as ModelJson;
  if (options.simdAttention ?? true) routeBatchMatMulsToSimd(modelJson.modelTopology as { node?: { op: string }[] });
  const paths = modelJson.weightsManifest.flatMap((group) => group.paths);
  if (paths.join() !== USE_LITE_SHARDS.join()) {
    throw new Error(`model.json lists the shards ${paths.join(', ')}, not the pinned ${USE_LITE_SHARDS.join(', ')}.`);
  }
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const handler = tf.io.fromMemory({
    modelTopology: modelJson.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    weightSpecs,
    weightData: concatenateShards(verified, paths),
  });
  const vocabulary = JSON.parse(decoder.decode(fileOf(verified, 'vocab.json'))) as UseVocabulary;
  const graph = await loadGraphModel(handler);
  return { graph, tokenizer: new UseTokenizer(vocabulary), modelId: verified.modelId };
}
