import type { Embedder } from '../../src/core/ports';

const STOP = new Set(
  'a an and are as at be but by for from has have he her his i in is it its of on or our she that the their them they this to was we were what when which who will with you your not no do does did so if than then there these those'.split(' '),
);

/** FNV-1a, 32 bit: a fixed, fast hash so the same word always lands in the same place. */
function hash(word: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < word.length; i++) {
    h ^= word.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A deterministic stand-in for USE in fast tests: a signed random projection of the text's
 * bag of words (each word adds ±1 at two hashed positions). Texts that share words get
 * similar vectors, so ranking tests behave sensibly; it knows nothing of meaning. It counts
 * its calls and the texts it embedded so tests can prove what was (not) re-embedded.
 */
export class FakeEmbedder implements Embedder {
  readonly modelId: string;
  calls = 0;
  embeddedTexts: string[] = [];

  /** Offsets the word hashes: another `modelId` is another model, with vectors in another space. */
  private readonly seed: number;

  constructor(
    readonly dims = 64,
    modelId?: string,
  ) {
    this.modelId = modelId ?? `fake-bow-${dims}`;
    this.seed = modelId === undefined ? 0 : hash(modelId, 0);
  }

  embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    this.embeddedTexts.push(...texts);
    return Promise.resolve(texts.map((t) => this.vectorOf(t)));
  }

  vectorOf(text: string): Float32Array {
    const v = new Float32Array(this.dims);
    for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
      if (STOP.has(word) || word.length < 2) continue;
      for (let seed = 0; seed < 2; seed++) {
        const h = hash(word, (this.seed + seed) >>> 0);
        v[h % this.dims] += h & 0x80000000 ? 1 : -1;
      }
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm);
    if (norm === 0) v[0] = 1; // an empty text still gets a valid unit vector
    else for (let i = 0; i < v.length; i++) v[i] /= norm;
    return v;
  }

  resetCounts(): void {
    this.calls = 0;
    this.embeddedTexts = [];
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }
}
