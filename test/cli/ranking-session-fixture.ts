import type { OpenSession, RankingSession, SessionRequest } from '../../src/cli/commands/ranking-session';
import { noteVector } from '../../src/core/index/note-matrix';
import { FakeEmbedder } from '../helpers/fake-embedder';
import { simpleTokenize } from '../helpers/memory-index-reader';
import { topicReader } from '../core/rank/fixtures';

/**
 * Opens a session over the small topic vault, recording what the command asked for. With
 * `withoutModel` it behaves like a machine where the model files are missing.
 */
export function topicSessions(options: { withoutModel?: boolean } = {}) {
  const requests: SessionRequest[] = [];
  let closed = 0;
  const open: OpenSession = async (request) => {
    requests.push(request);
    const reader = await topicReader();
    const embedder = new FakeEmbedder(256);
    const session: RankingSession = {
      reader,
      tokenize: simpleTokenize,
      readText: (p) => reader.text(p),
      close: () => {
        closed++;
        return Promise.resolve();
      },
    };
    if (options.withoutModel) {
      session.modelProblem = 'model.json is missing in /nowhere';
    } else {
      session.embedQuery = (text) => Promise.resolve(embedder.vectorOf(text));
      session.embedSource = (text) => {
        const vector = embedder.vectorOf(text);
        return Promise.resolve({ text, vector: noteVector([vector]), chunks: [{ headingPath: [], vector, text }], links: [] });
      };
    }
    return session;
  };
  return { open, requests, closed: () => closed };
}
