import type { HtmlParser } from '../core/ports';

/**
 * The core's `HtmlParser` over the browser's `DOMParser`. A parsed document never runs its
 * scripts or loads its images, so a clipped page cannot act inside Obsidian. Relative links
 * are made absolute by the clipper against the page URL, as with the Node parser.
 */
export class DomHtmlParser implements HtmlParser {
  parse(html: string): Document {
    return new DOMParser().parseFromString(html, 'text/html');
  }
}
