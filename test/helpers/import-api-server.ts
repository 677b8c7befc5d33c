/**
 * A loopback server that speaks the APIs Kindred imports from, with answers written in the
 * shape of the real schemas (see src/core/import/sources/*: the ForumMagnum GraphQL schema and
 * Substack's /api/v1 as real clients read them), plus feeds. It holds:
 * - ForumMagnum at POST /graphql: a sequence 'Map and Territory' with two chapters (listed out
 *   of order, as `number` says), a tag 'rationality' with 120 posts, an author 'prolific' with
 *   2,000 posts (pairs share an instant; an offset past 2,000 is refused as the real resolver
 *   refuses it), comments, and a single post;
 * - Substack at /api/v1/archive and /api/v1/posts/<slug>: 45 posts (pages of 20, 20 and a short
 *   5), one of them paid-only, and its RSS at /feed;
 * - feeds at /blog/feed.xml (full text), /teasers/rss.xml (summaries), /journal/atom.xml (relative
 *   links), /notes/feed.json (a bad date), and the pages they point to; /feed.xml is the
 *   ForumMagnum site's own RSS (teasers of posts the API has in full).
 * `faults` injects what sites do: 429 with Retry-After, a 500 in the middle, malformed JSON, a
 * response slower than the timeout. Every request is logged with its GraphQL operation.
 */
import { startTestServer, type Route, type RouteRequest, type TestServer } from './http-server';
import { atomRelative, jsonFeed, rssFull, rssSummaries } from './feed-fixtures';
import { articlePage } from '../core/clip/fake-fetcher';

export interface LoggedRequest {
  method: string;
  path: string;
  /** The GraphQL operation name, for POST /graphql. */
  op?: string;
  variables?: Record<string, unknown>;
  userAgent?: string;
}

/** A fault for the next matching requests: `times` of them get it. */
export interface Fault {
  /** A GraphQL operation name (`KindredTagPosts`) or a path prefix (`/api/v1/posts/`). */
  match: string;
  /** Only when the GraphQL offset is this (a 500 in the middle of a tag). */
  offset?: number;
  kind: '429' | '503' | '500' | 'bad-json' | 'slow';
  retryAfter?: string;
  times: number;
}

export interface ImportApiServer extends TestServer {
  log: LoggedRequest[];
  faults: Fault[];
  /** Substack posts by slug; a test may add to them (a new post since the last check). */
  substack: SubstackPost[];
  /** What `/robots.txt` answers: ForumMagnum's own file by default; a test may change it or answer 404 or 503. */
  robots: { status: number; body: string };
}

/** The robots.txt ForumMagnum serves by default (`app/robots.txt/route.ts` in ForumMagnum/ForumMagnum). */
export const FORUM_MAGNUM_ROBOTS_TXT = [
  'User-agent: *',
  'Disallow: /allPosts?*',
  'Disallow: /allPosts',
  'Disallow: /allposts',
  'Disallow: /allposts?*',
  'Disallow: /graphiql',
  'Disallow: /debug',
  'Disallow: /admin',
  'Disallow: /compare',
  'Disallow: /emailToken',
  'Disallow: /*?commentId=*',
  'Disallow: /users/*/replies',
  'Crawl-Delay: 3',
  '',
].join('\n');

export interface FmPost {
  _id: string;
  title: string;
  slug: string;
  pageUrl: string;
  postedAt: string;
  htmlBody: string;
  baseScore: number;
  user: { displayName: string; slug: string };
  coauthors: { displayName: string }[];
  tags: { name: string; slug: string }[];
}

export interface SubstackPost {
  id: number;
  slug: string;
  title: string;
  subtitle: string;
  post_date: string;
  canonical_url: string;
  audience: 'everyone' | 'only_paid' | 'founding';
  body_html: string | null;
  truncated_body_text: string;
  publishedBylines: { id: number; name: string; handle: string }[];
  postTags: { id: string; name: string; slug: string }[];
}

const body = (topic: string): string =>
  `<p>${topic} is discussed here at length, with enough words that any extractor sees a real article body and keeps it whole for the reader.</p>`.repeat(3) +
  `<p>A formula <span class="math-tex">\\(x^2\\)</span> and a footnote.<sup><a href="#fn1" id="fnref1">1</a></sup></p><ol class="footnotes"><li id="fn1">The note itself. <a href="#fnref1">↩</a></li></ol>`;

function fmPost(origin: string, id: string, title: string, postedAt: string, author = 'Eliezer Yudkowsky', tags = ['Rationality']): FmPost {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return {
    _id: id,
    title,
    slug,
    pageUrl: `${origin}/posts/${id}/${slug}`,
    postedAt,
    htmlBody: body(title),
    baseScore: 42,
    user: { displayName: author, slug: author.toLowerCase().replace(/\s+/g, '-') },
    coauthors: [],
    tags: tags.map((name) => ({ name, slug: name.toLowerCase() })),
  };
}

export const SEQUENCE_ID = 'seqMapTerritory';
export const CHAPTERS = [
  { _id: 'ch2', title: 'Fake Beliefs', number: 2, titles: ['Making Beliefs Pay Rent', 'Belief in Belief', 'Professing and Cheering'] },
  { _id: 'ch1', title: 'The Simple Truth', number: 1, titles: ['The Simple Truth', 'What Do We Mean By Rationality'] },
];
export const TAG_POSTS = 120;
export const USER_POSTS = 2000;
export const SUBSTACK_POSTS = 45;
export const PAYWALLED_SLUG = 'post-7';

/** `substackPosts`: the publication's size (45 in the tests; the import bench asks for 2,000). */
export async function startImportApiServer(options: { substackPosts?: number } = {}): Promise<ImportApiServer> {
  const substackCount = options.substackPosts ?? SUBSTACK_POSTS;
  let server!: ImportApiServer;
  const origin = (): string => server.base;
  const log: LoggedRequest[] = [];
  const faults: Fault[] = [];

  const posts = new Map<string, FmPost>();
  const sequence = () =>
    CHAPTERS.map((c, ci) => ({
      _id: c._id,
      title: c.title,
      number: c.number,
      posts: c.titles.map((t, i) => fmPost(origin(), `s${ci}p${i}`, t, new Date(Date.UTC(2007, 8, 1 + ci * 10 + i)).toISOString())),
    }));
  const tagPosts = () => Array.from({ length: TAG_POSTS }, (_, i) => fmPost(origin(), `tag${String(i).padStart(3, '0')}`, `Tagged Post ${i + 1}`, new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString()));
  // Newest first; posts 2k and 2k+1 share one instant, so a date window must not lose either.
  const userPosts = () => Array.from({ length: USER_POSTS }, (_, i) => fmPost(origin(), `u${String(i).padStart(4, '0')}`, `Prolific Post ${i + 1}`, new Date(Date.UTC(2025, 0, 1) - Math.floor(i / 2) * 86_400_000).toISOString(), 'Prolific Writer'));

  const substack: SubstackPost[] = Array.from({ length: substackCount }, (_, i) => substackPost(() => origin(), i));

  const answer = (r: Parameters<Route>[0], status: number, data: unknown, headers: Record<string, string> = {}): void => {
    r.status(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    r.end(JSON.stringify(data));
  };

  /** Applies a pending fault; true when the request was answered by it. */
  const fault = (r: Parameters<Route>[0], key: string, offset?: number): boolean => {
    const f = faults.find((x) => x.times > 0 && key.startsWith(x.match) && (x.offset === undefined || x.offset === offset));
    if (!f) return false;
    f.times--;
    if (f.kind === '429' || f.kind === '503') answer(r, Number(f.kind), { errors: [{ message: 'slow down' }] }, f.retryAfter ? { 'retry-after': f.retryAfter } : {});
    else if (f.kind === '500') answer(r, 500, { errors: [{ message: 'internal error' }] });
    else if (f.kind === 'bad-json') {
      r.status(200, { 'content-type': 'application/json' });
      r.end('<html><body>Cloudflare says hello</body></html>');
    } else r.status(200, { 'content-type': 'application/json' }); // slow: headers, then nothing
    return true;
  };

  const graphql: Route = (r, req) => {
    const { query, variables = {} } = JSON.parse(req.body || '{}') as { query: string; variables?: Record<string, unknown> };
    const op = /query\s+(\w+)/.exec(query)?.[1] ?? 'anonymous';
    log.push({ method: req.method, path: '/graphql', op, variables, userAgent: String(req.headers['user-agent'] ?? '') });
    if (req.method !== 'POST') return answer(r, 405, { errors: [{ message: 'POST only' }] });
    // The deprecated `input:` form is not what Kindred should send.
    if (/\binput:/.test(query)) return answer(r, 400, { errors: [{ message: 'use selector:' }] });
    if (fault(r, op, variables.offset as number | undefined)) return;
    const data = resolve(op, query, variables);
    if ('error' in data) return answer(r, 200, { errors: [{ message: data.error }], data: null });
    answer(r, 200, { data });
  };

  const resolve = (op: string, query: string, v: Record<string, unknown>): Record<string, unknown> => {
    const offset = Number(v.offset ?? 0);
    const limit = Number(v.limit ?? 5);
    // maxAllowedApiSkip: the real resolver throws past 2,000.
    if (offset > 2000) return { error: 'Exceeded maximum value for skip' };
    switch (op) {
      case 'KindredSequence':
        if (v.id !== SEQUENCE_ID) return { sequence: { result: null } };
        return { sequence: { result: { _id: SEQUENCE_ID, title: 'Map and Territory', user: { displayName: 'Eliezer Yudkowsky' }, chapters: sequence() } } };
      case 'KindredTag':
        if (v.slug !== 'rationality') return { tags: { results: [] } };
        return { tags: { results: [{ _id: 'tagRat', name: 'Rationality', slug: 'rationality', postCount: TAG_POSTS }] } };
      case 'KindredTagPosts': {
        if (!/tagRelevance:\s*\{\s*tagId:/.test(query)) return { error: 'expected the tagRelevance view' };
        return { posts: { results: tagPosts().slice(offset, offset + limit) } };
      }
      case 'KindredUser':
        if (v.slug !== 'prolific') return { users: { results: [] } };
        return { users: { results: [{ _id: 'userProlific', displayName: 'Prolific Writer', slug: 'prolific', postCount: USER_POSTS }] } };
      case 'KindredUserPosts': {
        if (!/userPosts:\s*\{\s*userId:/.test(query)) return { error: 'expected the userPosts view' };
        let list = userPosts();
        if (typeof v.before === 'string') list = list.filter((p) => Date.parse(p.postedAt) < Date.parse(v.before as string));
        if (typeof v.after === 'string') list = list.filter((p) => Date.parse(p.postedAt) >= Date.parse(v.after as string));
        return { posts: { results: list.slice(offset, offset + limit) } };
      }
      case 'KindredPost': {
        const all = [...sequence().flatMap((c) => c.posts), ...tagPosts().slice(0, 3), ...posts.values()];
        return { post: { result: all.find((p) => p._id === v.id) ?? null } };
      }
      case 'KindredComments':
        return {
          comments: {
            results: [
              { _id: 'c1', parentCommentId: null, htmlBody: '<p>First comment, top rated.</p>', user: { displayName: 'Robin' } },
              { _id: 'c2', parentCommentId: 'c1', htmlBody: '<p>A reply to the first.</p>', user: { displayName: 'Katja' } },
              { _id: 'c3', parentCommentId: null, htmlBody: '<p>Second top comment.</p>', user: { displayName: 'Scott' } },
            ].slice(0, limit),
          },
        };
      default:
        return { error: `Cannot query operation ${op}` };
    }
  };

  const archive: Route = (r, req) => {
    const url = new URL(req.url, 'http://x');
    log.push({ method: req.method, path: url.pathname + url.search });
    if (fault(r, '/api/v1/archive')) return;
    const offset = Number(url.searchParams.get('offset') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 12);
    if (url.searchParams.get('sort') !== 'new') return answer(r, 400, { error: 'sort' });
    // The archive lists previews: no body_html.
    const sorted = [...server.substack].sort((a, b) => Date.parse(b.post_date) - Date.parse(a.post_date));
    answer(r, 200, sorted.slice(offset, offset + limit).map(({ body_html: _, ...preview }) => ({ ...preview, body_html: null })));
  };

  const substackPostRoute: Route = (r, req) => {
    const path = new URL(req.url, 'http://x').pathname;
    log.push({ method: req.method, path });
    if (fault(r, path)) return;
    const post = server.substack.find((p) => p.slug === decodeURIComponent(path.slice('/api/v1/posts/'.length)));
    if (!post) return answer(r, 404, { error: 'Post not found' });
    answer(r, 200, post);
  };

  const text = (type: string, make: () => string): Route => (r, req) => {
    log.push({ method: req.method, path: new URL(req.url, 'http://x').pathname });
    if (fault(r, new URL(req.url, 'http://x').pathname)) return;
    r.status(200, { 'content-type': type });
    r.end(make());
  };

  const substackFeed = (): string =>
    `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Loopback Stack</title><link>${origin()}</link><description>d</description>` +
    [...server.substack]
      .sort((a, b) => Date.parse(b.post_date) - Date.parse(a.post_date))
      .slice(0, 20)
      .map((p) => `<item><title>${p.title}</title><link>${p.canonical_url}</link><pubDate>${new Date(p.post_date).toUTCString()}</pubDate><description>${p.subtitle}</description><content:encoded><![CDATA[${p.body_html ?? ''}]]></content:encoded></item>`)
      .join('') +
    `</channel></rss>`;

  const routes: Record<string, Route> = {
    '/robots.txt': (r, req) => {
      log.push({ method: req.method, path: '/robots.txt', userAgent: String(req.headers['user-agent'] ?? '') });
      r.status(server.robots.status, { 'content-type': 'text/plain; charset=utf-8' });
      r.end(server.robots.body);
    },
    '/graphql': graphql,
    '/api/v1/archive': archive,
    '/feed': text('application/rss+xml; charset=utf-8', substackFeed),
    '/blog/feed.xml': text('application/rss+xml; charset=utf-8', () => rssFull(origin())),
    '/teasers/rss.xml': text('application/rss+xml', () => rssSummaries(origin())),
    '/journal/atom.xml': text('application/atom+xml', () => atomRelative(origin())),
    '/notes/feed.json': text('application/feed+json', () => jsonFeed(origin())),
    // LessWrong's own RSS lists posts with a teaser; the full text is the API's.
    '/feed.xml': text('application/rss+xml; charset=utf-8', () =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>LessWrong</title><link>${origin()}</link><description>d</description>` +
      sequence()[1].posts.map((p) => `<item><title>${p.title}</title><link>${p.pageUrl}</link><pubDate>${new Date(p.postedAt).toUTCString()}</pubDate><description>A teaser only.</description></item>`).join('') +
      `</channel></rss>`),
    '/page-one': text('text/html; charset=utf-8', () => articlePage('Page One')),
    '/page-two': text('text/html; charset=utf-8', () => articlePage('Page Two')),
  };
  for (let i = 0; i < substackCount + 20; i++) routes[`/api/v1/posts/post-${i}`] = substackPostRoute;

  const base = await startTestServer({}, routes);
  server = Object.assign(base, { log, faults, substack, robots: { status: 200, body: FORUM_MAGNUM_ROBOTS_TXT } });
  return server;
}

/** Post `i` of the loopback publication, newest first by index; post 7 is for paying subscribers. */
export function substackPost(origin: () => string, i: number): SubstackPost {
  const paid = `post-${i}` === PAYWALLED_SLUG;
  const slug = `post-${i}`;
  return {
    id: 1000 + i,
    slug,
    title: `Stack Post ${i + 1}`,
    subtitle: `Subtitle of post ${i + 1}`,
    post_date: new Date(Date.UTC(2026, 1, 28) - i * 86_400_000).toISOString(),
    get canonical_url() {
      return `${origin()}/p/${slug}`;
    },
    audience: paid ? 'only_paid' : 'everyone',
    body_html: paid ? `<p>The free part of post ${i + 1}, before the paywall, is a paragraph long enough to read as an article on its own for the extractor.</p>`.repeat(2) : body(`Stack post ${i + 1}`),
    truncated_body_text: `The free part of post ${i + 1}`,
    publishedBylines: [{ id: 7, name: 'Stack Author', handle: 'stackauthor' }],
    postTags: [{ id: 't1', name: 'Essays', slug: 'essays' }],
  };
}

export type { RouteRequest };
