import { FetchError, type FetchResponse } from '../ports';
import { ImportProblem } from './import-problem';
import type { SourceContext } from './types';

/** Limits for one API answer: a page of 50 posts with their bodies stays well under this. */
export const API_LIMITS = { timeoutMs: 30_000, maxBytes: 32 * 1024 * 1024 } as const;

/** How long to wait before the one retry of a server error (a passing 500 should not end an import). */
export const SERVER_ERROR_RETRY_MS = 5_000;

export interface JsonRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: unknown;
}

/**
 * Fetches JSON from an API the user's import reads: a server error is retried once after
 * SERVER_ERROR_RETRY_MS, and every failure becomes an ImportProblem naming the URL in plain
 * words (`unreachable`, `not-found`, `server-error`, `bad-response`).
 */
export async function requestJson(context: SourceContext, request: JsonRequest): Promise<unknown> {
  let response: FetchResponse;
  try {
    response = await send(context, request);
  } catch (error) {
    // A dropped connection (a keep-alive the server had just closed, a network blip) is tried once more.
    if (!(error instanceof DroppedConnection)) throw error;
    await pause(context, SERVER_ERROR_RETRY_MS);
    response = await send(context, request).catch((again: unknown) => {
      throw again instanceof DroppedConnection ? again.problem : again;
    });
  }
  if (response.status >= 500) {
    await pause(context, SERVER_ERROR_RETRY_MS);
    response = await send(context, request);
  }
  const status = `${response.status} ${response.statusText}`.trim();
  if (response.status === 404) throw new ImportProblem('not-found', `nothing at ${request.url} (${status})`);
  if (response.status < 200 || response.status > 299) throw new ImportProblem('server-error', `${status} from ${request.url}`);
  const text = new TextDecoder().decode(response.body);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ImportProblem('bad-response', `${request.url} did not answer in JSON (${text.length ? `it began "${text.slice(0, 40).replace(/\s+/g, ' ')}"` : 'the answer was empty'})`);
  }
}

async function send(context: SourceContext, request: JsonRequest): Promise<FetchResponse> {
  try {
    return await context.fetcher.fetch({
      url: request.url,
      method: request.method ?? 'GET',
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      headers: { accept: 'application/json', ...(request.body === undefined ? {} : { 'content-type': 'application/json' }) },
      timeoutMs: API_LIMITS.timeoutMs,
      maxBytes: API_LIMITS.maxBytes,
      signal: context.signal,
    });
  } catch (error) {
    if (error instanceof ImportProblem) throw error;
    if (error instanceof FetchError) {
      if (error.kind === 'aborted') throw new ImportProblem('unreachable', 'cancelled');
      const why = error.kind === 'timeout' ? 'did not answer in time' : error.kind === 'too-large' ? 'sent an answer too large to read' : `could not be reached (${error.message})`;
      const problem = new ImportProblem('unreachable', `${request.url} ${why}`);
      throw error.kind === 'network' ? new DroppedConnection(problem) : problem;
    }
    throw new ImportProblem('unreachable', `${request.url} could not be reached (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** A network failure worth one more try; carries the problem to report if the retry fails too. */
class DroppedConnection extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.message);
  }
}

function pause(context: SourceContext, ms: number): Promise<void> {
  return new Promise((resolve) => context.clock.setTimeout(resolve, ms));
}

/** A GraphQL answer's `data`, or an ImportProblem with the server's own error messages. */
export async function requestGraphql(context: SourceContext, endpoint: string, query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> {
  const answer = await requestJson(context, { url: endpoint, method: 'POST', body: { query, variables } });
  const record = isRecord(answer) ? answer : {};
  const errors = Array.isArray(record.errors) ? record.errors : [];
  if (errors.length) {
    const messages = errors.map((e) => (isRecord(e) && typeof e.message === 'string' ? e.message : 'unknown error')).join('; ');
    throw new ImportProblem('bad-response', `${endpoint} answered with an error: ${messages}`);
  }
  if (!isRecord(record.data)) throw new ImportProblem('bad-response', `${endpoint} answered without data`);
  return record.data;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field, or '' when absent or of another type (APIs change; a note should not break). */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
