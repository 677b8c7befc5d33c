import type { FileInfo } from '../ports';

/**
 * The order a long first index embeds notes in, so the related pane is useful soonest: the note
 * open now, then the other notes of its folder, then every other note, each group most recently
 * modified first (what a person reads and writes now is what they open next). Re-evaluated batch
 * by batch, so opening another note while the index is built brings it and its folder forward.
 */

/** What the person is looking at: the open note, if any. */
export interface IndexingFocus {
  path: string | null;
}

function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** 0 the open note, 1 its folder, 2 the rest. */
function groupOf(file: FileInfo, focus: IndexingFocus, focusFolder: string | null): number {
  if (focus.path === file.path) return 0;
  return focusFolder !== null && folderOf(file.path) === focusFolder ? 1 : 2;
}

/** `files` in indexing order (a new array): the open note, its folder, the rest; newest first within each; then by path. */
export function orderForIndexing(files: readonly FileInfo[], focus: IndexingFocus): FileInfo[] {
  const focusFolder = focus.path === null ? null : folderOf(focus.path);
  return files
    .map((file) => ({ file, group: groupOf(file, focus, focusFolder) }))
    .sort((a, b) => a.group - b.group || b.file.mtime - a.file.mtime || (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0))
    .map((entry) => entry.file);
}

/**
 * The notes still to index, handed out a batch at a time in indexing order for the focus at the
 * moment each batch is taken.
 */
export class IndexingQueue {
  private pending: FileInfo[];
  private orderedFor: string | null | undefined;

  constructor(
    files: readonly FileInfo[],
    private readonly focus: () => IndexingFocus,
  ) {
    this.pending = [...files];
  }

  get remaining(): number {
    return this.pending.length;
  }

  /** The next `count` notes for the focus as it is now. */
  take(count: number): FileInfo[] {
    const focus = this.focus();
    if (focus.path !== this.orderedFor) {
      this.pending = orderForIndexing(this.pending, focus);
      this.orderedFor = focus.path;
    }
    return this.pending.splice(0, count);
  }

  /** The notes not taken yet, in their current order. */
  rest(): FileInfo[] {
    return [...this.pending];
  }
}
