import { StorageError, type StorageErrorKind } from './ports';

/** The kind of a file-system error code (Node's `code`, also what Obsidian's desktop adapter throws). */
export function storageErrorKind(code: string | undefined): StorageErrorKind {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'disk-full';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'read-only';
    case 'EISDIR':
    case 'ENOTDIR':
    case 'ERR_FS_EISDIR':
      return 'not-a-file';
    default:
      return 'io';
  }
}

/** What each kind says to a person; `path` is vault- or store-relative. */
export function storageMessage(kind: StorageErrorKind, path: string, detail = ''): string {
  switch (kind) {
    case 'disk-full':
      return `the disk is full: nothing was changed (writing ${path})`;
    case 'read-only':
      return `${path} cannot be written: the folder is read-only or belongs to someone else`;
    case 'not-a-file':
      return `${path} is not a file: a folder (or something else) sits where a file belongs`;
    case 'outside':
      return `${path} leads outside the vault (through a symbolic link or ".."): Kindred neither reads nor writes there`;
    case 'io':
      return detail ? `${path}: ${detail}` : `${path} could not be read or written`;
  }
}

/** A `StorageError` for a file-system error: its kind from the code, its message in words. */
export function toStorageError(error: unknown, path: string): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const kind = storageErrorKind(typeof code === 'string' ? code : undefined);
  const detail = error instanceof Error ? error.message : String(error);
  return new StorageError(kind, path, storageMessage(kind, path, detail));
}
