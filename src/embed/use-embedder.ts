/**
 * The Embedder port over a loaded USE-lite: batches, one L2-normalised 512-d vector per text,
 * in input order.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Embedder } from '../core/ports';
import { USE_LITE_DIMS, USE_LITE_MAX_TOKENS } from './model-files';
import type { UseModel } from './load-use-model';
import { DEFAULT_BATCH_SIZE } from './batch-size';
import { paddedWidth } from './model-input';

export { DEFAULT_BATCH_SIZE };

/**
 * The measured gains, each of which can be switched off so `bench/embed.bench.ts` can run the
 * pipeline as it was before them on the same chunks in the same run. All on by default.
 */
export interface EmbedTuning {
  /**
   * Run each text at a width that follows from its own length (`paddedWidth`), batched with texts
   * of that width, not in input order at the width of the longest text that shares its batch.
   */
  batchByWidth: boolean;
  /** The attention's products on SIMD kernels (fast-attention.ts); read where the model is loaded. */
  simdAttention: boolean;
}

export const DEFAULT_TUNING: EmbedTuning = { batchByWidth: true, simdAttention: true };

/** The sparse input USE-lite takes: (row, position) pairs and the token ids at them. */
export interface EncodedBatch {
  indices: Int32Array;
  values: Int32Array;
  rows: number;
}

/**
 * Tokenizes a batch into USE-lite's sparse input with flat typed arrays (the USE package builds
 * nested JS arrays and concatenates them, quadratic in the batch's tokens).
 */
export function encodeBatch(encoded: readonly number[][]): EncodedBatch {
  const total = encoded.reduce((sum, ids) => sum + ids.length, 0);
  const indices = new Int32Array(total * 2);
  const values = new Int32Array(total);
  let k = 0;
  encoded.forEach((ids, row) => {
    for (let position = 0; position < ids.length; position++) {
      indices[2 * k] = row;
      indices[2 * k + 1] = position;
      values[k] = ids[position];
      k++;
    }
  });
  return { indices, values, rows: encoded.length };
}

/** Scales `v` to length 1 in place; a zero vector stays zero (it has no direction to keep). */
export function l2Normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i] * v[i];
  if (sum > 0) {
    const scale = 1 / Math.sqrt(sum);
    for (let i = 0; i < v.length; i++) v[i] *= scale;
  }
  return v;
}

function abortError(): Error {
  const error = new Error('Embedding was cancelled.');
  error.name = 'AbortError';
  return error;
}

/** Runs one batch of token ids through the graph; returns the raw (not yet normalised) rows. */
export async function runUseBatch(model: UseModel, encoded: readonly number[][]): Promise<Float32Array> {
  const batch = encodeBatch(encoded);
  const indices = tf.tensor2d(batch.indices, [batch.values.length, 2], 'int32');
  const values = tf.tensor1d(batch.values, 'int32');
  try {
    const output = (await model.graph.executeAsync({ indices, values })) as tf.Tensor;
    try {
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  } finally {
    indices.dispose();
    values.dispose();
  }
}

/** USE-lite in the current thread, on whatever tfjs backend is set. */
export class UseEmbedder implements Embedder {
  readonly modelId: string;
  readonly dims = USE_LITE_DIMS;

  private readonly tuning: EmbedTuning;

  constructor(
    private readonly model: UseModel,
    private readonly batchSize = DEFAULT_BATCH_SIZE,
    tuning: Partial<EmbedTuning> = {},
  ) {
    this.modelId = model.modelId;
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
  }

  private emptyTextVector: Float32Array | null = null;

  /**
   * Embeds `texts` in batches of `batchSize`. The graph pads a batch to its longest text, and the
   * padding moves a vector in its last bits (about 1e-7; the same text in batches of the same
   * width is bit for bit the same). So each text runs at a width set by its own length
   * (`paddedWidth`, steps of 32 tokens), in a batch of texts of that width, with a filler row of
   * exactly that width when none of them reaches it: a text's vector never depends on which texts
   * share its call, or in which order notes are indexed, and a short text does not pay for a long
   * one's padding.
   *
   * A text with no tokens (the empty string) never goes to the graph: a tokenless row that ends a
   * batch gets no output row at all, and a batch of only such rows makes the graph throw. It gets
   * the graph's vector for an empty row instead, so every input still gets one unit vector.
   */
  async embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]> {
    const out: Float32Array[] = new Array<Float32Array>(texts.length);
    const { tokenizer } = this.model;
    // The graph reads the first 128 tokens and clips the rest: they are not sent.
    const encoded = texts.map((t) => tokenizer.encode(t).slice(0, USE_LITE_MAX_TOKENS));
    const withTokens: number[] = [];
    for (let i = 0; i < texts.length; i++) {
      if (encoded[i].length > 0) withTokens.push(i);
      else out[i] = (await this.emptyVector()).slice();
    }
    for (const rows of this.batches(withTokens, encoded)) {
      if (signal?.aborted) throw abortError();
      const batch = rows.map((i) => encoded[i]);
      const width = this.tuning.batchByWidth ? paddedWidth(batch[0].length) : 0;
      if (width > 0 && batch.every((ids) => Math.min(ids.length, USE_LITE_MAX_TOKENS) < width)) batch.push(this.filler(width));
      const flat = await runUseBatch(this.model, batch);
      if (flat.length !== batch.length * this.dims) {
        throw new Error(`USE-lite returned ${flat.length / this.dims} vectors for ${batch.length} texts.`);
      }
      rows.forEach((i, row) => {
        out[i] = l2Normalise(flat.slice(row * this.dims, (row + 1) * this.dims));
      });
    }
    return out;
  }

  /** The texts' indexes in batches: by width, or (tuning off) in input order. */
  private batches(withTokens: number[], encoded: number[][]): number[][] {
    const out: number[][] = [];
    if (!this.tuning.batchByWidth) {
      for (let from = 0; from < withTokens.length; from += this.batchSize) out.push(withTokens.slice(from, from + this.batchSize));
      return out;
    }
    const byWidth = new Map<number, number[]>();
    for (const i of withTokens) {
      const width = paddedWidth(encoded[i].length);
      const group = byWidth.get(width);
      if (group) group.push(i);
      else byWidth.set(width, [i]);
    }
    for (const width of [...byWidth.keys()].sort((a, b) => b - a)) {
      const group = byWidth.get(width)!;
      for (let from = 0; from < group.length; from += this.batchSize) out.push(group.slice(from, from + this.batchSize));
    }
    return out;
  }

  private readonly fillers = new Map<number, number[]>();

  /** A row of exactly `width` tokens whose vector is thrown away: it sets the batch's width. */
  private filler(width: number): number[] {
    let row = this.fillers.get(width);
    if (!row) {
      const word = this.model.tokenizer.encode('the');
      row = Array.from({ length: width }, (_, i) => word[i % word.length]);
      this.fillers.set(width, row);
    }
    return row;
  }

  /** The graph's vector for a row without tokens, taken from a batch where that row is not last. */
  private async emptyVector(): Promise<Float32Array> {
    if (!this.emptyTextVector) {
      const flat = await runUseBatch(this.model, [[], this.model.tokenizer.encode('.')]);
      this.emptyTextVector = l2Normalise(flat.slice(0, this.dims));
    }
    return this.emptyTextVector;
  }

  dispose(): Promise<void> {
    this.model.graph.dispose();
    return Promise.resolve();
  }
}
