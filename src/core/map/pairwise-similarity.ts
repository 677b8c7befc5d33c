import { cosine } from '../rank/cosine';
import { profileCosine, type TermProfile } from './term-profile';

/**
 * Every pair's similarity among the shown notes, as a symmetric `n × n` matrix (row-major,
 * 1 on the diagonal). Only the shown notes are compared: 61 notes are 1,830 pairs.
 */
export interface SimilarityMatrix {
  size: number;
  values: Float64Array;
}

export function similarityAt(m: SimilarityMatrix, i: number, j: number): number {
  return m.values[i * m.size + j];
}

function matrixFrom(size: number, pair: (i: number, j: number) => number): SimilarityMatrix {
  const values = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    values[i * size + i] = 1;
    for (let j = i + 1; j < size; j++) {
      const s = pair(i, j);
      values[i * size + j] = s;
      values[j * size + i] = s;
    }
  }
  return { size, values };
}

/**
 * The cosines of the notes' vectors (the index keeps them L2-normalised). A note without a
 * vector scores `NaN` against every other, unless `known` gives the pair (rankRelated's own
 * cosine between the centre and a neighbour, when the centre was embedded on the fly).
 */
export function vectorSimilarities(
  vectors: readonly (Float32Array | null)[],
  known?: (i: number, j: number) => number | null,
): SimilarityMatrix {
  return matrixFrom(vectors.length, (i, j) => {
    const a = vectors[i];
    const b = vectors[j];
    if (a && b) return cosine(a, b);
    return known?.(i, j) ?? NaN;
  });
}

/** The cosines of the notes' keyword profiles: the similarity of a map drawn without the model. */
export function keywordSimilarities(profiles: readonly TermProfile[]): SimilarityMatrix {
  return matrixFrom(profiles.length, (i, j) => profileCosine(profiles[i], profiles[j]));
}
