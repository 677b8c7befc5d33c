/**
 * What USE-lite is given, and in which batches. Its own file so the main-thread bundle and the
 * worker pool can use it without pulling in tfjs.
 *
 * - Only the first {@link USE_LITE_MAX_TOKENS} tokens of a text reach the model (the graph drops
 *   the rest; a 250-word passage is ~450 tokens). The text is tokenized by `UseTokenizer`
 *   (use-tokenizer.ts), in time linear in its length, so tokenizing it whole costs little beside
 *   the graph.
 * - A batch is padded to its longest text (up to 128 tokens), and the padding moves the vectors in
 *   their last bits: each text runs at a width set by its own length (`paddedWidth`), batched with
 *   texts of that width, so its vector never depends on the texts that share its call, and a
 *   short passage no longer pays for a long one's padding.
 */
import { USE_LITE_MAX_TOKENS } from './model-files';

/** Texts run at widths in steps of this many tokens (see `UseEmbedder.embed`). */
export const WIDTH_STEP = 32;

/**
 * The width a text of `tokens` tokens is run at: its length rounded up to a step of
 * {@link WIDTH_STEP}, at most the {@link USE_LITE_MAX_TOKENS} the model reads. It depends on the
 * text alone, so the text's vector does too.
 */
export function paddedWidth(tokens: number): number {
  return Math.min(USE_LITE_MAX_TOKENS, Math.max(1, Math.ceil(tokens / WIDTH_STEP)) * WIDTH_STEP);
}

/**
 * Indexes of `lengths` cut into batches of at most `batchSize`, each batch holding items of
 * neighbouring length (longest first). With `sorted` false, batches keep the input order (as
 * before length sorting was measured; `bench/embed.bench.ts` compares the two).
 */
export function batchesByLength(lengths: readonly number[], batchSize: number, sorted = true): number[][] {
  const order = lengths.map((_, i) => i);
  if (sorted) order.sort((a, b) => lengths[b] - lengths[a] || a - b);
  const batches: number[][] = [];
  for (let from = 0; from < order.length; from += batchSize) batches.push(order.slice(from, from + batchSize));
  return batches;
}
