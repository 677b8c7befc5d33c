import { FetchError, type FetchRequest, type FetchResponse, type Fetcher } from '../core/ports';
import { describeNetworkFailure } from '../core/clip/network-failure';

/**
 * What Node's fetch says went wrong: the code of its cause (`ECONNREFUSED`, `ERR_SSL_…`), of
 * the first of several causes (one per address tried), or the cause's message (`bad port`).
 */
export function failureCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } } | undefined)?.cause;
  const code = cause?.code ?? cause?.errors?.find((e) => e.code)?.code ?? cause?.message;
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  return error instanceof Error ? error.message : String(error);
}

/**
 * The Fetcher port over Node's `fetch`: redirects followed (the final URL is reported), the
 * body read as a stream and abandoned as soon as it passes `maxBytes`, the whole request
 * abandoned after `timeoutMs`. Failures are FetchErrors in plain words ("nothing is listening
 * at 127.0.0.1:59999"), never a bare error code.
 */
export class NodeFetcher implements Fetcher {
  constructor(private readonly userAgent = 'Mozilla/5.0 (compatible; Kindred clipper)') {}

  async fetch(request: FetchRequest): Promise<FetchResponse> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw new FetchError('invalid-url', request.url, `not a valid web address: ${request.url}`);
    }
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), request.timeoutMs);
    const onAbort = (): void => timeout.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const failure = (error: unknown): FetchError => {
      if (request.signal?.aborted) return new FetchError('aborted', request.url, 'cancelled');
      if (timeout.signal.aborted) return new FetchError('timeout', request.url, `timed out after ${Math.round(request.timeoutMs / 1000)} s`);
      const failure = describeNetworkFailure(failureCode(error), request.url);
      return new FetchError(failure.kind, request.url, failure.message);
    };
    try {
      let response: Response;
      try {
        // Node's own fetch: the CLI runs outside Obsidian, where requestUrl does not exist.
        response = await globalThis.fetch(url, {
          redirect: 'follow',
          signal: timeout.signal,
          method: request.method ?? 'GET',
          body: request.body,
          headers: { 'user-agent': this.userAgent, ...request.headers },
        });
      } catch (error) {
        throw failure(error);
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > request.maxBytes) {
        await response.body?.cancel().catch(() => undefined);
        throw new FetchError('too-large', response.url || request.url, `larger than ${request.maxBytes} bytes`);
      }
      const chunks: Uint8Array[] = [];
      let size = 0;
      if (response.body) {
        const reader = response.body.getReader();
        try {
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            size += value.length;
            if (size > request.maxBytes) {
              await reader.cancel().catch(() => undefined);
              throw new FetchError('too-large', response.url || request.url, `larger than ${request.maxBytes} bytes`);
            }
            chunks.push(value);
          }
        } catch (error) {
          throw error instanceof FetchError ? error : failure(error);
        }
      }
      const body = new Uint8Array(size);
      let offset = 0;
      for (const chunk of chunks) {
        body.set(chunk, offset);
        offset += chunk.length;
      }
      const headers: Record<string, string> = {};
      response.headers.forEach((value, key) => (headers[key.toLowerCase()] = value));
      return { url: response.url || request.url, status: response.status, statusText: response.statusText, headers, body };
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  }
}
