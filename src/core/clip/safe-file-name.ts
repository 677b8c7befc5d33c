import type { Vault } from '../ports';
import { TEMPORARY_SUFFIX_BYTES } from '../temporary-names';

// File systems limit a name by bytes, not characters: 255 bytes of UTF-8 on ext4, APFS and most
// others (NTFS: 255 UTF-16 units, which 255 bytes never exceed). A note's name also carries
// `.md`, and while it is written the vault adds a temporary suffix (`.<12 hex>.tmp`, see
// temporary-names.ts), and a taken name gets ` (2)`. So a title may use what is left.
const MAX_NAME_BYTES = 255;
const EXTENSION_BYTES = '.md'.length;
const NUMBER_SUFFIX_BYTES = ' (9999)'.length;
/** The bytes a note's name may use for its title and its ` (n)`. */
const NAME_BYTES = MAX_NAME_BYTES - EXTENSION_BYTES - TEMPORARY_SUFFIX_BYTES;
/** The bytes a title may use on its own: 228. */
export const TITLE_BYTES = NAME_BYTES - NUMBER_SUFFIX_BYTES;
/** And at most this many characters (grapheme clusters): a name is for reading. */
const MAX_CHARACTERS = 120;

// Windows forbids \/:*?"<>| (and control characters, see `isControl`); Obsidian's links break on #^[].
const FORBIDDEN = /[\\/:*?"<>|#^[\]]/g;
// Bidirectional controls (embeddings, overrides, isolates, marks) can make a name read
// backwards ("invoice‮fdp.exe" shows as "invoiceexe.pdf"), so they never reach a name.
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f);
}
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

const encoder = new TextEncoder();
const utf8Length = (text: string): number => encoder.encode(text).length;

/** A text's user-perceived characters; whole code points where Intl.Segmenter is missing. */
function graphemes(text: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    return Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
  }
  return Array.from(text);
}

/**
 * The longest start of `text` within `maxBytes` of UTF-8 and `maxCharacters` grapheme
 * clusters, cut only between clusters: never inside a character, an emoji sequence or a letter
 * with its combining marks. A single cluster larger than the budget is left out whole.
 */
export function cutToBytes(text: string, maxBytes: number, maxCharacters = Infinity): string {
  if (utf8Length(text) <= maxBytes && text.length <= maxCharacters) return text;
  let out = '';
  let bytes = 0;
  let count = 0;
  for (const cluster of graphemes(text)) {
    const size = utf8Length(cluster);
    if (bytes + size > maxBytes || count >= maxCharacters) break;
    out += cluster;
    bytes += size;
    count++;
  }
  return out;
}

/**
 * A file name (without `.md`) from a title that is safe on Windows, macOS, Linux, iOS and
 * Android and in Obsidian links: no `\/:*?"<>|#^[]`, control or bidi characters, no leading
 * dots, no trailing dots or spaces, not a reserved device name, at most 120 characters and
 * 228 bytes of UTF-8 (room for `.md`, ` (n)` and the vault's temporary suffix within 255).
 * Never empty: a title with nothing usable gives `Untitled`.
 */
export function safeFileName(title: string, maxBytes = TITLE_BYTES): string {
  return cleanName(title, maxBytes) || 'Untitled';
}

function cleanName(title: string, maxBytes: number): string {
  let name = Array.from(title.normalize('NFC').replace(BIDI_CONTROLS, ''), (char) => (isControl(char) ? ' ' : char))
    .join('')
    .replace(FORBIDDEN, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '');
  name = cutToBytes(name, maxBytes, MAX_CHARACTERS).replace(/[.\s]+$/, '');
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
    .map((segment) => (segment === '..' || segment === '.' ? '' : cleanName(segment, TITLE_BYTES)))
    .filter(Boolean)
    .join('/');
}

/**
 * A free path `<folder>/<safe title>.md`; a taken name becomes `Title (2).md`, `Title (3).md`…
 * (the title cut further if the number would not fit). The result is always inside `folder`,
 * whatever the title says.
 */
export async function uniqueNotePath(vault: Vault, folder: string, title: string): Promise<string> {
  const base = safeFileName(title);
  const prefix = safeFolder(folder);
  for (let n = 1; ; n++) {
    const suffix = ` (${n})`;
    const name = n === 1 ? base : `${cutToBytes(base, NAME_BYTES - utf8Length(suffix)).replace(/[.\s]+$/, '')}${suffix}`;
    const path = prefix ? `${prefix}/${name}.md` : `${name}.md`;
    if (!(await vault.exists(path))) return path;
  }
}
