import { FetchError, type FetchRequest, type FetchResponse, type Fetcher } from '../../../src/core/ports';

type Reply = Partial<Omit<FetchResponse, 'body'>> & { body?: string | Uint8Array } | FetchError;

/** A Fetcher answering from a table of URLs, recording every request (URL and order). */
export class FakeFetcher implements Fetcher {
  readonly requests: string[] = [];
  constructor(private readonly replies: Record<string, Reply | ((request: FetchRequest) => Promise<Reply>)>) {}

  async fetch(request: FetchRequest): Promise<FetchResponse> {
    this.requests.push(request.url);
    const entry = this.replies[request.url];
    const reply = typeof entry === 'function' ? await entry(request) : entry;
    if (!reply) return { url: request.url, status: 404, statusText: 'Not Found', headers: { 'content-type': 'text/html' }, body: new Uint8Array() };
    if (reply instanceof FetchError) throw reply;
    const body = typeof reply.body === 'string' ? new TextEncoder().encode(reply.body) : reply.body ?? new Uint8Array();
    return {
      url: reply.url ?? request.url,
      status: reply.status ?? 200,
      statusText: reply.statusText ?? 'OK',
      headers: reply.headers ?? { 'content-type': 'text/html; charset=utf-8' },
      body,
    };
  }
}

/** A small article page, long enough for Defuddle to accept as content. */
export function articlePage(title: string, extra = '', head = ''): string {
  const paragraph = `<p>${title} is discussed here at length, with enough words that any extractor sees a real article body and keeps it whole for the reader.</p>`;
  return `<!DOCTYPE html><html><head><title>${title}</title>${head}</head><body><article><h1>${title}</h1>${paragraph.repeat(4)}${extra}</article></body></html>`;
}
