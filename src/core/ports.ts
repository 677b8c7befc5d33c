/**
 * The ports: every way the pure core reaches the outside world.
 *
 * `src/core` never imports `obsidian`, Node built-ins or tfjs. Obsidian (`src/obsidian`),
 * the command line (`src/cli`) and the tests implement these interfaces instead, which is
 * what lets one index be tested in Node, driven from a terminal and shown in Obsidian.
 *
 * Paths are vault-relative, with forward slashes and no leading slash (Obsidian's own form).
 */

/** What the vault reports about one file. */
export interface FileInfo {
  path: string;
  /** Last modification, milliseconds since the epoch. */
  mtime: number;
  /** Size in bytes. */
  size: number;
}

/** A change to the vault, as Obsidian's vault events report it. */
export type VaultEvent =
  | { type: 'create' | 'modify' | 'delete'; path: string }
  | { type: 'rename'; path: string; oldPath: string };

/**
 * The user's notes. Implemented over `app.vault` in Obsidian and over a folder in Node.
 * A path that leads outside the vault (`..`, or a symbolic link to elsewhere) is refused by every
 * read and write with `StorageError('outside')`; other failures reject with a `StorageError` too.
 */
export interface Vault {
  /** Every markdown note in the vault. */
  listMarkdown(): Promise<FileInfo[]>;
  /** `null` when nothing is at `path`. */
  stat(path: string): Promise<FileInfo | null>;
  read(path: string): Promise<string>;
  exists(path: string): Promise<boolean>;
  /**
   * Creates a new text file, creating missing parent folders. Rejects when something
   * is already at `path`: callers choose free names, nothing is ever overwritten by accident.
   */
  create(path: string, data: string): Promise<void>;
  /** As `create`, for bytes (downloaded images). */
  createBinary(path: string, data: Uint8Array): Promise<void>;
  /**
   * Reads, transforms and writes one existing note as a single step
   * (`Vault.process` in Obsidian), so a concurrent edit is never lost.
   */
  process(path: string, fn: (text: string) => string): Promise<string>;
  /** Removes a file Kindred itself created (used to undo a half-finished clip). */
  remove(path: string): Promise<void>;
  /**
   * The parsed front matter of a note, or `null` when it has none. Obsidian answers from its
   * metadata cache without reading the file.
   */
  readFrontMatter(path: string): Promise<Record<string, unknown> | null>;
  /**
   * Where an attachment named `fileName` for the note at `notePath` should go
   * (Obsidian's "default location for new attachments" setting), not yet taken.
   */
  attachmentPath(fileName: string, notePath: string): Promise<string>;
  /** Subscribes to changes; returns the function that unsubscribes. */
  onChange(listener: (event: VaultEvent) => void): () => void;
}

/** Why reading or writing a file failed, in a form the core can turn into words a person understands. */
export type StorageErrorKind =
  /** A folder (or anything but a plain file) sits where a file belongs. */
  | 'not-a-file'
  /** The disk is full (ENOSPC, EDQUOT). */
  | 'disk-full'
  /** The folder or file may not be written (EACCES, EPERM, EROFS). */
  | 'read-only'
  /** The path leads outside the vault or the plugin folder (a symlink, `..`). */
  | 'outside'
  /** Anything else the file system refused. */
  | 'io';

export class StorageError extends Error {
  constructor(
    readonly kind: StorageErrorKind,
    /** Vault- or store-relative path of the file concerned. */
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'StorageError';
  }
}

/**
 * Kindred's own files (the index), kept under `<configDir>/plugins/kindred/`.
 * Names are relative to that folder. Failures other than "no such file" reject with a
 * `StorageError`.
 */
export interface BlobStore {
  /**
   * `null` when nothing is at `name`. Rejects with `StorageError('not-a-file')` when a folder
   * (or anything but a plain file) is there.
   */
  read(name: string): Promise<Uint8Array | null>;
  /**
   * Writes to a temporary name and renames it, so no reader ever sees half a file. On failure
   * the temporary file is gone and the previous file (if any) is whole; rejects with a
   * `StorageError` (`not-a-file` when a folder sits at `name`).
   */
  write(name: string, data: Uint8Array): Promise<void>;
  /**
   * Creates `name` holding `data` only if nothing is there yet: resolves `true` when it did,
   * `false` when something already was (which is left alone). The file appears whole or not at
   * all. The writer lock (`core/vault-lock.ts`) is taken with it.
   */
  createExclusive(name: string, data: Uint8Array): Promise<boolean>;
  /** Removes whatever is at `name`, a file or a folder (inside the store only). No error when nothing is there. */
  remove(name: string): Promise<void>;
  /** Names of the files under `prefix` (a folder name, or '' for all). */
  list(prefix: string): Promise<string[]>;
}

export interface FetchRequest {
  url: string;
  /** GET unless given; POST carries `body` (the GraphQL APIs of the import sources). */
  method?: 'GET' | 'POST';
  /** The request body, sent as it is (set `content-type` in `headers`). */
  body?: string;
  /** Abort after this long; the error says so. */
  timeoutMs: number;
  /** Abort once the body passes this many bytes; the error says so. */
  maxBytes: number;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface FetchResponse {
  /** The URL after redirects. */
  url: string;
  status: number;
  statusText: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Why a fetch failed, in a form the core can turn into a message a person understands. */
export type FetchErrorKind = 'timeout' | 'too-large' | 'network' | 'aborted' | 'invalid-url';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

/**
 * The network, used only for what the user asked for (clipping a URL, downloading the model).
 * `requestUrl` in Obsidian, `fetch` in Node. Non-2xx statuses resolve; the caller decides.
 */
export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResponse>;
}

/** Turns HTML into a DOM: `DOMParser` in Obsidian, linkedom in Node. */
export interface HtmlParser {
  parse(html: string, url: string): Document;
}

/**
 * Text to vectors. Implementations batch, run off the UI thread and return L2-normalised
 * vectors of length `dims`, one per input, in input order.
 */
export interface Embedder {
  /** Names the model and its weights (for example `use-lite-512@<sha256 prefix>`); part of every cache key. */
  readonly modelId: string;
  readonly dims: number;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** Frees the model and stops workers. */
  dispose(): Promise<void>;
}

/** Time, so that debounces and schedules can be tested without waiting. */
export interface Clock {
  now(): number;
  /** Runs `fn` after `ms`; returns the function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
  /**
   * Hands the thread back to the host for a moment (resolves in a new task), so long work in
   * a UI thread runs in slices and input, paint and other work go in between. Absent where
   * nothing is waiting for the thread (the CLI, tests with a manual clock).
   */
  yield?(): Promise<void>;
}

