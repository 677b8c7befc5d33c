import { buildNote, updateNote, type NoteMeta } from './build-note';
import { ClipError } from './clip-error';
import { decodeHtml } from './decode-html';
import { downloadImages } from './download-images';
import { extractArticle } from './extract-article';
import { commentsMarkdown } from './extract-comments';
import { fetchPage, requireWebUrl } from './fetch-page';
import { guardMarkdown } from './guard-markdown';
import { buildSourceIndex, findDuplicate, pageHash, urlKey, type SourceIndex } from './find-duplicate';
import { savedPageUrl } from './saved-page-url';
import { safeFolder, uniqueNotePath } from './safe-file-name';
import { toMarkdown } from './to-markdown';
import { CLIP_LIMITS, type ClipDeps, type ClipInput, type ClipOptions, type ClipOutcome } from './types';

/** How an input is named in outcomes and messages: its URL or its file name. */
export function describeInput(input: ClipInput): string {
  return input.kind === 'url' ? input.url : input.name;
}

function titleFallback(input: ClipInput, pageUrl: string | undefined): string {
  if (input.kind === 'html') return input.name.split(/[\\/]/).pop()!.replace(/\.html?$/i, '');
  try {
    const url = new URL(pageUrl ?? input.url);
    return `${url.hostname}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return 'Untitled';
  }
}

function skipped(input: string, path: string): ClipOutcome {
  return { input, status: 'skipped', path, error: `already clipped as ${path}` };
}

/**
 * Clips one page as `clipOne` does, with a source index shared across a bulk clip (and kept
 * up to date as notes are created), so a list is checked against itself as well as the vault.
 */
export async function clipWithIndex(
  input: ClipInput,
  deps: ClipDeps,
  options: ClipOptions,
  sources: SourceIndex,
  signal?: AbortSignal,
): Promise<ClipOutcome> {
  const name = describeInput(input);
  const created: string[] = [];
  try {
    let html: string;
    let pageUrl: string | undefined;
    /** For a saved page that names no address: the hash it is recognised by. */
    let hash: string | undefined;
    if (input.kind === 'url') {
      const asked = requireWebUrl(input.url).href;
      // Checked before fetching, so a re-run of a list costs no requests for pages already clipped.
      const known = options.onDuplicate === 'keep-both' ? null : await findDuplicate(deps.vault, urlKey(asked), sources);
      if (known && options.onDuplicate === 'skip') return skipped(name, known);
      const page = await fetchPage(asked, deps.fetcher, signal);
      html = page.html;
      pageUrl = page.url;
    } else {
      if (input.bytes.length > CLIP_LIMITS.maxBytes) throw new ClipError(`the page is larger than 10 MB: ${name}`);
      html = decodeHtml(input.bytes);
      pageUrl = input.url ?? savedPageUrl(html);
      if (!pageUrl) {
        hash = pageHash(input.bytes);
        const known = options.onDuplicate === 'keep-both' ? null : await findDuplicate(deps.vault, hash, sources);
        if (known && options.onDuplicate === 'skip') return skipped(name, known);
      }
    }
    if (signal?.aborted) throw new ClipError('cancelled');

    const article = extractArticle(html, pageUrl, deps.parser, options.includeComments);
    let body = toMarkdown(article.content, article.baseUrl);
    if (!body.replace(/[#>*_`\-\s]/g, '')) throw new ClipError(`no article content found in ${name}`);
    if (article.comments.length) body = `${body}\n\n${commentsMarkdown(article.comments, article.baseUrl)}`;

    const source = article.canonicalUrl ?? pageUrl;
    const stated = input.kind === 'html' ? input.known : undefined;
    // A page with a canonical address is known by it; only a page with none by its bytes.
    const key = source ? urlKey(source) : hash;
    const meta: NoteMeta = {
      title: stated?.title || article.title || titleFallback(input, pageUrl),
      authors: stated?.authors?.length ? stated.authors : article.authors,
      source,
      sourceHash: source ? undefined : hash,
      site: stated?.site || article.site,
      published: stated?.published || article.published,
      clippedAt: deps.clock.now(),
      tags: [...options.tags, ...(stated?.tags ?? article.tags)],
      description: stated?.description ?? article.description,
      extra: stated?.extra,
    };

    const existing = key && options.onDuplicate !== 'keep-both' ? await findDuplicate(deps.vault, key, sources) : null;
    if (existing && options.onDuplicate === 'skip') return skipped(name, existing);

    const notePath = existing ?? (await uniqueNotePath(deps.vault, options.folder, meta.title));
    if (options.downloadImages) {
      const images = await downloadImages(body, notePath, deps.vault, deps.fetcher, signal);
      created.push(...images.created);
      body = images.body;
    }
    if (signal?.aborted) throw new ClipError('cancelled');
    // The whole body once more, now with its comments and local image paths: nothing is trusted.
    body = guardMarkdown(body);

    if (existing) {
      await deps.vault.process(existing, (text) => updateNote(text, meta, body));
      return { input: name, status: 'updated', path: existing };
    }
    const text = buildNote(meta, body);
    let path = notePath;
    // Clips running side by side can pick the same free name; the loser takes the next one.
    for (let attempt = 1; ; attempt++) {
      try {
        await deps.vault.create(path, text);
        break;
      } catch (error) {
        if (attempt >= 10 || !(await deps.vault.exists(path))) throw error;
        path = await uniqueNotePath(deps.vault, options.folder, meta.title);
      }
    }
    if (key) sources.set(key, path);
    return { input: name, status: 'created', path };
  } catch (error) {
    // A failed clip leaves the vault as it was: the images it downloaded go too.
    for (const path of created) await deps.vault.remove(path).catch(() => undefined);
    const message = error instanceof ClipError ? error.message : `could not clip ${name}: ${error instanceof Error ? error.message : String(error)}`;
    return { input: name, status: 'failed', error: message };
  }
}

/**
 * Clips one web page or saved page into a note in `options.folder`. Never throws: bad input
 * gives a `failed` outcome with a message a person can act on, and leaves the vault as it was.
 * A page already clipped (same canonical `source`) is skipped, updated in place or clipped again
 * as `options.onDuplicate` says.
 */
export async function clipOne(input: ClipInput, deps: ClipDeps, options: ClipOptions, signal?: AbortSignal): Promise<ClipOutcome> {
  let sources: SourceIndex;
  try {
    sources = await buildSourceIndex(deps.vault);
  } catch (error) {
    return { input: describeInput(input), status: 'failed', error: `could not read the vault: ${error instanceof Error ? error.message : String(error)}` };
  }
  return clipWithIndex(input, deps, { ...options, folder: safeFolder(options.folder) }, sources, signal);
}
