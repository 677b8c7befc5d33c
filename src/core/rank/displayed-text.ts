import { parseFrontMatter } from '../front-matter';
import { readableValues } from '../index/describe-note';
import { maskMarkdown } from '../index/mask-markdown';

/**
 * The words a reader of `markdown` sees: the front matter's values (not its keys, URLs or dates),
 * then the body as `maskMarkdown` leaves it (URLs, link targets and markup, navigation rows and
 * comments blanked; a wiki link reads as the text it shows, its alias or its target). The keyword
 * side of "related" draws its terms from this.
 *
 * Why: a wiki link's target is the linked note's file name, so terms drawn from it rank notes
 * higher because they are linked, not because they are about the same thing (on the Sequences
 * vault it was worth 0.012 nDCG@10 of the link-graph evaluation); URLs add slugs and site
 * names. Front matter values (a sequence, an author, tags) are what a reader sees in the
 * note's properties, and notes that share them are related: dropping them cost 0.010.
 */
export function displayedText(markdown: string): string {
  const values = readableValues(parseFrontMatter(markdown));
  const body = maskMarkdown(markdown, { code: false });
  return values.length === 0 ? body : `${values.join('\n')}\n${body}`;
}
