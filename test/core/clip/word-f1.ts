/** Lower-case word tokens (letters and digits in any script) of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Word-level F1 of `candidate` against `reference`: the harmonic mean of precision and recall
 * over word multisets (each reference word can be matched once).
 */
export function wordF1(candidate: string, reference: string): number {
  const cand = words(candidate);
  const ref = words(reference);
  if (cand.length === 0 && ref.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const w of ref) counts.set(w, (counts.get(w) ?? 0) + 1);
  let overlap = 0;
  for (const w of cand) {
    const left = counts.get(w) ?? 0;
    if (left > 0) {
      overlap++;
      counts.set(w, left - 1);
    }
  }
  if (overlap === 0) return 0;
  const precision = overlap / cand.length;
  const recall = overlap / ref.length;
  return (2 * precision * recall) / (precision + recall);
}

/** The readable text of markdown: link and image addresses, footnote markers and markup removed. */
export function markdownText(markdown: string): string {
  return markdown
    .replace(/!\[([^\]]*)\]\((?:<[^>]*>|[^)]*)\)/g, '$1')
    .replace(/\[([^\]]*)\]\((?:<[^>]*>|(?:\\\)|[^)])*)\)/g, '$1')
    .replace(/\[\^[^\]]+\]:?/g, ' ')
    .replace(/<\/?(sup|sub)>/g, '')
    .replace(/[*_~=`#>|]/g, ' ');
}
