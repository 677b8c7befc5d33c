import { tokenize } from '../../core/index/tokenize';
import type { Embedder } from '../../core/ports';
import { sourceFromEmbeddedText, type RelatedSource } from '../../core/rank/rank-related';
import { createNodeEmbedder } from '../../embed/node/create-node-embedder';
import { openVaultIndex } from '../open-vault-index';
import type { RankingSession, SessionRequest } from './ranking-session';

/**
 * Opens the vault's index (the plugin's own, brought up to date with the notes on disk) and,
 * when asked, the real USE model. Without the model, `embedQuery` and `embedSource` are
 * absent and `modelProblem` says why: there is never a stand-in embedder in a shipped command.
 */
export async function openRankingSession(request: SessionRequest): Promise<RankingSession> {
  let embedder: Embedder | null = null;
  let modelProblem: string | undefined;
  if (request.withModel) {
    try {
      embedder = await createNodeEmbedder({
        modelDir: request.modelDir,
        onProgress: (p) => request.progress(`model: ${p.phase} (${p.location})`),
      });
    } catch (error) {
      modelProblem = error instanceof Error ? error.message : String(error);
    }
  }
  let opened;
  try {
    opened = await openVaultIndex({ vault: request.vault, cwd: request.cwd, embedder });
  } catch (error) {
    await embedder?.dispose();
    throw error;
  }
  const { index, vault } = opened;
  try {
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
  } catch (error) {
    await index.close();
    await embedder?.dispose();
    throw error;
  }

  const session: RankingSession = {
    reader: index,
    tokenize,
    readText: (path) => vault.read(path),
    modelProblem,
    close: async () => {
      await index.close();
      await embedder?.dispose();
    },
  };
  if (embedder) {
    const model = embedder;
    session.embedQuery = async (text) => (await model.embed([text]))[0];
    session.embedSource = async (text, title): Promise<RelatedSource> => sourceFromEmbeddedText(text, await index.embedText(text, title));
  }
  return session;
}
