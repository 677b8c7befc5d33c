/**
 * Turns link targets as written into vault paths, the way Obsidian resolves them: a target
 * with a folder must match that path; a bare name matches any note of that name, the one
 * nearest the linking note first (same folder, then the shortest path).
 */
export class LinkResolver {
  private readonly byName = new Map<string, string[]>();
  private readonly byPath = new Set<string>();

  constructor(paths: Iterable<string>) {
    for (const path of paths) this.add(path);
  }

  add(path: string): void {
    this.byPath.add(path.toLowerCase());
    const key = nameOf(path);
    const list = this.byName.get(key);
    if (list) {
      if (!list.includes(path)) list.push(path);
    } else this.byName.set(key, [path]);
  }

  remove(path: string): void {
    this.byPath.delete(path.toLowerCase());
    const key = nameOf(path);
    const list = this.byName.get(key)?.filter((p) => p !== path);
    if (list && list.length > 0) this.byName.set(key, list);
    else this.byName.delete(key);
  }

  /** The vault paths `targets` point to from the note at `fromPath`, unresolvable ones left out. */
  resolve(targets: string[], fromPath: string): string[] {
    const out = new Set<string>();
    for (const target of targets) {
      const path = this.resolveOne(target, fromPath);
      if (path && path !== fromPath) out.add(path);
    }
    return [...out];
  }

  private resolveOne(target: string, fromPath: string): string | null {
    const clean = target.replace(/\\/g, '/').replace(/^\.?\//, '');
    const withExt = /\.md$/i.test(clean) ? clean : `${clean}.md`;
    const candidates = this.byName.get(nameOf(withExt)) ?? [];
    if (clean.includes('/')) {
      const folder = fromPath.includes('/') ? fromPath.slice(0, fromPath.lastIndexOf('/') + 1) : '';
      const wanted = [withExt.toLowerCase(), normalise(folder + withExt).toLowerCase()];
      return candidates.find((p) => wanted.includes(p.toLowerCase()) || p.toLowerCase().endsWith('/' + withExt.toLowerCase())) ?? null;
    }
    if (candidates.length <= 1) return candidates[0] ?? null;
    const folder = fromPath.slice(0, fromPath.lastIndexOf('/') + 1);
    const sameFolder = candidates.find((p) => p.slice(0, p.lastIndexOf('/') + 1) === folder);
    return sameFolder ?? [...candidates].sort((a, b) => a.length - b.length || (a < b ? -1 : 1))[0];
  }
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1).replace(/\.md$/i, '').toLowerCase();
}

function normalise(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}
