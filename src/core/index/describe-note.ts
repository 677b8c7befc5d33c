import { parseFrontMatter } from '../front-matter';
import { fencedCodeRanges, maskMarkdown } from './mask-markdown';

/** What the index keeps about a note besides its chunks, read from its text alone. */
export interface NoteDescription {
  title: string;
  folder: string;
  tags: string[];
  frontMatter: Record<string, unknown>;
  /** Link targets as written (`Note`, `folder/Note`, `Note.md`), resolved later against the vault. */
  linkTargets: string[];
  /** The text BM25 sees: the body without front matter, URLs or link definitions (code kept). */
  keywordText: string;
  /** Front matter values as text, searchable by keyword: not dates, times or URLs (see `readableValues`). */
  frontMatterText: string;
}

const WIKI_LINK = /!?\[\[([^\]|#^\n]+)(?:[#^][^\]|\n]*)?(?:\|[^\]\n]*)?\]\]/g;
const MARKDOWN_LINK = /\[[^\]\n]*\]\(([^()\s]+)(?:\s+"[^"\n]*")?\)/g;
const INLINE_TAG = /(?:^|[\s(])#([\p{L}\p{N}_/-]*[\p{L}_/-][\p{L}\p{N}_/-]*)/gu;

/**
 * The title (front matter `title`, else the file name), folder, tags, links and keyword text of a
 * note. `readable` is the text with the lines the vault repeats blanked (repeated-lines.ts): the
 * keyword text comes from it, while links, tags and front matter come from the note as written
 * (a template's link to an index note is still a link).
 */
export function describeNote(path: string, text: string, readable = text): NoteDescription {
  const frontMatter = parseFrontMatter(text) ?? {};
  const slash = path.lastIndexOf('/');
  const fileName = path.slice(slash + 1).replace(/\.md$/i, '');
  const fmTitle = typeof frontMatter.title === 'string' ? frontMatter.title.trim() : '';

  // Links and tags inside code are examples, not links.
  const codeFree = blankRanges(text, fencedCodeRanges(text));
  const linkTargets = new Set<string>();
  for (const m of codeFree.matchAll(WIKI_LINK)) linkTargets.add(m[1].trim());
  for (const m of codeFree.matchAll(MARKDOWN_LINK)) {
    const target = safeDecode(m[1]);
    if (!/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#')) linkTargets.add(target.split('#')[0]);
  }

  const tags = new Set<string>(frontMatterTags(frontMatter.tags ?? frontMatter.tag));
  const body = maskMarkdown(text, { code: true });
  for (const m of body.matchAll(INLINE_TAG)) tags.add(m[1]);

  return {
    title: fmTitle || fileName,
    folder: slash === -1 ? '' : path.slice(0, slash),
    tags: [...tags],
    frontMatter,
    linkTargets: [...linkTargets].filter(Boolean),
    keywordText: maskMarkdown(readable, { code: false }),
    frontMatterText: readableValues(frontMatter).join(' '),
  };
}

function frontMatterTags(value: unknown): string[] {
  const raw = typeof value === 'string' ? value.split(/[,\s]+/) : Array.isArray(value) ? value : [];
  return raw.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim().replace(/^#/, ''));
}

const URL_VALUE = /^(?:[a-z][a-z0-9+.-]*:\/\/|www\.)/i;
const DATE_VALUE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * The front matter's values a reader reads as words, in order: not its keys, not URLs, not dates
 * or times. A clip's `clipped: 2026-11-27T10:31:05Z` is not what a note is about, and as terms
 * ("27t10", "05z") it made notes clipped in the same minute look related, and two clips of the
 * same pages rank differently.
 */
export function readableValues(value: unknown): string[] {
  if (typeof value === 'string') {
    const v = value.trim();
    return v === '' || URL_VALUE.test(v) || DATE_VALUE.test(v) ? [] : [value];
  }
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  if (Array.isArray(value)) return value.flatMap(readableValues);
  if (value && typeof value === 'object') return Object.values(value).flatMap(readableValues);
  return [];
}

function blankRanges(text: string, ranges: Array<[number, number]>): string {
  if (ranges.length === 0) return text;
  let out = '';
  let at = 0;
  for (const [from, to] of ranges) {
    out += text.slice(at, from) + ' '.repeat(to - from);
    at = to;
  }
  return out + text.slice(at);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
