import { FetchError, type Fetcher } from '../ports';
import { ClipError } from './clip-error';
import { decodeHtml } from './decode-html';
import { CLIP_LIMITS } from './types';

/** A fetched page: its text and the URL it ended up at after redirects. */
export interface FetchedPage {
  url: string;
  html: string;
}

const HTML_TYPES = /^(text\/html|application\/xhtml\+xml)$/i;

/** The message a person sees for a failed fetch. */
export function describeFetchError(error: FetchError): string {
  switch (error.kind) {
    case 'timeout':
      return `timed out after ${Math.round(CLIP_LIMITS.timeoutMs / 1000)} s: ${error.url}`;
    case 'too-large':
      return `the page is larger than ${CLIP_LIMITS.maxBytes / (1024 * 1024)} MB: ${error.url}`;
    case 'aborted':
      return 'cancelled';
    // The fetchers word an invalid address whole ("not a valid web address: …", with why).
    case 'invalid-url':
      return error.message.startsWith('not a valid web address') ? error.message : `not a valid web address: ${error.url}`;
    default:
      return `could not reach ${error.url}: ${error.message}`;
  }
}

/** Checks that a string is an http(s) URL and returns it parsed; throws a ClipError otherwise. */
export function requireWebUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ClipError(`not a valid web address: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClipError(`only http and https pages can be clipped: ${text}`);
  return url;
}

/**
 * Fetches a page the user asked for: 30 s timeout, 10 MB cap, redirects followed (the final
 * URL is kept), only HTML accepted, the declared charset honoured. Every failure is a
 * ClipError with a message such as `404 Not Found from https://…` or `not an HTML page (application/pdf)`.
 */
export async function fetchPage(text: string, fetcher: Fetcher, signal?: AbortSignal): Promise<FetchedPage> {
  const url = requireWebUrl(text);
  let response;
  try {
    response = await fetcher.fetch({
      url: url.href,
      timeoutMs: CLIP_LIMITS.timeoutMs,
      maxBytes: CLIP_LIMITS.maxBytes,
      headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.1' },
      signal,
    });
  } catch (error) {
    if (error instanceof FetchError) throw new ClipError(describeFetchError(error));
    throw new ClipError(`could not reach ${url.href}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (response.status < 200 || response.status > 299) {
    throw new ClipError(`${response.status} ${response.statusText || 'error'} from ${response.url || url.href}`.replace(/\s+/g, ' '));
  }
  const contentType = response.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0].trim();
  if (mediaType && !HTML_TYPES.test(mediaType)) throw new ClipError(`not an HTML page (${mediaType}): ${response.url || url.href}`);
  if (response.body.length > CLIP_LIMITS.maxBytes) throw new ClipError(`the page is larger than 10 MB: ${response.url || url.href}`);
  return { url: response.url || url.href, html: decodeHtml(response.body, contentType) };
}
