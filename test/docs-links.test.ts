/**
 * The README, CHANGELOG and docs/ stand on their own: every relative link points at a file of
 * this repository (not outside it), every `#anchor` at a heading that is there, and every
 * repository path named in code (`src/core/ports.ts`) exists or is a folder git ignores
 * (`test/artifacts/`). Files not committed yet count, as long as git does not ignore them, so a
 * new page can be linked before its first commit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

/** The repository's files and folders (tracked, or new and not ignored), relative to its root. */
function repositoryPaths(): Set<string> {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  const paths = new Set<string>();
  for (const file of out.split('\0').filter(Boolean)) {
    paths.add(file);
    for (let dir = posix.dirname(file); dir !== '.'; dir = posix.dirname(dir)) paths.add(dir);
  }
  return paths;
}

/** Whether git ignores `path`: the folders tests and builds write to (`test/artifacts/`, `dist/`) are named, never committed. */
function ignoredByGit(path: string): boolean {
  try {
    // As a folder too: `test/artifacts/` in .gitignore matches only a folder, and it may not exist yet.
    execFileSync('git', ['check-ignore', path, `${path}/`], { cwd: ROOT, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The anchors of a markdown file's headings (a repeated heading gets -1, -2, … as on GitHub). */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutCode(markdown).split('\n')) {
    const m = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = headingAnchor(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Fenced blocks blanked (links in them are examples, not links); lines kept so numbers stay right. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, (block) => block.replace(/[^\n]/g, ' '));
}

/** Link targets in markdown: inline links and images, and reference definitions. */
export function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown).replace(/`[^`\n]*`/g, (code) => ' '.repeat(code.length));
  const targets: string[] = [];
  for (const m of text.matchAll(/!?\[(?:[^\]\n]|\](?!\())*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]);
  for (const m of text.matchAll(/^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) targets.push(m[1]);
  return targets;
}

/**
 * Paths written in code spans: `inside` those that name a place in this repository (`src/…`,
 * `test/…`, …), `outside` those that name a file beside it (`../shared/DESIGN.md`). A folder
 * beside it (`../shared/fixtures`) is data a developer's machine has, said once where to get.
 */
export function codePaths(markdown: string): { inside: string[]; outside: string[] } {
  const inside: string[] = [];
  const outside: string[] = [];
  for (const m of withoutCode(markdown).matchAll(/`([^`\n]+)`/g)) {
    const path = m[1].replace(/[/]$/, '');
    if (/^\.\.\/[\w./-]*\/[\w-]+\.\w+$/.test(path)) outside.push(path);
    else if (/^(src|test|bench|scripts|docs|eval|examples|\.github|\.ci)\/[\w./-]+$/.test(path) && !/\.\.|\/\//.test(path)) inside.push(path);
  }
  return { inside, outside };
}

export interface BrokenLink {
  file: string;
  target: string;
  why: string;
}

/**
 * What is wrong with the links of `file` (relative to the root): a target outside the
 * repository, a file that is not there, an anchor that names no heading.
 */
export function brokenLinks(
  file: string,
  markdown: string,
  paths: ReadonlySet<string>,
  readRepoFile: (path: string) => string,
  ignored: (path: string) => boolean = () => false,
): BrokenLink[] {
  const broken: BrokenLink[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, app:
    const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
    if (pathPart === '') {
      if (anchor !== undefined && !anchorsOf(markdown).has(anchor)) broken.push({ file, target, why: `no heading #${anchor} here` });
      continue;
    }
    const path = posix.normalize(posix.join(posix.dirname(file), decodeURI(pathPart))).replace(/\/$/, '');
    if (path.startsWith('../') || path === '..' || posix.isAbsolute(path)) {
      broken.push({ file, target, why: 'points outside the repository' });
      continue;
    }
    if (!paths.has(path)) {
      broken.push({ file, target, why: `${path} is not in the repository` });
      continue;
    }
    if (anchor !== undefined && path.endsWith('.md') && !anchorsOf(readRepoFile(path)).has(anchor)) {
      broken.push({ file, target, why: `${path} has no heading #${anchor}` });
    }
  }
  const named = codePaths(markdown);
  for (const path of named.inside) {
    if (!paths.has(path) && !ignored(path)) broken.push({ file, target: `\`${path}\``, why: `${path} is not in the repository` });
  }
  for (const path of named.outside) broken.push({ file, target: `\`${path}\``, why: 'names a file outside the repository' });
  return broken;
}

test('every relative link in README.md and docs/*.md points at a file or heading of this repository', () => {
  const paths = repositoryPaths();
  const docs = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`);
  const files = ['README.md', 'CHANGELOG.md', ...docs];
  assert.ok(docs.includes('docs/ARCHITECTURE.md') && docs.includes('docs/CONTRIBUTING.md'), 'the two docs exist');
  const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');
  const broken = files.flatMap((file) => brokenLinks(file, read(file), paths, read, ignoredByGit));
  assert.deepEqual(broken, [], broken.map((b) => `${b.file}: ${b.target}: ${b.why}`).join('\n'));
  assert.ok(linkTargets(read('README.md')).some((t) => t === 'docs/ARCHITECTURE.md'), 'the README links the architecture');
  assert.ok(linkTargets(read('README.md')).some((t) => t === 'docs/CONTRIBUTING.md'), 'the README links the contributing guide');
});

test('the check finds a missing file, a path outside the repository, a missing heading and a missing path in code', () => {
  const paths = new Set(['README.md', 'docs', 'docs/A.md', 'src', 'src/x.ts']);
  const read = (path: string): string => (path === 'docs/A.md' ? '# A page\n\n## Two words\n' : '');
  const page = [
    '[fine](A.md) [fine too](A.md#two-words) [web](https://example.org/x) [here](#a-page) ![pic](../src/x.ts)',
    '[gone](C.md) [nowhere here](#no-such) [outside](../../shared/DESIGN.md) [no heading](A.md#three-words) `src/y.ts` `src/x.ts`',
    'the design (`../shared/DESIGN.md`); the pages in `../shared/fixtures`',
    '```',
    '[in a code block](nowhere.md)',
    '```',
    '[ref]: ../missing.txt',
  ].join('\n');
  const broken = brokenLinks('docs/B.md', `# A page\n${page}`, paths, read).map((b) => `${b.target}: ${b.why}`);
  assert.deepEqual(broken, [
    'C.md: docs/C.md is not in the repository',
    '#no-such: no heading #no-such here',
    '../../shared/DESIGN.md: points outside the repository',
    'A.md#three-words: docs/A.md has no heading #three-words',
    '../missing.txt: missing.txt is not in the repository',
    '`src/y.ts`: src/y.ts is not in the repository',
    '`../shared/DESIGN.md`: names a file outside the repository',
  ]);
});

test('anchors are made as GitHub makes them', () => {
  assert.equal(headingAnchor('A whole body of writing'), 'a-whole-body-of-writing');
  assert.equal(headingAnchor('How to add a CLI command'), 'how-to-add-a-cli-command');
  assert.equal(headingAnchor('The index on disk: `index/` and recovery'), 'the-index-on-disk-index-and-recovery');
  assert.deepEqual([...anchorsOf('# Limits\n## Limits\n')], ['limits', 'limits-1']);
});
