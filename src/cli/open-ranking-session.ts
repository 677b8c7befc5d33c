import { tokenize } from '../core/index/tokenize';
import { describeTimeLeft } from '../core/index/time-left';
import { StorageError, type Embedder } from '../core/ports';
import { describeHolder, INDEX_LOCK, LockBusyError, type HeldLock } from '../core/vault-lock';
import { takeWriterLock } from './writer-lock';
import { queryVector } from '../core/rank/query-vector';
import { sourceFromEmbeddedText, type RelatedSource } from '../core/rank/rank-related';
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
  let lock: HeldLock | null = null;
  const notices: string[] = [];

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
    // Only one writer at a time: while another holds the index, answer from it as last saved.
    // A read-only index folder has no writer: the index is brought up to date in memory only.
    let readOnly = false;
    try {
      lock = await takeWriterLock(location, { name: INDEX_LOCK, holder: `kindred ${request.command}`, waitSeconds: 0 });
    } catch (error) {
      readOnly = error instanceof StorageError && error.kind === 'read-only';
      if (!readOnly && !(error instanceof LockBusyError)) throw error;
      if (error instanceof LockBusyError) notices.push(`${describeHolder(error.holder)} is writing this vault's index: answering from the index as it was last saved, without bringing it up to date`);
    }
    if (lock || readOnly) await syncWithProgress();
    await index.whenKeywordReady();
    if (embedder) {
      const loaded = embedder;
      model.embedQuery = (text) => queryVector((texts) => loaded.embed(texts), text);
      model.embedSource = async (text): Promise<RelatedSource> => sourceFromEmbeddedText(text, await index.embedText(text));
    }
    return model;
  };

  async function syncWithProgress(): Promise<void> {
    request.progress('index: bringing it up to date with the vault…');
    // A first run embeds every note (minutes on a large vault): say how far it is, now and then.
    let lastShown = 0;
    const unsubscribe = index.onProgress((p) => {
      const now = Date.now();
      if (p.phase !== 'indexing' || (now - lastShown < 5000 && p.done !== p.total)) return;
      lastShown = now;
      const left = p.secondsLeft === null ? '' : `, ${describeTimeLeft(p.secondsLeft)} left`;
      request.progress(`index: ${p.done}/${p.total} notes${left}`);
    });
    try {
      await index.sync();
    } finally {
      unsubscribe();
    }
  }

  return {
    reader: index,
    tokenize,
    readText: (path) => vault.read(path),
    listNotes: async () => (await vault.listMarkdown()).map((f) => ({ path: f.path, title: index.getNote(f.path)?.title })),
    prepare,
    warnings: () => [...index.warnings, ...notices],
    close: async () => {
      await index.close();
      await embedder?.dispose();
      await lock?.release();
    },
  };
}
