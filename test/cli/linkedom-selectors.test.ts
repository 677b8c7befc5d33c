import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentFragment, DOMParser, Element, parseHTML } from 'linkedom';
import { linkedomParser } from '../../src/cli/linkedom-parser';
import { installSelectorCache, withStockSelectors } from '../../src/cli/linkedom-selectors';
import { listOrNone, missingShared, READABILITY_PAGES, SHARED } from '../core/clip/shared-fixtures';

// The cached selector methods must answer exactly as linkedom's own: same elements, same
// order, same errors, and never a stale answer after the document changes. They are installed
// only when asked, and only on a linkedom version they were checked against.

const DEFUDDLE_PAGES = join(SHARED, 'fixtures/html/defuddle/tests/fixtures');

const documentPrototype = parseHTML('<html></html>').document.constructor.prototype as object;
const METHODS: [object, string][] = [
  ...['querySelector', 'querySelectorAll', 'matches', 'closest'].map((name): [object, string] => [Element.prototype as object, name]),
  ...['querySelector', 'querySelectorAll'].flatMap((name): [object, string][] => [[documentPrototype, name], [DocumentFragment.prototype, name]]),
];
/** The selector methods a linkedom element, document and fragment answer with right now. */
const current = (): unknown[] => METHODS.map(([prototype, name]) => (prototype as Record<string, unknown>)[name]);
const atImport = current();

test('importing the parser and the selector module changes nothing in linkedom', () => {
  assert.ok(withStockSelectors(current).every((method, i) => method === atImport[i]));
});

test('a linkedom version the cache was not checked against keeps linkedom\'s own methods', () => {
  assert.equal(installSelectorCache('0.19.0'), false);
  assert.equal(installSelectorCache('1.0.0'), false);
  assert.ok(current().every((method, i) => method === atImport[i]));
});

test('the installed linkedom is a checked version, and installing replaces all eight methods', () => {
  assert.equal(installSelectorCache(), true);
  assert.ok(current().every((method, i) => method !== atImport[i]));
});

// Selectors Defuddle and our turndown rules use, plus the forms the cache treats specially.
const SELECTORS = [
  '*',
  'p',
  'DIV',
  'h1, h2, h3, h4, h5, h6',
  'div > p + p',
  'li ~ li',
  'a[href^="#fn"], sup[id^="fnref"]',
  '[class*="footnote" i]',
  '[aria-hidden="true"]:not([class*="math"]):not(svg)',
  'header:not(:has(p + p)):not(:has(img))',
  'figure, p:has([class*="caption"])',
  'p:contains("the")',
  'table tr:first-child td:nth-child(2)',
  'svg path, math mi',
  'template p',
  ':empty',
  'ol.footnotes > li:last-of-type',
];

function ids(nodes: ArrayLike<Element>, all: Map<Element, number>): number[] {
  return Array.from(nodes, (n) => all.get(n) ?? -1);
}

/** Every selector method, fast and stock, on one document: same answers. */
function assertSameAnswers(doc: Document, label: string): void {
  const elements = withStockSelectors(() => Array.from(doc.querySelectorAll('*')));
  const all = new Map(elements.map((e, i) => [e, i]));
  // Samples spread over the page (linkedom's own methods are slow: that is why this exists).
  const sample = elements.filter((_, i) => i % 13 === 0);
  const subtreeSample = elements.filter((_, i) => i % 61 === 0);
  for (const selector of SELECTORS) {
    const fast = ids(doc.querySelectorAll(selector), all);
    const stock = withStockSelectors(() => ids(doc.querySelectorAll(selector), all));
    assert.deepEqual(fast, stock, `${label}: document.querySelectorAll(${selector})`);
    assert.equal(doc.querySelector(selector), withStockSelectors(() => doc.querySelector(selector)), `${label}: document.querySelector(${selector})`);
    const stockMatches = withStockSelectors(() => sample.map((e) => [e.matches(selector), e.closest(selector)] as const));
    sample.forEach((element, i) => {
      const where = `${label}: <${element.localName}> #${all.get(element)}`;
      assert.equal(element.matches(selector), stockMatches[i][0], `${where} matches(${selector})`);
      assert.equal(element.closest(selector), stockMatches[i][1], `${where} closest(${selector})`);
    });
    const stockSubtrees = withStockSelectors(() => subtreeSample.map((e) => ids(e.querySelectorAll(selector), all)));
    subtreeSample.forEach((element, i) => {
      assert.deepEqual(ids(element.querySelectorAll(selector), all), stockSubtrees[i], `${label}: <${element.localName}> querySelectorAll(${selector})`);
    });
  }
}

test('the fast selectors answer as linkedom does on a small page with templates, SVG and :scope', () => {
  const doc = linkedomParser.parse(
    `<!DOCTYPE html><html><head><title>t</title></head><body>
      <header><p>a</p><p>b</p></header>
      <div id="x" class="Footnotes"><p>one <span>the</span></p><p></p><template><p>inside</p></template></div>
      <svg><path d="M0"/></svg><math><mi>x</mi></math>
      <table><tr><td>1</td><td>2</td></tr></table>
      <ol class="footnotes"><li>a</li><li>b</li></ol>
    </body></html>`,
    'https://example.com/',
  );
  assertSameAnswers(doc, 'small page');
  const div = doc.getElementById('x')!;
  const scoped = (d: Element): string[] => Array.from(d.querySelectorAll(':scope > p'), (p) => p.textContent ?? '');
  assert.deepEqual(scoped(div), withStockSelectors(() => scoped(div)));
  assert.deepEqual(scoped(div), ['one the', '']);
  const fragment = doc.createRange().createContextualFragment('<p class="a">1</p>text<div><p>2</p><template><p>3</p></template></div>');
  for (const selector of ['p', 'div p', '.a', 'template p']) {
    const fast = Array.from(fragment.querySelectorAll(selector), (p) => p.textContent);
    assert.deepEqual(fast, withStockSelectors(() => Array.from(fragment.querySelectorAll(selector), (p) => p.textContent)), `fragment querySelectorAll(${selector})`);
  }
  assert.deepEqual(Array.from(fragment.querySelectorAll('p'), (p) => p.textContent), ['1', '2']);
});

test('a memoised selector sees the document as it is now, not as it was when first used', () => {
  const doc = linkedomParser.parse('<html><body><p class="a">1</p><p>2</p></body></html>', 'https://example.com/');
  assert.equal(doc.querySelectorAll('p.a').length, 1);
  doc.querySelectorAll('p')[1].className = 'a';
  assert.equal(doc.querySelectorAll('p.a').length, 2);
  doc.querySelector('p')!.remove();
  assert.equal(doc.querySelectorAll('p.a').length, 1);
  assert.equal(doc.querySelector('p.a')?.textContent, '2');
});

test('a bad selector throws as it does in linkedom', () => {
  const doc = linkedomParser.parse('<html><body><p>1</p></body></html>', 'https://example.com/');
  assert.throws(() => withStockSelectors(() => doc.querySelectorAll('p[')));
  assert.throws(() => doc.querySelectorAll('p['));
  assert.throws(() => doc.body.closest('p['));
});

test('XML documents keep linkedom\'s case-sensitive matching', () => {
  const xml = new DOMParser().parseFromString('<root><Item/><item/></root>', 'text/xml') as unknown as Document;
  assert.equal(xml.querySelectorAll('Item').length, withStockSelectors(() => xml.querySelectorAll('Item').length));
  assert.equal(xml.querySelectorAll('item').length, 1);
});

const skip = missingShared(DEFUDDLE_PAGES);
test('the fast selectors answer as linkedom does on every fixture page', { skip }, () => {
  const files = [
    ...listOrNone(DEFUDDLE_PAGES).filter((f) => f.endsWith('.html')).map((f) => join(DEFUDDLE_PAGES, f)),
    ...listOrNone(READABILITY_PAGES).map((d) => join(READABILITY_PAGES, d, 'source.html')),
  ];
  assert.ok(files.length >= 20, `expected the fixture pages, found ${files.length}`);
  for (const file of files) assertSameAnswers(linkedomParser.parse(readFileSync(file, 'utf8'), 'https://example.com/'), file.slice(SHARED.length));
});

