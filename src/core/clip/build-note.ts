import { isMap, parseDocument, stringify } from 'yaml';
import { splitFrontMatter } from '../front-matter';

/** What the note's front matter records about the page. */
export interface NoteMeta {
  title: string;
  authors: string[];
  /** The canonical URL; how duplicates are recognised. */
  source?: string;
  /** For a saved page with no URL: `sha256:<hex>` of its bytes, how its duplicates are recognised. */
  sourceHash?: string;
  site: string;
  /** As the page stated it; written as an ISO date when it is a real date, left out otherwise. */
  published: string;
  /** When the clip was made, milliseconds since the epoch. */
  clippedAt: number;
  tags: string[];
  description: string;
  /** Fields of an import source's own (`sequence`, `chapter`, `paywalled`…), written after Kindred's. */
  extra?: Record<string, unknown>;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ORDINAL = '(\\d{1,2})(?:st|nd|rd|th)?';
const DAY_MONTH_YEAR = new RegExp(`^(?:[a-z]+,?\\s+)?${ORDINAL}\\s+${MONTH},?\\s+(\\d{4})\\b`, 'i');
const MONTH_DAY_YEAR = new RegExp(`^(?:[a-z]+,?\\s+)?${MONTH}\\s+${ORDINAL},?\\s+(\\d{4})\\b`, 'i');

/** `YYYY-MM-DD` when year, month and day make a real date (no 2026-13-45, no February 30), else ''. */
function realDate(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1000 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return '';
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * `YYYY-MM-DD` for a date a page states, or '' when it is not a real date. The date as stated
 * is kept (`2025-02-26T23:00:00-05:00` is the 26th), in the forms pages use: ISO 8601 and
 * `2024/5/6`, `8 March 2023`, `Wed, 08 Mar 2023 10:00 GMT`, `March 8th, 2023`. Anything else is
 * dropped rather than guessed: `Date.parse` rolls February 30 over into March.
 */
export function isoDate(text: string): string {
  const trimmed = text.trim();
  const numeric = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d])/.exec(trimmed);
  if (numeric) return realDate(Number(numeric[1]), Number(numeric[2]), Number(numeric[3]));
  const dayFirst = DAY_MONTH_YEAR.exec(trimmed);
  if (dayFirst) return realDate(Number(dayFirst[3]), MONTHS.indexOf(dayFirst[2].slice(0, 3).toLowerCase()) + 1, Number(dayFirst[1]));
  const monthFirst = MONTH_DAY_YEAR.exec(trimmed);
  if (monthFirst) return realDate(Number(monthFirst[3]), MONTHS.indexOf(monthFirst[1].slice(0, 3).toLowerCase()) + 1, Number(monthFirst[2]));
  return '';
}

/** A tag Obsidian accepts: no spaces or `#`, letters, digits, `-`, `_` and `/`. */
export function toTag(text: string): string {
  return text
    .trim()
    .replace(/^#+/, '')
    .replace(/[\s]+/g, '-')
    .replace(/[^\p{L}\p{N}_/-]/gu, '')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[\d/]+$/, '') // an all-digit tag is not a tag in Obsidian
    .toLowerCase();
}

// Embeddings, overrides and isolates reorder the text around them: in a title or a name they can
// make it read as something else. The marks (U+200E, U+200F) stay: mixed-direction text needs them.
const BIDI_REORDERING = /[\u202a-\u202e\u2066-\u2069]/g;
const plain = (text: string): string => text.replace(BIDI_REORDERING, '');

/** The front matter fields Kindred owns, in the order they are written. */
export function frontMatterFields(meta: NoteMeta): Record<string, unknown> {
  const fields: Record<string, unknown> = { title: plain(meta.title) };
  const authors = meta.authors.map(plain).filter(Boolean);
  if (authors.length === 1) fields.author = authors[0];
  else if (authors.length > 1) fields.author = authors;
  if (meta.source) fields.source = meta.source;
  else if (meta.sourceHash) fields.source_hash = meta.sourceHash;
  if (meta.site) fields.site = plain(meta.site);
  const published = isoDate(meta.published);
  if (published) fields.published = published;
  fields.clipped = new Date(meta.clippedAt).toISOString();
  fields.tags = [...new Set(meta.tags.map(toTag).filter(Boolean))];
  if (meta.description) fields.description = plain(meta.description);
  for (const [key, value] of Object.entries(meta.extra ?? {})) {
    if (!(key in fields) && value !== undefined) fields[key] = typeof value === 'string' ? plain(value) : value;
  }
  return fields;
}

/**
 * The full text of a new note: YAML front matter written by the `yaml` library (so any
 * string, with quotes, colons, `#`, a leading `-`, newlines or emoji, reads back exactly),
 * then the markdown body.
 */
export function buildNote(meta: NoteMeta, body: string): string {
  const yaml = stringify(frontMatterFields(meta), { lineWidth: 0 });
  return `---\n${yaml}---\n\n${body.trim()}\n`;
}

/**
 * A clipped note brought up to date: Kindred's fields and the body are replaced; front matter
 * keys the user added (and their comments) are kept. Broken front matter is replaced whole.
 */
export function updateNote(existing: string, meta: NoteMeta, body: string): string {
  const { yaml } = splitFrontMatter(existing);
  const document = yaml.trim() ? parseDocument(yaml) : null;
  if (!document || document.errors.length > 0 || !isMap(document.contents)) return buildNote(meta, body);
  const fields = frontMatterFields(meta);
  for (const [key, value] of Object.entries(fields)) document.set(key, value);
  // Fields the new clip no longer has (the page dropped its description) are removed too.
  for (const key of ['author', 'source', 'source_hash', 'site', 'published', 'description']) {
    if (!(key in fields)) document.delete(key);
  }
  return `---\n${document.toString({ lineWidth: 0 })}---\n\n${body.trim()}\n`;
}
