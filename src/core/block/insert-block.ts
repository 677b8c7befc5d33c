import { splitFrontMatter } from '../front-matter';

/**
 * Where a block goes in a note, and the text to put there: at the cursor, but never inside or
 * before the front matter (Obsidian reads properties only from the very top), and always on
 * lines of its own, so a block typed mid-sentence does not split the sentence's markdown.
 */
export function blockInsertion(note: string, cursor: number, block: string): { offset: number; text: string } {
  const { bodyStart } = splitFrontMatter(note);
  let offset = Math.max(bodyStart, Math.min(cursor, note.length));
  // Mid-line: after the end of that line.
  if (offset > 0 && note[offset - 1] !== '\n') {
    const end = note.indexOf('\n', offset);
    offset = end < 0 ? note.length : end + 1;
  }
  const before = offset > 0 && note[offset - 1] !== '\n' ? '\n' : '';
  const after = !block.endsWith('\n') && offset < note.length && note[offset] !== '\n' ? '\n' : '';
  return { offset, text: `${before}${block}${after}` };
}

/**
 * Where "insert link" puts a link: over the selection when it lies in the body, else (a cursor
 * at the very top or inside the front matter, as in a note just opened) on the first line after
 * the front matter, which must stay first for Obsidian to read it as properties.
 */
export function linkInsertion(note: string, from: number, to: number, link: string): { from: number; to: number; text: string } {
  const { bodyStart } = splitFrontMatter(note);
  if (from >= bodyStart) return { from, to, text: link };
  const before = bodyStart > 0 && note[bodyStart - 1] !== '\n' ? '\n' : '';
  const after = bodyStart < note.length ? '\n' : '';
  return { from: bodyStart, to: bodyStart, text: `${before}${link}${after}` };
}
