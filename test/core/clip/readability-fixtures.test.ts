import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import { clipSavedPage } from './fixture-clip';
import { listOrNone, missingShared, READABILITY_PAGES } from './shared-fixtures';
import { markdownText, wordF1 } from './word-f1';

// Mozilla Readability's test pages: the text of our note against the text of the article
// Firefox Reader View extracts (expected.html), word F1 >= 0.90, and the title against
// expected-metadata.json.

const skip = missingShared(READABILITY_PAGES);
const pages = listOrNone(READABILITY_PAGES);

/**
 * Pages where we measurably fall short, with the score we measured and why. They stay `todo`
 * (run and reported, not hidden) until the cause is fixed.
 */
const KNOWN_SHORT: Record<string, string> = {
  mathjax: 'F1 0.74: we keep formulas as LaTeX ($\\frac{…}$), Readability keeps the rendered glyphs; the words cannot match',
};

/** Titles where Readability cut the page's own title differently; ours is the page's <h1>. */
const TITLE_DIFFERS: Record<string, string> = {
  'v8-blog': 'Readability drops "Outside the web:" before the colon; we keep the full title',
  'keep-tabular-data': 'Defuddle cuts "Friday Facts #282 - 0.17 in sight" at " - " and loses "0.17 in sight"',
};

/** Readability keeps a trailing site name (` – Firefox Nightly News`, ` | Factorio`); Defuddle strips it. */
function withoutSiteSuffix(title: string): string {
  return title.replace(/\s+[|–—·-]\s+[^|–—·-]+$/, '').trim();
}

test('the Readability test pages are present', { skip }, () => {
  assert.ok(pages.length >= 10, `expected the Readability test pages, found ${pages.length}`);
});

for (const page of pages) {
  const dir = join(READABILITY_PAGES, page);
  test(`Readability page ${page}: text F1 >= 0.90`, { skip, todo: KNOWN_SHORT[page] }, async (t) => {
    // Readability's tests load every page from this stand-in address.
    const { body } = await clipSavedPage(join(dir, 'source.html'), 'http://fakehost/test/page.html');
    const expected = linkedomParser.parse(readFileSync(join(dir, 'expected.html'), 'utf8'), '').body.textContent ?? '';
    const f1 = wordF1(markdownText(body), expected);
    t.diagnostic(`word F1 ${f1.toFixed(3)}`);
    assert.ok(f1 >= 0.9, `word F1 ${f1.toFixed(3)} < 0.90`);
  });

  test(`Readability page ${page}: title`, { skip, todo: TITLE_DIFFERS[page] }, async (t) => {
    const { front } = await clipSavedPage(join(dir, 'source.html'), 'http://fakehost/test/page.html');
    const expected = (JSON.parse(readFileSync(join(dir, 'expected-metadata.json'), 'utf8')) as { title: string }).title;
    t.diagnostic(`ours ${JSON.stringify(front.title)}, Readability ${JSON.stringify(expected)}`);
    assert.ok(front.title === expected || front.title === withoutSiteSuffix(expected), `title ${JSON.stringify(front.title)} ≠ ${JSON.stringify(expected)}`);
  });
}
