import type { NoteEntry } from '../index/index-reader';

/** Narrowing a search to part of the vault. Every given field must match. */
export interface NoteFilter {
  /** A folder and everything under it. */
  folder?: string;
  /** A tag, with or without `#`; `a` also matches nested `a/b`. Case-insensitive, as in Obsidian. */
  tag?: string;
  /** Front matter `site`, case-insensitive. */
  site?: string;
  /** Front matter `author` (a string or a list), case-insensitive. */
  author?: string;
}

function lowerStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value.toLowerCase().trim()];
  if (Array.isArray(value)) return value.flatMap(lowerStrings);
  return [];
}

/** Strips what people type around a folder (slashes, `./`) so `Clippings/` means `Clippings`. */
export function normaliseFolder(folder: string): string {
  return folder.trim().replace(/^\.?\/+/, '').replace(/\/+$/, '');
}

/** Whether `note` passes every field of `filter`. */
export function matchesFilter(note: NoteEntry, filter: NoteFilter): boolean {
  if (filter.folder !== undefined) {
    const folder = normaliseFolder(filter.folder);
    if (folder !== '' && note.folder !== folder && !note.folder.startsWith(folder + '/')) return false;
  }
  if (filter.tag !== undefined) {
    const tag = filter.tag.trim().replace(/^#/, '').toLowerCase();
    const tags = note.tags.map((t) => t.replace(/^#/, '').toLowerCase());
    if (!tags.some((t) => t === tag || t.startsWith(tag + '/'))) return false;
  }
  if (filter.site !== undefined) {
    if (!lowerStrings(note.frontMatter.site).includes(filter.site.toLowerCase().trim())) return false;
  }
  if (filter.author !== undefined) {
    if (!lowerStrings(note.frontMatter.author).includes(filter.author.toLowerCase().trim())) return false;
  }
  return true;
}

/** True when the filter has at least one field set. */
export function hasFilter(filter: NoteFilter): boolean {
  return [filter.folder, filter.tag, filter.site, filter.author].some((v) => v !== undefined);
}
