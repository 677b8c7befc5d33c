import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback test server and the address it listens on. */
export interface TestServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** What a route is asked: the method, the URL with its query, the headers and the body as text. */
export interface RouteRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type Route = (
  respond: { status: (code: number, headers?: Record<string, string>) => void; end: (body?: string | Uint8Array) => void; write: (chunk: string | Uint8Array) => boolean; destroyed: () => boolean },
  request: RouteRequest,
) => void | Promise<void>;

/** Pages every test server serves besides the routes a test adds. */
function builtInRoutes(pages: Record<string, string>): Record<string, Route> {
  const html = (body: string, type = 'text/html; charset=utf-8'): Route => (r) => {
    r.status(200, { 'content-type': type });
    r.end(body);
  };
  const routes: Record<string, Route> = {
    '/redirect': (r) => {
      r.status(302, { location: '/article' });
      r.end();
    },
    '/redirect-twice': (r) => {
      r.status(301, { location: '/redirect' });
      r.end();
    },
    '/missing': (r) => {
      r.status(404, { 'content-type': 'text/html' });
      r.end('<h1>Not here</h1>');
    },
    // Headers at once, body never: only a timeout ends it.
    '/slow': (r) => {
      r.status(200, { 'content-type': 'text/html' });
      r.write('<html><body><p>Starting');
    },
    '/paper.pdf': (r) => {
      r.status(200, { 'content-type': 'application/pdf' });
      r.end('%PDF-1.4\n%âãÏÓ\n');
    },
    // 50 MB streamed in 1 MB chunks with no Content-Length, so only the streaming cap can stop it.
    '/huge': async (r) => {
      r.status(200, { 'content-type': 'text/html' });
      const chunk = new TextEncoder().encode('<p>' + 'x'.repeat(1024 * 1024 - 7) + '</p>\n');
      for (let i = 0; i < 50 && !r.destroyed(); i++) {
        if (!r.write(chunk)) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      r.end();
    },
  };
  for (const [path, body] of Object.entries(pages)) routes[path] = path.endsWith('.bin') ? html(body, 'application/octet-stream') : html(body);
  return routes;
}

/**
 * Starts an HTTP server on 127.0.0.1 with an ephemeral port. It serves `pages` (path → HTML),
 * `routes` (path → handler), and fixed routes: `/redirect` (→ `/article`), `/redirect-twice`,
 * `/missing` (404), `/slow` (never finishes), `/paper.pdf`, `/huge` (50 MB, no length).
 */
export async function startTestServer(pages: Record<string, string> = {}, routes: Record<string, Route> = {}): Promise<TestServer> {
  const table = { ...builtInRoutes(pages), ...routes };
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(req.url ?? '/');
    const route = table[path];
    const respond = {
      status: (code: number, headers: Record<string, string> = {}) => res.writeHead(code, headers),
      end: (body?: string | Uint8Array) => res.end(body),
      write: (chunk: string | Uint8Array) => res.write(chunk),
      destroyed: () => res.destroyed,
    };
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      void Promise.resolve(route(respond, request)).catch(() => res.destroy());
    });
  });
  // Longer than any pause in a test between two requests: a keep-alive connection the server has
  // just closed makes the client's next request fail with ECONNRESET, which is not what is tested.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
