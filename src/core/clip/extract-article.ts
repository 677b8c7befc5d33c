import Defuddle from 'defuddle';
import type { HtmlParser } from '../ports';
import { ClipError } from './clip-error';
import { limitNesting } from './limit-nesting';
import { extractComments, type PageComment } from './extract-comments';
import { applySiteSpecifics } from './site-specifics';

/** Past this depth, even after unwrapping bare wrappers, a page is refused rather than left to stall the app. */
export const MAX_NESTING = 400;

/** What a page says about itself, plus its main content as a DOM element. */
export interface Article {
  title: string;
  authors: string[];
  /** As the page states it; `buildNote` normalises it to an ISO date. */
  published: string;
  site: string;
  description: string;
  /** The page's own canonical URL when it declares one, else the URL it came from. */
  canonicalUrl?: string;
  /** Topic tags the page carries (LessWrong tags, `article:tag`, keywords). */
  tags: string[];
  /** The extracted article, ready for `toMarkdown`. */
  content: Element;
  /** The page's comments when asked for and Defuddle did not keep them itself (empty otherwise). */
  comments: PageComment[];
  wordCount: number;
}

function meta(doc: Document, selector: string): string {
  return doc.querySelector(selector)?.getAttribute('content')?.trim() ?? '';
}

function canonicalOf(doc: Document, pageUrl: string | undefined): string | undefined {
  const raw = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') || meta(doc, 'meta[property="og:url"]');
  if (!raw) return pageUrl;
  try {
    const resolved = new URL(raw, pageUrl);
    return resolved.protocol === 'http:' || resolved.protocol === 'https:' ? resolved.href : pageUrl;
  } catch {
    return pageUrl;
  }
}

function pageTags(doc: Document): string[] {
  const found: string[] = [];
  // LessWrong, GreaterWrong and the Alignment Forum list a post's tags as links to /tag/<slug>.
  for (const a of Array.from(doc.querySelectorAll('.FooterTag-name, .TagsChip-root a, .PostsPageTags-root a, .post-meta .tag, a.tag'))) {
    const text = a.textContent?.trim();
    if (text) found.push(text);
  }
  for (const m of Array.from(doc.querySelectorAll('meta[property="article:tag"]'))) {
    const content = m.getAttribute('content')?.trim();
    if (content) found.push(content);
  }
  const keywords = meta(doc, 'meta[name="keywords"]');
  if (keywords) found.push(...keywords.split(',').map((k) => k.trim()).filter(Boolean));
  return [...new Set(found)].slice(0, 30);
}

function splitAuthors(author: string): string[] {
  return author
    .split(/\s*(?:,|;|\band\b|&)\s*/)
    .map((a) => a.trim())
    .filter(Boolean);
}

/**
 * Runs Defuddle on a parsed page and returns its article and metadata. Comments are left out
 * unless asked for; when asked, Defuddle keeps the page's comment section.
 * The document is consumed (Defuddle edits it); parse a fresh one for every call.
 */
export function extractArticle(doc: Document, pageUrl: string | undefined, parser: HtmlParser, includeComments: boolean): Article {
  const depth = limitNesting(doc.documentElement);
  if (depth > MAX_NESTING) throw new ClipError(`the page is nested too deeply to clip (${depth} levels)`);
  const canonicalUrl = canonicalOf(doc, pageUrl);
  const tags = pageTags(doc);
  // Read before Defuddle, which removes comment sections from the document.
  const comments = includeComments ? extractComments(doc) : [];
  // Defuddle cleans titles and may clean one away entirely (a title of emoji); the page's own is the fallback.
  const pageTitle = (doc.querySelector('title')?.textContent ?? meta(doc, 'meta[property="og:title"]')).replace(/\s+/g, ' ').trim();
  const result = new Defuddle(doc, {
    // Defuddle picks site extractors by URL and logs an error for a missing one.
    url: pageUrl ?? 'about:blank',
    includeReplies: includeComments,
    useAsync: false,
  }).parse();
  const contentDoc = parser.parse(`<!DOCTYPE html><html><head></head><body>${result.content}</body></html>`, pageUrl ?? 'about:blank');
  const { title, site } = applySiteSpecifics(canonicalUrl ?? pageUrl, {
    title: (result.title ?? '').trim() || pageTitle,
    site: (result.site ?? '').trim(),
  });
  return {
    title,
    authors: splitAuthors(result.author ?? ''),
    published: (result.published ?? '').trim(),
    site,
    description: (result.description ?? '').trim(),
    canonicalUrl,
    tags,
    content: contentDoc.body,
    // Site extractors (Hacker News, Reddit…) already put replies under their own heading.
    comments: /<h2[^>]*>\s*Comments\s*<\/h2>/i.test(result.content) ? [] : comments,
    wordCount: result.wordCount ?? 0,
  };
}
