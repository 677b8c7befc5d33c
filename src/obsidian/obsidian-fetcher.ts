import { requestUrl } from 'obsidian';
import { FetchError, type FetchRequest, type FetchResponse, type Fetcher } from '../core/ports';
import { describeNetworkFailure } from '../core/clip/network-failure';

/**
 * The core's `Fetcher` over Obsidian's `requestUrl`, which is not bound by CORS and works on
 * mobile. `requestUrl` itself has no timeout, abort or size limit, so this adds them: the
 * promise is abandoned on timeout or abort, and an oversized body is refused before it is used.
 */
export class ObsidianFetcher implements Fetcher {
  async fetch(request: FetchRequest): Promise<FetchResponse> {
    const { url, timeoutMs, maxBytes, signal } = request;
    try {
      new URL(url);
    } catch {
      throw new FetchError('invalid-url', url, `not a valid web address: ${url}`);
    }
    if (signal?.aborted) throw new FetchError('aborted', url, 'cancelled');
    let cancelTimer = () => {};
    let removeAbort = () => {};
    const guard = new Promise<never>((_, reject) => {
      const id = window.setTimeout(
        () => reject(new FetchError('timeout', url, `timed out after ${Math.round(timeoutMs / 1000)} s`)),
        timeoutMs,
      );
      cancelTimer = () => window.clearTimeout(id);
      const onAbort = () => reject(new FetchError('aborted', url, 'cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      removeAbort = () => signal?.removeEventListener('abort', onAbort);
    });
    try {
      const response = await Promise.race([
        requestUrl({ url, method: request.method ?? 'GET', body: request.body, headers: request.headers, throw: false }),
        guard,
      ]);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(response.headers ?? {})) headers[k.toLowerCase()] = String(v);
      const declared = Number(headers['content-length'] ?? NaN);
      if (declared > maxBytes) throw tooLarge(url, maxBytes);
      const body = new Uint8Array(response.arrayBuffer);
      if (body.byteLength > maxBytes) throw tooLarge(url, maxBytes);
      return {
        // requestUrl follows redirects but does not report where it ended; the request URL is the best we know.
        url,
        status: response.status,
        statusText: statusText(response.status),
        headers,
        body,
      };
    } catch (e) {
      if (e instanceof FetchError) throw e;
      // On the desktop requestUrl rejects with Chromium's net error (`net::ERR_CONNECTION_REFUSED`).
      const failure = describeNetworkFailure(e instanceof Error ? e.message : String(e), url);
      throw new FetchError(failure.kind, url, failure.message);
    } finally {
      cancelTimer();
      removeAbort();
    }
  }
}

function tooLarge(url: string, maxBytes: number): FetchError {
  return new FetchError('too-large', url, `the page is larger than ${Math.round(maxBytes / 1048576)} MB`);
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 410: 'Gone',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** requestUrl gives no status text; the core's messages ("404 Not Found from …") want one. */
function statusText(status: number): string {
  return STATUS_TEXT[status] ?? '';
}
