import { tokenize } from '../core/index/tokenize';
import type { Embedder } from '../core/ports';
import type { RelatedSource } from '../core/rank/rank-related';
import { openIndex } from './open-index';
import type { LoadEmbedder, RankingSession, SessionModel, SessionRequest } from './ranking-session';
import { locateVault } from './vault-request';

/**
 * Opens the vault's own index (the plugin's) without the model; `prepare` then loads the real
 * USE model when asked and brings the index up to date with the notes on disk. Without the
 * model, `embedQuery` and `embedSource` are absent and `modelProblem` says why: there is never
 * a stand-in embedder in a shipped command.
 */
export async function openRankingSession(request: SessionRequest, loadEmbedder: LoadEmbedder): Promise<RankingSession> {
  const location = await locateVault(request);
  const { index, vault } = await openIndex(location, null);
  let embedder: Embedder | null = null;

  const prepare = async (): Promise<SessionModel> => {
    const model: SessionModel = {};
    if (request.withModel) {
      try {
        embedder = await loadEmbedder({
          modelDir: request.modelDir,
          onProgress: (p) => request.progress(`model: ${p.phase} (${p.location})`),
        });
        index.setEmbedder(embedder);
      } catch (error) {
        // Every command that asked for the model stops here: no point bringing the index up to date first.
        return { modelProblem: error instanceof Error ? error.message : String(error) };
      }
    }
    request.progress('index: bringing it up to date with the vault…');
    // A first run embeds every note (minutes on a large vault): say how far it is, now and then.
    let lastShown = 0;
    const unsubscribe = index.onProgress((p) => {
      const now = Date.now();
      if (p.phase !== 'indexing' || (now - lastShown < 5000 && p.done !== p.total)) return;
      lastShown = now;
      const left = p.secondsLeft === null ? '' : `, about ${Math.ceil(p.secondsLeft)} s left`;
      request.progress(`index: ${p.done}/${p.total} notes${left}`);
    });
    try {
      await index.sync();
    } finally {
      unsubscribe();
    }
    await index.whenKeywordReady();
    if (embedder) {
      const loaded = embedder;
      model.embedQuery = async (text) => (await loaded.embed([text]))[0];
      model.embedSource = async (text, title): Promise<RelatedSource> => {
        const embedded = await index.embedText(text, title);
        return {
          text,
          vector: embedded.vector,
          // Not in the index: the passage text comes from the text itself.
          chunks: embedded.chunks.map((c) => ({ headingPath: c.headingPath, vector: c.vector, text: text.slice(c.start, c.end) })),
          links: [],
        };
      };
    }
    return model;
  };

  return {
    reader: index,
    tokenize,
    readText: (path) => vault.read(path),
    listNotes: async () => (await vault.listMarkdown()).map((f) => ({ path: f.path, title: index.getNote(f.path)?.title })),
    prepare,
    warnings: () => [...index.warnings],
    close: async () => {
      await index.close();
      await embedder?.dispose();
    },
  };
}
