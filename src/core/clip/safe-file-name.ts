import type { Vault } from '../ports';

const MAX_NAME = 120;
// Windows forbids \/:*?"<>| (and control characters, see `isControl`); Obsidian's links break on #^[].
const FORBIDDEN = /[\\/:*?"<>|#^[\]]/g;

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** Cuts to at most `max` UTF-16 units without splitting a surrogate pair or an emoji sequence's base. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return text.slice(0, end).replace(/(?:\u200d|\ufe0f)+$/, '');
}

/**
 * A file name (without `.md`) from a title that is safe on Windows, macOS, Linux, iOS and
 * Android and in Obsidian links: no `\/:*?"<>|#^[]` or control characters, no leading dots,
 * no trailing dots or spaces, not a reserved device name, at most 120 characters.
 * Never empty: a title with nothing usable gives `Untitled`.
 */
export function safeFileName(title: string): string {
  return cleanName(title) || 'Untitled';
}

function cleanName(title: string): string {
  let name = Array.from(title.normalize('NFC'), (char) => (isControl(char) ? ' ' : char))
    .join('')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  name = cut(name, MAX_NAME).replace(/[.\s]+$/, '');
  // Windows reserves `CON` whatever follows the first dot (`CON.txt` too), so the mark goes before it.
  const dot = name.indexOf('.');
  const stem = dot < 0 ? name : name.slice(0, dot);
  if (RESERVED.test(stem.trim())) name = `${stem.trim()} (page)${dot < 0 ? '' : name.slice(dot)}`;
  return name;
}

/** A folder path the user typed, reduced to safe segments with no `..`; '' means the vault root. */
export function safeFolder(folder: string): string {
  return folder
    .split(/[\\/]+/)
    .map((segment) => (segment === '..' || segment === '.' ? '' : cleanName(segment)))
    .filter(Boolean)
    .join('/');
}

/**
 * A free path `<folder>/<safe title>.md`; a taken name becomes `Title (2).md`, `Title (3).md`…
 * The result is always inside `folder`, whatever the title says.
 */
export async function uniqueNotePath(vault: Vault, folder: string, title: string): Promise<string> {
  const base = safeFileName(title);
  const prefix = safeFolder(folder);
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${cut(base, MAX_NAME - 4 - String(n).length).replace(/[.\s]+$/, '')} (${n})`;
    const path = prefix ? `${prefix}/${name}.md` : `${name}.md`;
    if (!(await vault.exists(path))) return path;
  }
}
