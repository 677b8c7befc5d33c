import type { Clock, Fetcher, HtmlParser, Vault } from '../ports';

/** Something to clip: a live URL, or a page saved to disk. */
export type ClipInput =
  | { kind: 'url'; url: string }
  /** A saved page; `url` is where it came from when known (for example from a `{"url": …}` first-line comment). */
  | { kind: 'html'; name: string; bytes: Uint8Array; url?: string; known?: KnownMeta };

/**
 * What a source's API already states about a page (the import sources): it wins over what
 * extraction finds, and `extra` adds front matter fields of the source's own (`sequence`,
 * `paywalled`…) after Kindred's.
 */
export interface KnownMeta {
  title?: string;
  authors?: string[];
  published?: string;
  site?: string;
  tags?: string[];
  description?: string;
  extra?: Record<string, unknown>;
}

export interface ClipOptions {
  /** Vault folder the notes go into. */
  folder: string;
  tags: string[];
  /** Keep the page's comments under a `## Comments` heading. */
  includeComments: boolean;
  /** Download images next to the note instead of linking to them. */
  downloadImages: boolean;
  /** What to do when a note already has this page as its `source`. */
  onDuplicate: 'skip' | 'update' | 'keep-both';
}

export interface ClipDeps {
  vault: Vault;
  fetcher: Fetcher;
  parser: HtmlParser;
  clock: Clock;
}

/** What happened to one input, in words the UI and the CLI can show as they are. */
export interface ClipOutcome {
  /** The URL or file name as given. */
  input: string;
  status: 'created' | 'updated' | 'skipped' | 'failed';
  /** The note written, or for a skipped duplicate the note that already has this page. */
  path?: string;
  /** Why it failed, or why it was skipped. */
  error?: string;
}

export const DEFAULT_CLIP_OPTIONS: ClipOptions = {
  folder: 'Clippings',
  tags: ['clippings'],
  includeComments: false,
  downloadImages: false,
  onDuplicate: 'skip',
};

/** Size and time limits for anything fetched while clipping. */
export const CLIP_LIMITS = {
  timeoutMs: 30_000,
  maxBytes: 10 * 1024 * 1024,
  /** Images are fetched one by one with the same limits. */
  maxImages: 100,
} as const;
