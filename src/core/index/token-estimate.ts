/**
 * How many USE-lite tokens a text has, without loading the tokenizer: whitespace words × a
 * measured ratio. The chunker sizes its ~360-token chunks with this.
 */

/**
 * USE-lite tokens per whitespace word on English prose: 1.778 on 200 prose paragraphs spread over
 * the Sequences (12,140 words → 21,580 tokens; 10% of paragraphs at or below 1.40, 90% at or below
 * 2.0), 1.734 with reference-link markup removed. Measured with `npx tsx bench/use-tokens.bench.ts`
 * (writes bench/results/use-tokens.json); rounded to 1.78 because notes keep their link markup.
 */
export const USE_TOKENS_PER_WORD = 1.78;

/** The estimated USE-lite token count of `text` (whitespace words × `USE_TOKENS_PER_WORD`, rounded up). */
export function estimateUseTokens(text: string): number {
  const words = text.split(/\s+/).filter(Boolean).length;
  return Math.ceil(words * USE_TOKENS_PER_WORD);
}
