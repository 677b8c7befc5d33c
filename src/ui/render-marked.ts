import { passageSegments } from '../core/rank/plain-passage';

/**
 * Renders a passage as plain text with its matched words (the ranking's `==…==`) in `<mark>`
 * elements, through text nodes only: the passage is never parsed as HTML, and its markdown
 * (`[[target|text]]`, `*emphasis*`, `> quotes`) shows as the words a reader reads.
 */
export function renderMarked(parent: HTMLElement, text: string): void {
  for (const segment of passageSegments(text)) {
    if (segment.marked) parent.createEl('mark', { text: segment.text });
    else parent.appendText(segment.text);
  }
}
