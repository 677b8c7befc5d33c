import type { IndexReader } from '../index/index-reader';
import type { EvalCase } from './evaluate-rankings';

/** A related-notes case: a note, and the notes it links to in its text. */
export interface LinkCase extends EvalCase {
  /** The note's own path (also `id`). */
  path: string;
}

/**
 * The link-graph evaluation set: every embedded note that links to at least one other
 * embedded note; its relevant set is those notes. Links to itself or to notes not in the
 * index do not count. Navigation links (previous/next, site header) are the vault builder's
 * job to leave out: here a link is a link.
 */
export function linkGraphCases(reader: IndexReader): LinkCase[] {
  const cases: LinkCase[] = [];
  for (const note of reader.allNotes()) {
    if (!note.vector) continue;
    const relevant = new Set(
      note.links.filter((p) => p !== note.path && reader.getNote(p)?.vector),
    );
    if (relevant.size > 0) cases.push({ id: note.path, path: note.path, relevant });
  }
  return cases.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/**
 * How often the top result shares the note's group (for the Sequences, the sequence it
 * belongs to), over the cases whose note has a group. `null` when no note has one.
 */
export function topResultSameGroupRate(
  tops: ReadonlyMap<string, string | undefined>,
  groupOf: (path: string) => string | undefined,
): { rate: number; cases: number } | null {
  let same = 0;
  let cases = 0;
  for (const [path, top] of tops) {
    const group = groupOf(path);
    if (group === undefined) continue;
    cases++;
    if (top !== undefined && groupOf(top) === group) same++;
  }
  return cases === 0 ? null : { rate: same / cases, cases };
}
