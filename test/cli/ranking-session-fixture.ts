import type { NoteName, OpenSession, RankingSession, SessionModel, SessionRequest } from '../../src/cli/ranking-session';
import { noteVector } from '../../src/core/index/note-matrix';
import { FakeEmbedder } from '../helpers/fake-embedder';
import { simpleTokenize } from '../helpers/memory-index-reader';
import { topicReader } from '../core/rank/fixtures';

/**
 * Opens a session over the small topic vault, recording what the command asked for and in what
 * order (`events`: open, prepare, close). With `withoutModel` it behaves like a machine where
 * the model files are missing; `warnings` are what opening the index found; `moreNotes` are on
 * disk besides the indexed ones.
 */
export function topicSessions(options: { withoutModel?: boolean; warnings?: string[]; moreNotes?: NoteName[] } = {}) {
  const requests: SessionRequest[] = [];
  const events: string[] = [];
  let closed = 0;
  const open: OpenSession = async (request) => {
    requests.push(request);
    events.push('open');
    const reader = await topicReader();
    const embedder = new FakeEmbedder(256);
    const session: RankingSession = {
      reader,
      tokenize: simpleTokenize,
      readText: (p) => reader.text(p),
      listNotes: () => Promise.resolve([...[...reader.allNotes()].map((n) => ({ path: n.path, title: n.title })), ...(options.moreNotes ?? [])]),
      prepare: () => {
        events.push('prepare');
        const model: SessionModel = {};
        if (options.withoutModel) {
          model.modelProblem = 'model.json is missing in /nowhere';
        } else {
          model.embedQuery = (text) => Promise.resolve(embedder.vectorOf(text));
          model.embedSource = (text) => {
            const vector = embedder.vectorOf(text);
            return Promise.resolve({ text, vector: noteVector([vector]), chunks: [{ headingPath: [], vector, text }], links: [] });
          };
        }
        return Promise.resolve(model);
      },
      warnings: () => [...(options.warnings ?? [])],
      close: () => {
        closed++;
        events.push('close');
        return Promise.resolve();
      },
    };
    return session;
  };
  return { open, requests, events, closed: () => closed };
}
