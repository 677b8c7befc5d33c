import { buildNote, findDuplicate, uniqueNotePath, updateNote, type ClipDeps, type ClipOptions, type NoteMeta, type SourceIndex, urlKey } from '../clip';
import type { IndexNote } from './types';

/** One line of a table of contents. */
export interface IndexEntry {
  title: string;
  /** The post's note; absent when it failed. */
  path?: string;
  chapter?: string;
  /** Why the post is not in the vault. */
  failed?: string;
}

/** The table of contents as markdown: chapters as headings, posts numbered in reading order, each a link to its note. */
export function indexNoteBody(note: IndexNote, entries: IndexEntry[]): string {
  const lines: string[] = [`Reading order of [${escapeText(note.title)}](${note.source}).`, ''];
  let chapter: string | undefined;
  entries.forEach((entry, i) => {
    if (entry.chapter !== undefined && entry.chapter !== chapter) {
      chapter = entry.chapter;
      lines.push('', `## ${escapeText(chapter)}`, '');
    }
    const link = entry.path ? `[[${entry.path.replace(/\.md$/, '')}|${entry.title.replace(/[|[\]]/g, ' ').trim()}]]` : `${escapeText(entry.title)} (not imported: ${entry.failed ?? 'unknown error'})`;
    lines.push(`${i + 1}. ${link}`);
  });
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}

/**
 * Writes (or brings up to date, keeping the user's own front matter keys) the note
 * "<title>.md" that lists a sequence's posts in order. Its `source` is the sequence's URL, so
 * importing the sequence again updates this note instead of making a second one.
 */
export async function writeIndexNote(deps: ClipDeps, clip: ClipOptions, sources: SourceIndex, note: IndexNote, entries: IndexEntry[]): Promise<string> {
  const meta: NoteMeta = {
    title: note.title,
    authors: [],
    source: note.source,
    site: note.site,
    published: '',
    clippedAt: deps.clock.now(),
    tags: [...clip.tags, 'sequence'],
    description: note.description ?? '',
  };
  const body = indexNoteBody(note, entries);
  const existing = await findDuplicate(deps.vault, urlKey(note.source), sources);
  if (existing) {
    await deps.vault.process(existing, (text) => updateNote(text, meta, body));
    return existing;
  }
  const path = await uniqueNotePath(deps.vault, clip.folder, note.title);
  await deps.vault.create(path, buildNote(meta, body));
  sources.set(urlKey(note.source), path);
  return path;
}

function escapeText(text: string): string {
  return text.replace(/([\\[\]*_`<>#|])/g, '\\$1');
}
