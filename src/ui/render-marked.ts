/**
 * Renders text whose matched words are wrapped in `==…==` (the ranking's highlight syntax)
 * as text nodes and `<mark>` elements: the passage is never parsed as HTML.
 */
export function renderMarked(parent: HTMLElement, text: string): void {
  const parts = text.split(/==([^=\n]+)==/);
  parts.forEach((part, i) => {
    if (part === '') return;
    if (i % 2 === 1) parent.createEl('mark', { text: part });
    else parent.appendText(part);
  });
}
