/**
 * A passage's markdown as plain text: `==marks==`, `[[target|text]]`, `[text](url)`,
 * emphasis, inline code, heading and quote markers become their plain text. With `mark` the
 * marked words (the query's, in keyword and hybrid mode) are wrapped in it instead. Views show
 * passages this way because raw `[[slug|text]]` and `*…*` beside a result read as noise; JSON
 * output keeps the markdown.
 */
export function plainText(markdown: string, mark?: { on: string; off: string }): string {
  const lines = withoutCutLinks(markdown).split('\n').map((line) => line.replace(/^\s{0,3}(?:#{1,6}\s+|(?:>\s?)+|[-*+]\s+(?=\S))/, ''));
  return lines
    .join('\n')
    .replace(/\[\^[^\]\s]+\]/g, '')
    .replace(/!?\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2')
    .replace(/!?\[\[([^\]]*)\]\]/g, (_m, target: string) => target.replace(/#\^?/g, ' > '))
    .replace(/!?\[([^\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/==([^=\n]+)==/g, (_m, marked: string) => (mark ? `${mark.on}${marked}${mark.off}` : marked))
    .replace(/(\*\*|__)(?=\S)([^\n]*?\S)\1/g, '$2')
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_\n]*?\S)_(?!\w)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
}

/**
 * A passage is a window of a note's words, so it can begin or end inside a link: `Rent|pay
 * rent]] and…`, `…as [[Making Beliefs`. Such a piece becomes the words a reader would read there
 * (the link's text, or its target when it has none), not a stray `]]` or `[[`.
 */
function withoutCutLinks(markdown: string): string {
  return markdown
    .replace(/^([^[\]\n]*?)\|([^[\]\n]*)\]\]/, '$2')
    .replace(/^([^[\]\n]*)\]\]/, '$1')
    .replace(/^([^[\]\n]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/, '$1')
    .replace(/^[^[\]()\s]*\/[^[\]()\s]*\)/, '')
    .replace(/!?\[\[([^[\]\n|]*)(?:\|([^[\]\n]*))?$/, (_m, target: string, text?: string) => text ?? target)
    .replace(/!?\[([^[\]\n]*)(?:\]\([^()\s]*)?$/, '$1');
}

/** A piece of a passage's plain text, marked when it is one of the matched words. */
export interface PassageSegment {
  text: string;
  marked: boolean;
}

// Stand-ins for a mark's ends while the markdown is taken apart: private-use characters, any
// already in the text dropped first.
const SEGMENT_MARK = { on: '\uE000', off: '\uE001' };

/** The passage's plain text in pieces, the marked words apart, for a view to draw as text and `<mark>`. */
export function passageSegments(markdown: string): PassageSegment[] {
  const parts = plainText(markdown.replace(/[\uE000\uE001]/g, ''), SEGMENT_MARK).split(/\uE000([^\uE001]*)\uE001/);
  const segments: PassageSegment[] = [];
  parts.forEach((part, i) => {
    if (part) segments.push({ text: part, marked: i % 2 === 1 });
  });
  return segments;
}
