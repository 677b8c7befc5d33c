import type { ChunkEntry } from '../index/index-reader';
import { cosine } from './cosine';

/** A passage with its vector: an indexed chunk, or a chunk of a note or selection embedded on the fly. */
export interface PassageVector {
  headingPath: readonly string[];
  vector: Float32Array;
}

/** The two passages that relate two notes, and how closely. */
export interface PassagePair<A extends PassageVector = PassageVector, B extends PassageVector = ChunkEntry> {
  source: A;
  other: B;
  score: number;
}

/**
 * The chunk of the open note and the chunk of the other note with the highest cosine: the
 * "why" shown under each related note. `null` when either side has no chunks.
 */
export function bestPassagePair<A extends PassageVector, B extends PassageVector>(
  sourceChunks: readonly A[],
  otherChunks: readonly B[],
): PassagePair<A, B> | null {
  let best: PassagePair<A, B> | null = null;
  // Read once: an indexed chunk's vector is dequantised on each read.
  const others = otherChunks.map((other) => other.vector);
  for (const source of sourceChunks) {
    const vector = source.vector;
    for (let o = 0; o < otherChunks.length; o++) {
      const score = cosine(vector, others[o]);
      if (!best || score > best.score) best = { source, other: otherChunks[o], score };
    }
  }
  return best;
}

/** The chunk of a note closest to a query vector (the passage shown for a semantic result). */
export function bestPassageFor<B extends PassageVector>(
  query: Float32Array,
  chunks: readonly B[],
): { chunk: B; score: number } | null {
  let best: { chunk: B; score: number } | null = null;
  for (const chunk of chunks) {
    const score = cosine(query, chunk.vector);
    if (!best || score > best.score) best = { chunk, score };
  }
  return best;
}

/**
 * The mean of the `top` highest chunk-pair cosines between two notes (1: the best pair's
 * cosine). A passage-level similarity for ranking; 0 when either side has no chunks.
 */
export function passagePairSimilarity(
  sourceChunks: readonly PassageVector[],
  otherChunks: readonly PassageVector[],
  top = 1,
): number {
  const best: number[] = [];
  const others = otherChunks.map((other) => other.vector);
  for (const source of sourceChunks) {
    const vector = source.vector;
    for (const other of others) {
      const score = cosine(vector, other);
      if (best.length === top && score <= best[top - 1]) continue;
      let at = best.length;
      while (at > 0 && best[at - 1] < score) at--;
      best.splice(at, 0, score);
      if (best.length > top) best.pop();
    }
  }
  return best.length === 0 ? 0 : best.reduce((s, x) => s + x, 0) / best.length;
}
