import type { IndexReader } from '../../core/index/index-reader';
import type { Tokenize } from '../../core/rank/distinctive-terms';
import type { RelatedSource } from '../../core/rank/rank-related';

/**
 * What the ranking commands need from an opened, synced vault index. Opening it (the real
 * index over a folder, the real model) is `openRankingSession`; tests pass their own.
 */
export interface RankingSession {
  reader: IndexReader;
  tokenize: Tokenize;
  /** A note's full text, from the vault. */
  readText(path: string): Promise<string>;
  /** Present only when the real model loaded. */
  embedQuery?: (text: string) => Promise<Float32Array>;
  /** Embeds a note or a selection that is not in the index (needs the model). */
  embedSource?: (text: string, title?: string) => Promise<RelatedSource>;
  /** Why there is no model, in words, when there is none. */
  modelProblem?: string;
  close(): Promise<void>;
}

/** How a command opens its session: the vault folder, and whether it wants the model. */
export interface SessionRequest {
  /** The vault folder, relative to `cwd`. */
  vault: string;
  cwd: string;
  modelDir?: string;
  /** Load the embedding model (semantic/hybrid queries, related notes). */
  withModel: boolean;
  /** Progress lines for a person (model loading, indexing). */
  progress: (line: string) => void;
}

export type OpenSession = (request: SessionRequest) => Promise<RankingSession>;

/**
 * Opens the real index and model, loaded only when a command runs, so that `kindred --help`
 * and the command tests never load tfjs.
 */
export const openDefaultSession: OpenSession = async (request) =>
  (await import('./open-ranking-session')).openRankingSession(request);
