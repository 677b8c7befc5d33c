/** Which notes the index leaves out, as the settings name them. */
export interface ExclusionRules {
  /** Folders left out with everything under them. */
  excludeFolders: string[];
  /** Glob patterns on vault paths: `*` within a folder name, `**` across folders, `?` one character. */
  excludePatterns: string[];
  /** Notes carrying one of these tags (or a nested tag below one) are left out. */
  excludeTags: string[];
  /** The vault's config folder (`.obsidian`), always left out. */
  configDir: string;
  /** Obsidian's attachment folder, always left out when set. */
  attachmentFolder?: string;
}

/** Compiles the rules once into the two checks sync needs. */
export function compileExclusions(rules: ExclusionRules): {
  excludesPath: (path: string) => boolean;
  excludesTags: (tags: string[]) => boolean;
} {
  const folders = [...rules.excludeFolders, rules.configDir, '.trash', rules.attachmentFolder ?? '']
    .map((f) => f.trim().replace(/^\.?\/+/, '').replace(/\/+$/, ''))
    .filter((f) => f !== '');
  const patterns = rules.excludePatterns.filter((p) => p.trim() !== '').map(globToRegExp);
  const tags = rules.excludeTags.map(normaliseTag).filter((t) => t !== '');
  return {
    excludesPath: (path) =>
      folders.some((f) => path === f || path.startsWith(f + '/')) || patterns.some((re) => re.test(path)),
    excludesTags: (noteTags) =>
      noteTags.map(normaliseTag).some((t) => tags.some((x) => t === x || t.startsWith(x + '/'))),
  };
}

function normaliseTag(tag: string): string {
  return tag.trim().replace(/^#/, '').toLowerCase();
}

/** A glob as a regular expression over the whole path. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  const g = glob.trim().replace(/^\.?\//, '');
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*' && g[i + 1] === '*') {
      // "**/" matches zero or more folders; a trailing "**" anything.
      if (g[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A pattern without a slash may match at any depth, as in .gitignore.
  return new RegExp(g.includes('/') ? `^${re}$` : `(?:^|/)${re}$`);
}
