import { ImportProblem } from '../import-problem';
import { isRecord, requestGraphql, text } from '../request-json';
import type { ImportItem, ImportSource, ItemBody, ItemComment, Listing, Recognised, SourceContext } from '../types';
import {
  COMMENTS_QUERY,
  COMMENT_LIMIT,
  MAX_OFFSET,
  PAGE_SIZE,
  POST_QUERY,
  SEQUENCE_QUERY,
  TAG_POSTS_QUERY,
  TAG_QUERY,
  USER_POSTS_QUERY,
  USER_QUERY,
} from './forum-magnum-queries';

/** One ForumMagnum site: where its API is, and the hosts whose URLs are its posts. */
export interface ForumSite {
  name: string;
  /** Requests go to `<origin>/graphql`. */
  origin: string;
  hosts: string[];
}

// GreaterWrong is another front end on LessWrong's (and the EA Forum's) data: its URLs keep
// the same ids and slugs, so they map to the original site and its API.
export const FORUM_SITES: ForumSite[] = [
  { name: 'LessWrong', origin: 'https://www.lesswrong.com', hosts: ['lesswrong.com', 'www.lesswrong.com', 'greaterwrong.com', 'www.greaterwrong.com'] },
  { name: 'AI Alignment Forum', origin: 'https://www.alignmentforum.org', hosts: ['alignmentforum.org', 'www.alignmentforum.org'] },
  { name: 'EA Forum', origin: 'https://forum.effectivealtruism.org', hosts: ['forum.effectivealtruism.org', 'ea.greaterwrong.com'] },
];

/** The hosts Kindred sends requests to when it reads these sites (for pacing and the README's privacy section). */
export function forumApiHosts(sites: ForumSite[] = FORUM_SITES): string[] {
  return sites.map((s) => new URL(s.origin).host);
}

/** Tag imports stop here unless `--limit` says otherwise. */
export const DEFAULT_TAG_LIMIT = 50;

type Post = Record<string, unknown>;

/** LessWrong, the Alignment Forum and the EA Forum through their GraphQL API: posts, sequences, tags, authors. */
export class ForumMagnumSource implements ImportSource {
  readonly name = 'LessWrong';

  constructor(private readonly sites: ForumSite[] = FORUM_SITES) {}

  recognise(url: URL): Recognised | null {
    const site = this.sites.find((s) => s.hosts.includes(url.host.toLowerCase()));
    if (!site) return null;
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const at = (kind: Recognised['kind'], path: string, open: (c: SourceContext) => Promise<Listing>): Recognised => ({ kind, url: `${site.origin}${path}`, open });
    // /s/<sequence>/p/<post> is a post read inside its sequence.
    if ((parts[0] === 'posts' && parts[1]) || (parts[0] === 's' && parts[2] === 'p' && parts[3])) {
      const id = parts[0] === 'posts' ? parts[1] : parts[3];
      return at('post', `/posts/${id}`, (c) => this.post(site, id, c));
    }
    if (parts[0] === 's' && parts[1]) return at('sequence', `/s/${parts[1]}`, (c) => this.sequence(site, parts[1], c));
    if ((parts[0] === 'tag' || parts[0] === 'w' || parts[0] === 'topics') && parts[1]) return at('tag', `/tag/${parts[1]}`, (c) => this.tag(site, parts[1], c));
    if (parts[0] === 'users' && parts[1]) return at('user', `/users/${parts[1]}`, (c) => this.user(site, parts[1], c));
    return null;
  }

  private graphql(site: ForumSite, context: SourceContext, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
    return requestGraphql(context, `${site.origin}/graphql`, query, variables);
  }

  private async post(site: ForumSite, id: string, context: SourceContext): Promise<Listing> {
    const data = await this.graphql(site, context, POST_QUERY, { id });
    const post = isRecord(data.post) && isRecord(data.post.result) ? data.post.result : null;
    if (!post) throw new ImportProblem('not-found', `${site.name} has no post ${id}`);
    return { description: `${site.name} post '${text(post.title)}'`, total: 1, items: once(this.item(site, post, context, {})) };
  }

  private async sequence(site: ForumSite, id: string, context: SourceContext): Promise<Listing> {
    const data = await this.graphql(site, context, SEQUENCE_QUERY, { id });
    const sequence = isRecord(data.sequence) && isRecord(data.sequence.result) ? data.sequence.result : null;
    if (!sequence) throw new ImportProblem('not-found', `${site.name} has no sequence ${id}`);
    const title = text(sequence.title) || `Sequence ${id}`;
    const chapters = (Array.isArray(sequence.chapters) ? sequence.chapters.filter(isRecord) : []).sort((a, b) => Number(a.number ?? 0) - Number(b.number ?? 0));
    const named = chapters.length > 1 || chapters.some((c) => text(c.title));
    const items: ImportItem[] = [];
    for (const chapter of chapters) {
      const chapterTitle = named ? text(chapter.title) || `Chapter ${chapters.indexOf(chapter) + 1}` : undefined;
      for (const post of Array.isArray(chapter.posts) ? chapter.posts.filter(isRecord) : []) {
        const extra = { sequence: title, ...(chapterTitle ? { chapter: chapterTitle } : {}), sequence_index: items.length + 1 };
        items.push({ ...this.item(site, post, context, extra), chapter: chapterTitle });
      }
    }
    const limited = context.limits.limit ? items.slice(0, context.limits.limit) : items;
    return {
      description: `${site.name} sequence '${title}'`,
      total: limited.length,
      items: fromArray(limited),
      indexNote: { title, source: `${site.origin}/s/${id}`, site: site.name, description: `The posts of the sequence '${title}' in reading order.` },
    };
  }

  private async tag(site: ForumSite, slug: string, context: SourceContext): Promise<Listing> {
    const data = await this.graphql(site, context, TAG_QUERY, { slug });
    const tag = isRecord(data.tags) && Array.isArray(data.tags.results) ? data.tags.results.find(isRecord) : undefined;
    if (!tag) throw new ImportProblem('not-found', `${site.name} has no tag '${slug}'`);
    const limit = Math.min(context.limits.limit ?? DEFAULT_TAG_LIMIT, MAX_OFFSET + PAGE_SIZE);
    const name = text(tag.name) || slug;
    const filterSettings = { tags: [{ tagId: text(tag._id), tagName: name, filterMode: 'Required' }] };
    const pages = async function* (this: ForumMagnumSource): AsyncGenerator<ImportItem> {
      let given = 0;
      for (let offset = 0; given < limit && offset <= MAX_OFFSET; offset += PAGE_SIZE) {
        const page = await this.graphql(site, context, TAG_POSTS_QUERY, { tagId: text(tag._id), filterSettings, limit: Math.min(PAGE_SIZE, limit - given), offset });
        const posts = results(page.posts);
        for (const post of posts) {
          if (given >= limit) return;
          if (!this.since(post, context)) continue;
          given++;
          yield this.item(site, post, context, {});
        }
        if (posts.length < PAGE_SIZE) return;
      }
    };
    const count = Number(tag.postCount);
    return { description: `${site.name} tag '${name}'`, total: Number.isFinite(count) ? Math.min(count, limit) : undefined, items: pages.call(this) };
  }

  private async user(site: ForumSite, slug: string, context: SourceContext): Promise<Listing> {
    const data = await this.graphql(site, context, USER_QUERY, { slug });
    const user = isRecord(data.users) && Array.isArray(data.users.results) ? data.users.results.find(isRecord) : undefined;
    if (!user) throw new ImportProblem('not-found', `${site.name} has no user '${slug}'`);
    const limit = context.limits.limit ?? Infinity;
    const after = context.limits.since === undefined ? undefined : new Date(context.limits.since).toISOString();
    // Newest first, one date window at a time: each page asks for posts before the oldest one
    // seen (plus a millisecond, so posts sharing that instant are not lost; ids already seen are
    // dropped). No offset, so the API's skip limit never applies however many posts there are.
    const pages = async function* (this: ForumMagnumSource): AsyncGenerator<ImportItem> {
      const seen = new Set<string>();
      let before: string | undefined;
      let given = 0;
      while (given < limit) {
        const page = await this.graphql(site, context, USER_POSTS_QUERY, { userId: text(user._id), before, after, limit: PAGE_SIZE });
        const posts = results(page.posts);
        let fresh = 0;
        for (const post of posts) {
          const id = text(post._id);
          if (seen.has(id)) continue;
          seen.add(id);
          fresh++;
          if (given >= limit) return;
          given++;
          yield this.item(site, post, context, {});
        }
        if (posts.length < PAGE_SIZE) return;
        const oldest = Math.min(...posts.map((p) => Date.parse(text(p.postedAt))).filter(Number.isFinite));
        if (!Number.isFinite(oldest)) throw new ImportProblem('bad-response', `${site.name} listed posts without dates; Kindred cannot page through them`);
        // A page of posts all sharing one instant moves the window past it.
        before = new Date(fresh ? oldest + 1 : oldest).toISOString();
      }
    };
    const count = Number(user.postCount);
    const name = text(user.displayName) || slug;
    return {
      description: `${site.name} author '${name}'${after ? ` since ${after.slice(0, 10)}` : ''}`,
      total: Number.isFinite(count) && after === undefined ? Math.min(count, limit) : undefined,
      items: pages.call(this),
    };
  }

  private since(post: Post, context: SourceContext): boolean {
    const since = context.limits.since;
    if (since === undefined) return true;
    const when = Date.parse(text(post.postedAt));
    return !Number.isFinite(when) || when >= since;
  }

  /** A post of the API as an import item; its body is in hand, comments cost one request when asked for. */
  private item(site: ForumSite, post: Post, context: SourceContext, extra: Record<string, unknown>): ImportItem {
    const id = text(post._id);
    const url = text(post.pageUrl) || `${site.origin}/posts/${id}`;
    const coauthors: unknown[] = Array.isArray(post.coauthors) ? post.coauthors : [];
    const authors = [post.user, ...coauthors]
      .map((u) => (isRecord(u) ? text(u.displayName) : ''))
      .filter(Boolean);
    const karma = typeof post.baseScore === 'number' ? { karma: post.baseScore } : {};
    const body: ItemBody = {
      html: forumMath(text(post.htmlBody)),
      known: {
        title: text(post.title),
        authors,
        published: text(post.postedAt),
        site: site.name,
        tags: (Array.isArray(post.tags) ? post.tags : []).map((t) => (isRecord(t) ? text(t.name) : '')).filter(Boolean),
        extra: { ...extra, ...karma },
      },
    };
    return {
      url,
      title: text(post.title),
      published: text(post.postedAt) || undefined,
      load: async () => (context.limits.comments ? { ...body, comments: await this.comments(site, id, context) } : body),
    };
  }

  private async comments(site: ForumSite, postId: string, context: SourceContext): Promise<ItemComment[]> {
    const data = await this.graphql(site, context, COMMENTS_QUERY, { postId, limit: COMMENT_LIMIT });
    return commentTree(results(data.comments));
  }
}

/**
 * ForumMagnum stores equations as `<span class="math-tex">\(…\)</span>` (inline) or `\[…\]`
 * (display), rendered only in the browser; its own markdown export reads them the same way
 * (`latex-spans` rule, `server/editor/conversionUtils.ts`). Given to the clipper as the KaTeX
 * form it knows (`class="math" data-latex`), they become `$…$` and `$$…$$`.
 */
export function forumMath(html: string): string {
  return html.replace(/<span class="math-tex">\s*\\([([])([\s\S]*?)\\[)\]]\s*<\/span>/g, (_, open: string, latex: string) =>
    `<span class="math${open === '(' ? ' math-inline' : ' math-display'}" data-latex="${latex.replace(/"/g, '&quot;')}"></span>`,
  );
}

/** The API's flat comments as threads: replies under their parent when the parent was fetched too. */
export function commentTree(rows: Record<string, unknown>[]): ItemComment[] {
  const byId = new Map<string, ItemComment>();
  for (const row of rows) byId.set(text(row._id), { author: isRecord(row.user) ? text(row.user.displayName) : '', html: text(row.htmlBody), replies: [] });
  const top: ItemComment[] = [];
  for (const row of rows) {
    const comment = byId.get(text(row._id))!;
    const parent = byId.get(text(row.parentCommentId));
    if (parent && parent !== comment) parent.replies.push(comment);
    else top.push(comment);
  }
  return top;
}

function results(output: unknown): Post[] {
  if (!isRecord(output) || !Array.isArray(output.results)) throw new ImportProblem('bad-response', 'the API answered without a list of results');
  return output.results.filter(isRecord);
}

async function* once(item: ImportItem): AsyncGenerator<ImportItem> {
  yield item;
}

async function* fromArray(items: ImportItem[]): AsyncGenerator<ImportItem> {
  yield* items;
}
