import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractArticle } from '../../../src/core/clip/extract-article';
import { linkedomParser } from '../../../src/cli/linkedom-parser';

// Defuddle's heuristic removals (partial class-name selectors, content patterns) are for short
// clutter. When they take a large block of the article, the page is extracted again without them.

/** `count` distinct words, so Defuddle's duplicate and boilerplate checks see ordinary prose. */
function prose(prefix: string, count: number): string {
  const words = Array.from({ length: count }, (_, i) => `${prefix}${i.toString(36)}`);
  const sentences: string[] = [];
  for (let i = 0; i < words.length; i += 12) sentences.push(`${words.slice(i, i + 12).join(' ')}.`);
  return sentences.map((s) => `<p>${s}</p>`).join('\n');
}

function page(article: string): string {
  return `<!DOCTYPE html><html><head><title>A long post</title></head><body>
    <nav><a href="/">Home</a> <a href="/about">About</a></nav>
    <article><h1>A long post</h1>${article}</article>
    <footer>© Someone</footer></body></html>`;
}

function words(article: ReturnType<typeof extractArticle>): string {
  return article.content.textContent ?? '';
}

test('a list whose class name looks like clutter ("postList", as on Medium) is kept: it is most of the post', () => {
  // 300 words before it, so Defuddle's own retry (for results under 200 words) does not step in.
  const items = prose('body', 600).replace(/<p>/g, '<li>').replace(/<\/p>/g, '</li>');
  const html = page(`${prose('intro', 300)}<ul class="postList">${items}</ul>`);
  const article = extractArticle(html, 'https://example.com/post', linkedomParser, false);
  assert.match(words(article), /intro0/);
  assert.match(words(article), /body0 /, 'the postList list is part of the note');
  assert.match(words(article), /bodygn\b/, 'to its last word');
});

test('short clutter the removals are for stays out of the note', () => {
  const related = `<div class="related-posts"><h3>Related posts</h3><ul>${[1, 2, 3, 4, 5]
    .map((n) => `<li><a href="/p${n}">Another post number ${n} about something</a></li>`)
    .join('')}</ul></div>`;
  const html = page(`${prose('intro', 500)}${related}`);
  const article = extractArticle(html, 'https://example.com/post', linkedomParser, false);
  assert.match(words(article), /introdv/);
  assert.doesNotMatch(words(article), /Another post number/);
});

test('an author that looks like HTML never becomes the site, and its markup never a name', () => {
  const html = (author: string, head = '') =>
    `<!DOCTYPE html><html><head><title>Post</title><meta name="author" content="${author}">${head}</head><body><article><h1>Post</h1>${prose('w', 200)}</article></body></html>`;
  // Defuddle takes a lone author as the site of a page that names none.
  const hostile = extractArticle(html('&lt;img src=x onerror=alert(1)&gt;Eve'), 'https://www.blog.example/post', linkedomParser, false);
  assert.equal(hostile.site, 'blog.example');
  assert.deepEqual(hostile.authors, ['Eve']);
  const plain = extractArticle(html('Ada Lovelace'), 'https://blog.example/post', linkedomParser, false);
  assert.equal(plain.site, 'Ada Lovelace');
  const named = extractArticle(html('&lt;b&gt;Ann&lt;/b&gt;', '<meta property="og:site_name" content="&lt;i&gt;Notes&lt;/i&gt;">'), 'https://blog.example/post', linkedomParser, false);
  assert.equal(named.site, 'Notes');
  assert.deepEqual(named.authors, ['Ann']);
});
