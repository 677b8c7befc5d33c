import { isAbsolute, relative, resolve, sep } from 'node:path';

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
    if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${arg} is not inside the vault ${vaultDir}`);
    path = rel.split(sep).join('/');
  }
  path = path.replace(/^\.\//, '');
  if (path.startsWith('../')) throw new Error(`${arg} is not inside the vault ${vaultDir}`);
  if (!/\.md$/i.test(path)) path += '.md';
  return path;
}
