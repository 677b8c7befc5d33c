import { StorageError } from './ports';

/**
 * Problems that reach the person: every one Kindred can meet has a code here, and its words,
 * written for the person who sees them (in a notice, the status bar, the terminal), never for
 * the program. The code is for code: the plugin and the CLI decide by it, tests assert it.
 */
export type ProblemCode =
  /** An index file was unusable (damaged, missing, stale, a folder in its place): its part is rebuilt. */
  | 'file-damaged'
  /** The index was made by another version of Kindred: it is rebuilt. */
  | 'index-outdated'
  /** The chunker, the chunk size or the keyword layout changed: notes are cut or laid out anew. */
  | 'index-changed'
  /** The embedding model changed: notes are embedded again in the background. */
  | 'model-changed'
  /** There is no embedding model to use: the index works by keyword only. */
  | 'model-missing'
  /** A note could not be read: it is left out until it can be. */
  | 'note-unreadable'
  /** Indexing stopped on an error (the embedder failed, …): what was indexed before is kept. */
  | 'sync-failed'
  /** The disk is full: the index could not be saved. */
  | 'disk-full'
  /** The index folder cannot be written: the index answers, but cannot save what changed. */
  | 'read-only'
  /** Saving the index failed for another reason. */
  | 'save-failed';

export interface Problem {
  readonly code: ProblemCode;
  /** What happened and what Kindred does about it, in words for the person. */
  readonly message: string;
  /** The file it is about: an index file (relative to the plugin folder) or a note (vault path). */
  readonly file?: string;
  /**
   * `error`: something stopped working until the person acts (the status bar's error state);
   * `warning`: told once, and Kindred deals with it itself.
   */
  readonly severity: 'error' | 'warning';
}

const ERRORS: ReadonlySet<ProblemCode> = new Set(['sync-failed', 'disk-full', 'save-failed']);

function problem(code: ProblemCode, message: string, file?: string): Problem {
  return { code, message, severity: ERRORS.has(code) ? 'error' : 'warning', ...(file !== undefined ? { file } : {}) };
}

/** The problems, by what happened. */
export const problems = {
  manifestDamaged: (file: string, reason: string): Problem =>
    problem('file-damaged', `The index manifest ${file} is damaged (${reason}); the index will be rebuilt from the notes, reusing the vectors saved beside it.`, file),
  manifestMissing: (file: string): Problem => problem('file-damaged', `The index manifest ${file} is missing; the index will be rebuilt from the notes, reusing the vectors saved beside it.`, file),
  indexFileUnusable: (file: string, reason: string): Problem => problem('file-damaged', `Index file ${file} is unusable (${reason}); its part will be rebuilt.`, file),
  keywordFileUnusable: (file: string, reason: string): Problem => problem('file-damaged', `Keyword file ${file} is unusable (${reason}); rebuilding it.`, file),
  vectorFileUnusable: (file: string, reason: string): Problem => problem('file-damaged', `Vector file ${file} is unusable (${reason}); its notes will be embedded again.`, file),
  vectorFileMissing: (file: string): Problem => problem('file-damaged', `Vector file ${file} is missing; its notes will be embedded again.`, file),
  /** Found when writing: a folder sat where an index file was to go; it was removed first. */
  folderRemoved: (file: string): Problem => problem('file-damaged', `A folder sat where index file ${file} belongs; Kindred removed it (it was inside its own folder, never a note) and wrote the file.`, file),
  indexOutdated: (): Problem => problem('index-outdated', 'The index was made by another version of Kindred; it will be rebuilt.'),
  chunkerChanged: (from: number, to: number): Problem =>
    problem('index-changed', `The chunker changed (version ${from} → ${to}); every note will be chunked and embedded again, in the background. Until then each note answers from its old passages.`),
  chunkSizeChanged: (from: number, to: number): Problem => problem('index-changed', `The chunk size changed (${from} → ${to} tokens); every note will be chunked again.`),
  layoutChanged: (now: number, was: number): Problem =>
    problem('index-changed', `The keyword index is laid out in ${now} ${now === 1 ? 'part' : 'parts'} now (it was ${was}); it is rebuilt from the notes in the background, without embedding anything again.`),
  modelChanged: (from: string, to: string): Problem =>
    problem('model-changed', `The model changed (${from} → ${to}); notes will be embedded again in the background, and related notes answer from ${from} until then.`),
  stillReembedding: (to: string, from: string): Problem => problem('model-changed', `Notes are still being embedded again with ${to}; related notes answer from ${from} until that is done.`),
  modelMissing: (reason: string): Problem => problem('model-missing', `The embedding model is not available (${reason}); Kindred works by keyword only until it is.`),
  noteUnreadable: (path: string, reason: string): Problem => problem('note-unreadable', `Could not read ${path} (${reason}); it is left out for now.`, path),
  syncFailed: (reason: string): Problem => problem('sync-failed', `Indexing failed (${reason}); what was indexed before is kept, and the next change or a click on the status bar tries again.`),
  /** A save that failed: the disk full, the folder read-only, or anything else the store refused. */
  saveFailed: (error: unknown): Problem => {
    const file = error instanceof StorageError ? error.path : undefined;
    const kind = error instanceof StorageError ? error.kind : 'io';
    if (kind === 'disk-full') {
      return problem('disk-full', `The disk is full: nothing was changed${file ? ` (writing ${file})` : ''}. Kindred answers from what it has indexed and saves it once there is room.`, file);
    }
    if (kind === 'read-only') {
      return problem('read-only', `The index folder cannot be written (read-only${file ? `: ${file}` : ''}); Kindred answers from what it has, but what changed is not saved.`, file);
    }
    return problem('save-failed', `The index could not be saved (${messageOf(error)}); Kindred answers from memory and tries again at the next change.`, file);
  },
};

/**
 * What makes a problem news: a damaged file or an unreadable note by its file, a failure or a
 * model change by its words, a full disk or a read-only folder once whatever file met it.
 */
export function problemKey(p: Problem): string {
  const byFile = p.code === 'file-damaged' || p.code === 'note-unreadable';
  const byWords = p.code === 'sync-failed' || p.code === 'model-changed' || p.code === 'save-failed' || p.code === 'index-changed';
  return [p.code, byFile ? (p.file ?? '') : '', byWords ? p.message : ''].join('\u0000');
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
