import { parseHTML } from 'linkedom';
import type { HtmlParser } from '../core/ports';

/**
 * The HtmlParser port over linkedom. Chosen by measurement (`npx tsx bench/clip.bench.ts`):
 * it parses the fixture pages several times faster than a full browser-like DOM, and
 * Defuddle supports it directly. The CLI's start gives it cached selector matching
 * (`installSelectorCache` in linkedom-selectors.ts), which makes Defuddle faster on it.
 */
export const linkedomParser: HtmlParser = {
  parse(html: string): Document {
    // linkedom, unlike a browser, leaves a bare fragment without <html>/<body>; Defuddle needs both.
    const whole = /<html[\s>]/i.test(html) ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
    return parseHTML(whole).document;
  },
};
