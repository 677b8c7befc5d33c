import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { savedPageUrl } from '../../../src/core/clip';
import { clipSavedPage } from './fixture-clip';
import { DEFUDDLE_FIXTURES, listOrNone, missingShared } from './shared-fixtures';
import { wordF1 } from './word-f1';

// Defuddle's own test pages with the markdown Defuddle expects. Our note body (our turndown
// rules over Defuddle's extraction) must reach word F1 >= 0.95 against the expected body and
// contain every footnote and every formula the expected file has.

const skip = missingShared(DEFUDDLE_FIXTURES);
const pages = listOrNone(join(DEFUDDLE_FIXTURES, 'fixtures')).filter((f) => f.endsWith('.html'));

function expectedBody(markdown: string): string {
  return markdown.replace(/^```json\n[\s\S]*?\n```\n/, '');
}

/** `[^id]` references and `[^id]:` definitions. */
function footnotes(markdown: string): string[] {
  return [...new Set(markdown.match(/\[\^[^\]\s]+\]:?/g) ?? [])];
}

/**
 * Display and inline formulas, compared without spacing: whitespace and the space commands
 * (`\text{ }`, `\,`, `\ `) that differ only in how a no-break space inside MathML was serialised.
 */
function formulas(markdown: string): string[] {
  const found: string[] = [];
  const rest = markdown.replace(/\$\$\n([\s\S]+?)\n\$\$/g, (_m, tex: string) => {
    found.push(tex);
    return ' ';
  });
  for (const m of rest.matchAll(/(?<![\\$\w])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?![\w$])/g)) found.push(m[1]);
  return found.map((f) => f.replace(/\\text\{\s*\}|\\[,;: ]/g, '').replace(/\s+/g, ''));
}

test('the Defuddle fixtures are present', { skip }, () => {
  assert.ok(pages.length >= 15, `expected the Defuddle fixture pages, found ${pages.length}`);
});

for (const page of pages) {
  const expectedFile = join(DEFUDDLE_FIXTURES, 'expected', page.replace(/\.html$/, '.md'));
  if (!existsSync(expectedFile)) continue;
  test(`Defuddle fixture ${page}: F1 >= 0.95, every footnote and formula`, { skip }, async (t) => {
    const file = join(DEFUDDLE_FIXTURES, 'fixtures', page);
    const html = readFileSync(file, 'utf8');
    // Pages without a {"url": …} comment get a stand-in address from their name, as Defuddle's tests do.
    const url = savedPageUrl(html) ? undefined : `https://${page.replace(/\.html$/, '').split('--')[1]}`;
    const { body } = await clipSavedPage(file, url, { includeComments: page.startsWith('comments--') });
    const expected = expectedBody(readFileSync(expectedFile, 'utf8'));

    const f1 = wordF1(body, expected);
    t.diagnostic(`word F1 ${f1.toFixed(3)}`);
    assert.ok(f1 >= 0.95, `word F1 ${f1.toFixed(3)} < 0.95`);

    const ours = new Set(footnotes(body));
    const missingNotes = footnotes(expected).filter((f) => !ours.has(f));
    assert.deepEqual(missingNotes, [], 'footnotes missing from the note');

    const ourFormulas = new Set(formulas(body));
    const missingMath = formulas(expected).filter((f) => !ourFormulas.has(f));
    t.diagnostic(`${formulas(expected).length} formulas, ${footnotes(expected).length} footnote marks expected`);
    assert.deepEqual(missingMath, [], 'formulas missing from the note');
  });
}
