import { isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../command';
import type { NoteName } from '../ranking-session';

/**
 * A note argument as a vault path: accepts `notes/a.md`, `notes/a` (adds `.md`), a path under
 * the vault folder from the current directory, or an absolute path inside the vault.
 * Throws a clear error for a path outside the vault.
 */
export function resolveNotePath(arg: string, vaultDir: string, cwd: string): string {
  const vaultAbs = resolve(cwd, vaultDir);
  let path = arg.replace(/\\/g, '/');
  const fromCwd = resolve(cwd, arg);
  if (isAbsolute(arg) || fromCwd.startsWith(vaultAbs + sep)) {
    const rel = relative(vaultAbs, isAbsolute(arg) ? arg : fromCwd);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new InputError(`${arg} is not inside the vault ${vaultDir}`);
    path = rel.split(sep).join('/');
  }
  path = path.replace(/^\.\//, '');
  if (path.startsWith('../')) throw new InputError(`${arg} is not inside the vault ${vaultDir}`);
  if (!/\.md$/i.test(path)) path += '.md';
  return path;
}

const fold = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();
const stem = (path: string): string => path.replace(/^.*\//, '').replace(/\.md$/i, '');

/** Candidates are listed up to this many; more than that, the person narrows the name. */
const MAX_LISTED = 10;

/**
 * Finds the note a person means: by its path (as `resolveNotePath` reads it), else by its file
 * name or its title, ignoring case. Several matches are listed, never guessed between; none is
 * an error that names notes whose name contains the words, if any.
 */
export function findNote(arg: string, vaultDir: string, cwd: string, notes: readonly NoteName[]): string {
  const path = resolveNotePath(arg, vaultDir, cwd);
  if (notes.some((n) => n.path === path)) return path;
  const byPath = notes.filter((n) => n.path.toLowerCase() === path.toLowerCase());
  if (byPath.length === 1) return byPath[0].path;

  const wanted = fold(stem(arg.replace(/\\/g, '/')));
  const named = notes.filter((n) => fold(stem(n.path)) === wanted || (n.title !== undefined && fold(n.title) === wanted));
  if (named.length === 1) return named[0].path;
  if (named.length > 1) {
    throw new InputError(`"${arg}" names ${named.length} notes; give one of their paths:\n${listed(named)}`);
  }
  const near = wanted === '' ? [] : notes.filter((n) => fold(stem(n.path)).includes(wanted) || (n.title !== undefined && fold(n.title).includes(wanted)));
  throw new InputError(
    `no note "${arg}" in the vault ${vaultDir} (looked for it by path, file name and title)` +
      (near.length > 0 ? `; notes whose name contains it:\n${listed(near)}` : ''),
  );
}

function listed(notes: readonly NoteName[]): string {
  const lines = notes.slice(0, MAX_LISTED).map((n) => `  ${n.path}${n.title && n.title !== stem(n.path) ? `  (${n.title})` : ''}`);
  if (notes.length > MAX_LISTED) lines.push(`  … and ${notes.length - MAX_LISTED} more`);
  return lines.join('\n');
}
