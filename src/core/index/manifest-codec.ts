import { DamagedFileError, openSealedFile, sealFile } from './checksum';

/**
 * The manifest: the small file read first. It names the format, the model and chunker the
 * vectors belong to, and pins every other index file by its checksum, so a file left over
 * from an interrupted save is recognised as stale and rebuilt instead of trusted.
 */

export const MANIFEST_NAME = 'index/manifest.bin';
export const INDEX_FORMAT = 1;
const KIND = 'manifest';

export interface Manifest {
  format: number;
  chunkerVersion: number;
  /** Target tokens per chunk the notes were cut with (absent in older indexes: the default, 360). */
  chunkTokens?: number;
  /** How many buckets the notes and keyword files are spread over (absent in older indexes: 16). */
  keywordBuckets?: number;
  /**
   * The model of the vectors that answer (related notes, semantic search); null while nothing
   * has been embedded. During a re-embedding these are the previous model's.
   */
  modelId: string | null;
  dims: number;
  /**
   * How the vector shards store vectors: `int8` (codes and one scale per vector), or `float32` as
   * Kindred wrote them before (absent in older indexes: `float32`). Shards name their format
   * themselves, so either is read; a save rewrites float shards as int8.
   */
  vectorFormat?: 'int8' | 'float32';
  /**
   * Present while the notes are embedded again with another model: its vectors are saved beside
   * the answering ones and take over once they cover every note (absent in older indexes).
   */
  building?: { modelId: string; dims: number };
  /**
   * Notes whose records and chunks are still those of an older chunker or chunk size: they answer
   * from their old chunks until they are chunked and embedded again (absent in older indexes).
   */
  rechunkPending?: string[];
  /** Every file the index consists of (names relative to the plugin folder) → its checksum. */
  files: Record<string, string>;
  /** Their sizes in bytes, so stats need not read the files. */
  sizes?: Record<string, number>;
  /**
   * The vector shards saved with this manifest (absent in older indexes). Shards are read whether
   * listed or not; the list only lets a missing one be named.
   */
  vectorFiles?: string[];
}

/** The manifest as a sealed file. */
export function encodeManifest(manifest: Manifest): Uint8Array {
  return sealFile(KIND, new TextEncoder().encode(JSON.stringify(manifest)));
}

/** Reads a manifest; throws {@link DamagedFileError} when damaged or not one. */
export function decodeManifest(bytes: Uint8Array): Manifest {
  const payload = openSealedFile(KIND, bytes);
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder().decode(payload));
  } catch {
    throw new DamagedFileError('manifest is not valid JSON');
  }
  const m = data as Partial<Manifest> | null;
  if (
    !m ||
    typeof m.format !== 'number' ||
    typeof m.chunkerVersion !== 'number' ||
    typeof m.dims !== 'number' ||
    !(m.modelId === null || typeof m.modelId === 'string') ||
    !m.files ||
    typeof m.files !== 'object'
  ) {
    throw new DamagedFileError('manifest fields are missing');
  }
  if (m.keywordBuckets !== undefined && !(Number.isInteger(m.keywordBuckets) && m.keywordBuckets > 0)) {
    throw new DamagedFileError('manifest field "keywordBuckets" is malformed');
  }
  if (m.vectorFormat !== undefined && m.vectorFormat !== 'int8' && m.vectorFormat !== 'float32') {
    throw new DamagedFileError('manifest field "vectorFormat" is malformed');
  }
  if (m.building !== undefined && (!m.building || typeof m.building.modelId !== 'string' || typeof m.building.dims !== 'number')) {
    throw new DamagedFileError('manifest field "building" is malformed');
  }
  if (m.rechunkPending !== undefined && (!Array.isArray(m.rechunkPending) || m.rechunkPending.some((p) => typeof p !== 'string'))) {
    throw new DamagedFileError('manifest field "rechunkPending" is malformed');
  }
  if (m.vectorFiles !== undefined && (!Array.isArray(m.vectorFiles) || m.vectorFiles.some((p) => typeof p !== 'string'))) {
    throw new DamagedFileError('manifest field "vectorFiles" is malformed');
  }
  return m as Manifest;
}
