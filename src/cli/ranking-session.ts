import type { IndexReader } from '../core/index/index-reader';
import type { Embedder } from '../core/ports';
import type { Tokenize } from '../core/rank/distinctive-terms';
import type { RelatedSource } from '../core/rank/rank-related';
import type { VaultRequest } from './vault-request';

/** A note on disk, with its title where the saved index knows it. */
export interface NoteName {
  path: string;
  title?: string;
}

/**
 * What the ranking commands (`related`, `query`, `eval`) work on: a vault whose saved index is
 * open. It is opened in two steps so that a command checks its inputs (the vault, the note it
 * was given) before the model loads: `OpenSession` locates the vault and opens the saved index,
 * `prepare` loads the model and brings the index up to date. The real one is
 * `openRankingSession`; tests pass their own.
 */
export interface RankingSession {
  reader: IndexReader;
  tokenize: Tokenize;
  /** A note's full text, from the vault. */
  readText(path: string): Promise<string>;
  /** Every note on disk (for finding a note by its name or title), read without the model. */
  listNotes(): Promise<NoteName[]>;
  /** Loads the model when the request asked for it, then brings the index up to date with the vault. */
  prepare(): Promise<SessionModel>;
  /** Problems met opening and syncing the index, in words (stderr, or the `warnings` of `--json`). */
  warnings(): string[];
  close(): Promise<void>;
}

/** The model's side of a prepared session: absent functions when there is no model, and why. */
export interface SessionModel {
  embedQuery?: (text: string) => Promise<Float32Array>;
  /** Embeds a note or a selection that is not in the index. */
  embedSource?: (text: string) => Promise<RelatedSource>;
  /** Why there is no model, in words, when there is none. */
  modelProblem?: string;
}

/** A vault request, and where a person sees progress (model loading, indexing). */
export interface SessionRequest extends VaultRequest {
  /** The command asking, as another writer's wait message names it ("related"). */
  command: string;
  progress: (line: string) => void;
}

export type OpenSession = (request: SessionRequest) => Promise<RankingSession>;

/** Loads the real embedder. The composition root loads it lazily, so `--help` never loads tfjs. */
export type LoadEmbedder = (options: {
  modelDir?: string;
  backend?: 'wasm' | 'cpu';
  workers?: number;
  onProgress?: (p: { phase: string; location: string }) => void;
}) => Promise<Embedder>;
