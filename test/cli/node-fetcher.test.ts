import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server } from 'node:net';
import { NodeFetcher } from '../../src/cli/node-fetcher';
import { describeNetworkFailure } from '../../src/core/clip/network-failure';
import { describeFetchError } from '../../src/core/clip/fetch-page';
import { FetchError } from '../../src/core/ports';

// Every failure Node's fetch can be made to give on this machine's loopback, and the words the
// person sees for it: never a bare ECONNREFUSED or "bad port".

const fetcher = new NodeFetcher();

// A self-signed certificate for 127.0.0.1, made once for this test (openssl req -x509, EC P-256,
// 100 years): a test key, not a secret.
const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgtBzfAd1OxfN3JQPS
9e9C8UlhIvz83LFO6JblGIfjbG2hRANCAAQ/yktl0w22fWV+cePj6wi1EHvhDCSf
VtNJRBmep3H8+TNchmiIDwg8pGwyRO8MvethzM/jTRkCJQXvA53hz69R
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBkTCCATagAwIBAgIUd71q1MoffuoyeqSjd5aJ0GG6olgwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTIwMTIwNDIyN1oYDzIxMjYxMTA3
MjA0MjI3WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQ/yktl0w22fWV+cePj6wi1EHvhDCSfVtNJRBmep3H8+TNchmiIDwg8
pGwyRO8MvethzM/jTRkCJQXvA53hz69Ro2QwYjAdBgNVHQ4EFgQUVpPLe9m/1vBc
I6dyT4PJJaGXNFswHwYDVR0jBBgwFoAUVpPLe9m/1vBcI6dyT4PJJaGXNFswDwYD
VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0kAMEYC
IQCHCZ+DlGGmjPmBX+QOyYRrllryQh+3SXMraAkiKGH2wgIhAKPaSCNL99V1aORT
1eI1S2Hv3so/B8AJ9sUVvqxcisbx
-----END CERTIFICATE-----`;

async function listen<T extends Server>(server: T): Promise<{ server: T; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function failure(url: string): Promise<FetchError> {
  try {
    await fetcher.fetch({ url, timeoutMs: 5000, maxBytes: 1000 });
  } catch (error) {
    assert.ok(error instanceof FetchError, String(error));
    return error;
  }
  throw new Error(`no failure from ${url}`);
}

/** The message a clip shows, without any raw error code. */
function shown(error: FetchError): string {
  const message = describeFetchError(error);
  assert.doesNotMatch(message, /\b(E[A-Z]{4,}|ERR_[A-Z_]+|UND_ERR\w*|bad port|fetch failed)\b/, message);
  return message;
}

test('a refused connection says nothing is listening there', async () => {
  const { server, port } = await listen(createTcpServer());
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const error = await failure(`http://127.0.0.1:${port}/`);
  assert.equal(error.kind, 'network');
  assert.equal(shown(error), `could not reach http://127.0.0.1:${port}/: nothing is listening at 127.0.0.1:${port}`);
});

test('a connection reset says the server closed it without answering', async () => {
  const { server, port } = await listen(createTcpServer((socket) => socket.on('data', () => socket.resetAndDestroy())));
  try {
    const error = await failure(`http://127.0.0.1:${port}/`);
    assert.equal(shown(error), `could not reach http://127.0.0.1:${port}/: 127.0.0.1:${port} closed the connection without answering`);
  } finally {
    server.close();
  }
});

test('a port fetch refuses (6000) is not a valid web address, and nothing is sent', async () => {
  const error = await failure('http://127.0.0.1:6000/');
  assert.equal(error.kind, 'invalid-url');
  assert.equal(shown(error), 'not a valid web address: http://127.0.0.1:6000/ (port 6000 is reserved for other services, so it is never fetched)');
  assert.equal(shown(await failure('http://127.0.0.1:99999/')), 'not a valid web address: http://127.0.0.1:99999/');
});

test('HTTPS to a plain HTTP server, and to a self-signed certificate, say what is wrong with the secure connection', async () => {
  const plain = await listen(createHttpServer((_req, res) => res.end('ok')));
  const secure = await listen(createHttpsServer({ key: KEY, cert: CERT }, (_req, res) => res.end('ok')));
  try {
    assert.equal(shown(await failure(`https://127.0.0.1:${plain.port}/`)), `could not reach https://127.0.0.1:${plain.port}/: no secure connection to 127.0.0.1: it does not speak HTTPS on that port`);
    assert.equal(shown(await failure(`https://127.0.0.1:${secure.port}/`)), `could not reach https://127.0.0.1:${secure.port}/: no secure connection to 127.0.0.1: its certificate is self-signed`);
  } finally {
    plain.server.close();
    secure.server.close();
  }
});

test('a name that does not resolve says so (the failure as Node reports it; tests make no DNS queries)', async () => {
  const real = globalThis.fetch;
  const lookup = (code: string): Error => Object.assign(new Error(`getaddrinfo ${code} blog.invalid`), { code, syscall: 'getaddrinfo', hostname: 'blog.invalid' });
  try {
    for (const [code, words] of [
      ['ENOTFOUND', 'no site is known by the name blog.invalid'],
      ['EAI_AGAIN', 'the name blog.invalid could not be looked up (no network, or the name server did not answer)'],
    ]) {
      globalThis.fetch = () => Promise.reject(new TypeError('fetch failed', { cause: lookup(code) }));
      const error = await failure('https://blog.invalid/post');
      assert.equal(shown(error), `could not reach https://blog.invalid/post: ${words}`);
    }
  } finally {
    globalThis.fetch = real;
  }
});

test("Obsidian's requestUrl errors (Chromium's net errors) get the same words", () => {
  const cases: [string, string][] = [
    ['net::ERR_CONNECTION_REFUSED', 'nothing is listening at 127.0.0.1:59999'],
    ['net::ERR_NAME_NOT_RESOLVED', 'no site is known by the name 127.0.0.1'],
    ['net::ERR_CONNECTION_RESET', '127.0.0.1:59999 closed the connection without answering'],
    ['net::ERR_CERT_AUTHORITY_INVALID', 'no secure connection to 127.0.0.1: its certificate is not signed by an authority this computer trusts'],
    ['net::ERR_CERT_DATE_INVALID', 'no secure connection to 127.0.0.1: its certificate has expired'],
    ['net::ERR_INTERNET_DISCONNECTED', '127.0.0.1 cannot be reached from this network'],
    ['something new', 'the connection to 127.0.0.1:59999 failed (something new)'],
  ];
  for (const [code, words] of cases) assert.equal(describeNetworkFailure(code, 'http://127.0.0.1:59999/').message, words, code);
  assert.equal(describeNetworkFailure('net::ERR_UNSAFE_PORT', 'http://127.0.0.1:6000/').kind, 'invalid-url');
});
