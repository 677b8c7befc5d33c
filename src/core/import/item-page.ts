import type { ImportItem, ItemBody, ItemComment } from './types';

/**
 * An API item as a page the clip pipeline reads like any saved page: its title, its canonical
 * link (so the duplicate rule is the same as for any clip), the body the API gave, and the
 * comments in the markup the comment reader knows (`div.comment` with `.author` and
 * `.comment-body`, replies nested), so they come out under `## Comments` as they do today.
 */
export function itemPage(item: ImportItem, body: ItemBody): string {
  const title = escapeHtml(body.known.title || item.title);
  const comments = body.comments?.length ? `<section id="comments">${body.comments.map(commentHtml).join('')}</section>` : '';
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${title}</title>` +
    `<link rel="canonical" href="${escapeHtml(item.url)}"></head>` +
    `<body><article><h1>${title}</h1>${body.html ?? ''}</article>${comments}</body></html>`
  );
}

function commentHtml(comment: ItemComment): string {
  return `<div class="comment"><span class="author">${escapeHtml(comment.author)}</span><div class="comment-body">${comment.html}</div>${comment.replies.map(commentHtml).join('')}</div>`;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
