import { ImportProblem } from '../import-problem';
import { isRecord, requestJson, text } from '../request-json';
import type { ImportItem, ImportSource, ItemBody, Listing, Recognised, SourceContext } from '../types';

/**
 * Substack publications through the JSON API every publication serves (`*.substack.com` and
 * custom domains alike). The shapes are those real clients read:
 * - `GET /api/v1/archive?sort=new&offset=&limit=`: a JSON array of posts, newest first, the last
 *   page shorter than `limit` (NHagar/substack_api, `substack_api/newsletter.py`, `_fetch_paginated_posts`);
 *   each entry has `slug`, `title`, `post_date`, `canonical_url`, `audience`;
 * - `GET /api/v1/posts/<slug>`: one post with `body_html` (NHagar/substack_api, `substack_api/post.py`,
 *   which reads `audience == "only_paid"` as paywalled), `title`, `subtitle`, `post_date`,
 *   `canonical_url`, `publishedBylines: [{ name, handle }]` and `postTags: [{ name, slug }]`
 *   (the ArchivePost type of a public archive client found with the code search; jakub-k-slys/substack-api
 *   documents the same `post_date`).
 * A post whose `audience` is not `everyone` gives the reader only its free part: the note says so
 * in its body and carries `paywalled: true`.
 */
export const ARCHIVE_PAGE_SIZE = 20;

const NOTICE = '<p><em>Paywalled: this note holds only the part of the post a reader without a subscription can see, not the whole post.</em></p>';

export class SubstackSource implements ImportSource {
  readonly name = 'Substack';

  /** `extraHosts`: custom domains known to serve Substack's API (found by `probeSubstack`). */
  constructor(private readonly extraHosts: string[] = []) {}

  recognise(url: URL): Recognised | null {
    const host = url.host.toLowerCase();
    const isSubstack = /^[a-z0-9-]+\.substack\.com$/.test(host) && !/^(www|api|cdn)\./.test(host);
    if (!isSubstack && !this.extraHosts.includes(host)) return null;
    return recogniseSubstackPath(url);
  }
}

/** What a path on a Substack publication is: the archive (home, `/archive`, `/feed`) or one post (`/p/<slug>`). */
export function recogniseSubstackPath(url: URL): Recognised | null {
  const origin = url.origin;
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] === 'p' && parts[1]) {
    const slug = decodeURIComponent(parts[1]);
    return { kind: 'post', url: `${origin}/p/${slug}`, open: (c) => openPost(origin, slug, c) };
  }
  if (parts.length === 0 || (parts.length === 1 && (parts[0] === 'archive' || parts[0] === 'feed'))) {
    return { kind: 'publication', url: origin, open: (c) => openArchive(origin, c) };
  }
  return null;
}

/**
 * Whether a site that is not on substack.com serves Substack's API (a custom domain): one request
 * for the newest archive entry. Only for URLs shaped like a publication or a post.
 */
export async function probeSubstack(url: URL, context: SourceContext): Promise<Recognised | null> {
  const shaped = recogniseSubstackPath(url);
  if (!shaped) return null;
  try {
    const answer = await requestJson(context, { url: `${url.origin}/api/v1/archive?sort=new&offset=0&limit=1` });
    return Array.isArray(answer) ? shaped : null;
  } catch {
    return null;
  }
}

async function openPost(origin: string, slug: string, context: SourceContext): Promise<Listing> {
  const post = await fetchPost(origin, slug, context);
  const item: ImportItem = { url: text(post.canonical_url) || `${origin}/p/${slug}`, title: text(post.title), published: text(post.post_date) || undefined, paywalled: isPaywalled(post), load: () => Promise.resolve(postBody(post)) };
  return { description: `Substack post '${item.title}'`, total: 1, items: single(item) };
}

function openArchive(origin: string, context: SourceContext): Promise<Listing> {
  const limit = context.limits.limit ?? Infinity;
  const since = context.limits.since;
  async function* pages(): AsyncGenerator<ImportItem> {
    let given = 0;
    for (let offset = 0; given < limit; offset += ARCHIVE_PAGE_SIZE) {
      const answer = await requestJson(context, { url: `${origin}/api/v1/archive?sort=new&offset=${offset}&limit=${ARCHIVE_PAGE_SIZE}` });
      if (!Array.isArray(answer)) throw new ImportProblem('bad-response', `${origin}/api/v1/archive did not answer with a list of posts`);
      for (const entry of answer.filter(isRecord)) {
        const slug = text(entry.slug);
        if (!slug) continue;
        const published = text(entry.post_date);
        // Newest first: the first post older than --since ends the archive.
        if (since !== undefined && Date.parse(published) < since) return;
        if (given >= limit) return;
        given++;
        yield {
          url: text(entry.canonical_url) || `${origin}/p/${slug}`,
          title: text(entry.title),
          published: published || undefined,
          paywalled: isPaywalled(entry),
          load: async () => postBody(await fetchPost(origin, slug, context)),
        };
      }
      if (answer.length < ARCHIVE_PAGE_SIZE) return;
    }
  }
  const host = new URL(origin).host;
  return Promise.resolve({ description: `Substack publication ${host}`, items: pages() });
}

async function fetchPost(origin: string, slug: string, context: SourceContext): Promise<Record<string, unknown>> {
  const answer = await requestJson(context, { url: `${origin}/api/v1/posts/${encodeURIComponent(slug)}` });
  if (!isRecord(answer)) throw new ImportProblem('bad-response', `${origin}/api/v1/posts/${slug} did not answer with a post`);
  return answer;
}

function isPaywalled(post: Record<string, unknown>): boolean {
  const audience = text(post.audience);
  return audience !== '' && audience !== 'everyone';
}

function postBody(post: Record<string, unknown>): ItemBody {
  const paywalled = isPaywalled(post);
  const visible = text(post.body_html) || (text(post.truncated_body_text) ? `<p>${escapeHtml(text(post.truncated_body_text))}</p>` : '');
  const authors = (Array.isArray(post.publishedBylines) ? post.publishedBylines : []).map((b) => (isRecord(b) ? text(b.name) : '')).filter(Boolean);
  const tags = (Array.isArray(post.postTags) ? post.postTags : []).map((t) => (isRecord(t) ? text(t.name) : '')).filter(Boolean);
  return {
    html: paywalled ? NOTICE + visible : visible,
    known: {
      title: text(post.title),
      authors,
      published: text(post.post_date),
      site: 'Substack',
      tags,
      description: text(post.subtitle),
      extra: paywalled ? { paywalled: true } : {},
    },
  };
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

async function* single(item: ImportItem): AsyncGenerator<ImportItem> {
  yield item;
}
