import { isMap, parseDocument, stringify } from 'yaml';
import { splitFrontMatter } from '../front-matter';

/** What the note's front matter records about the page. */
export interface NoteMeta {
  title: string;
  authors: string[];
  /** The canonical URL; how duplicates are recognised. */
  source?: string;
  site: string;
  /** As the page stated it; written as an ISO date when it parses. */
  published: string;
  /** When the clip was made, milliseconds since the epoch. */
  clippedAt: number;
  tags: string[];
  description: string;
  /** Fields of an import source's own (`sequence`, `chapter`, `paywalled`…), written after Kindred's. */
  extra?: Record<string, unknown>;
}

/** `YYYY-MM-DD` for a date a page states, or '' when it does not parse. */
export function isoDate(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const plain = /^(\d{4}-\d{2}-\d{2})/.exec(trimmed);
  if (plain) return plain[1];
  const time = Date.parse(trimmed);
  return Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 10);
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

/** The front matter fields Kindred owns, in the order they are written. */
export function frontMatterFields(meta: NoteMeta): Record<string, unknown> {
  const fields: Record<string, unknown> = { title: meta.title };
  if (meta.authors.length === 1) fields.author = meta.authors[0];
  else if (meta.authors.length > 1) fields.author = meta.authors;
  if (meta.source) fields.source = meta.source;
  if (meta.site) fields.site = meta.site;
  const published = isoDate(meta.published);
  if (published) fields.published = published;
  fields.clipped = new Date(meta.clippedAt).toISOString();
  fields.tags = [...new Set(meta.tags.map(toTag).filter(Boolean))];
  if (meta.description) fields.description = meta.description;
  for (const [key, value] of Object.entries(meta.extra ?? {})) if (!(key in fields) && value !== undefined) fields[key] = value;
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
  for (const key of ['author', 'source', 'site', 'published', 'description']) {
    if (!(key in fields)) document.delete(key);
  }
  return `---\n${document.toString({ lineWidth: 0 })}---\n\n${body.trim()}\n`;
}
