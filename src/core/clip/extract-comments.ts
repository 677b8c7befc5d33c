import { inlineText } from './markdown-escape';
import { toMarkdown } from './to-markdown';

// One comment each, across the sites Kindred's readers use: LessWrong / Alignment Forum,
// GreaterWrong, Substack, WordPress, and schema.org markup anywhere else.
const COMMENT = [
  '.CommentsNode-root',
  '.comment-item',
  '.comment-thread > .comment',
  'li.comment',
  'article.comment',
  'div.comment',
  '[itemtype*="schema.org/Comment"]',
].join(', ');
const AUTHOR = '.CommentUserName-author, .UsersNameDisplay-userName, .comment-meta .author, .author, .comment-author, .commenter, [itemprop="author"]';
const BODY = '.CommentBody-root, .comment-body, .comment-content, .commentBody, [itemprop="text"], .body';

/** One comment, with how deeply it is nested in its thread (0 = top level). */
export interface PageComment {
  author: string;
  depth: number;
  body: Element;
}

/**
 * The page's comments in reading order, read before Defuddle (which removes them). Nested
 * replies keep their depth. Only elements that have a body are counted, so wrappers that
 * merely share a class name are skipped.
 */
export function extractComments(doc: Document): PageComment[] {
  const items = Array.from(doc.querySelectorAll(COMMENT));
  const inItems = new Set(items);
  const comments: PageComment[] = [];
  for (const item of items) {
    const body = Array.from(item.querySelectorAll(BODY)).find((b) => b.closest(COMMENT) === item);
    if (!body || !body.textContent?.trim()) continue;
    let depth = 0;
    for (let p = item.parentElement; p; p = p.parentElement) if (inItems.has(p)) depth++;
    const authorElement = Array.from(item.querySelectorAll(AUTHOR)).find((a) => a.closest(COMMENT) === item);
    comments.push({ author: authorElement?.textContent?.replace(/\s+/g, ' ').trim() ?? '', depth, body: body.cloneNode(true) as Element });
  }
  return comments;
}

/** Comments as markdown under a `## Comments` heading, replies quoted one level deeper each. */
export function commentsMarkdown(comments: PageComment[], pageUrl: string | undefined): string {
  if (comments.length === 0) return '';
  const blocks = comments.map((comment) => {
    const quote = '> '.repeat(comment.depth + 1);
    const text = toMarkdown(comment.body, pageUrl);
    const lines = [comment.author ? `**${inlineText(comment.author)}**` : '**(anonymous)**', '', ...text.split('\n')];
    return lines.map((line) => (quote + line).trimEnd()).join('\n');
  });
  return `## Comments\n\n${blocks.join('\n\n')}`;
}
