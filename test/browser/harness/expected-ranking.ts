/**
 * The answers the plugin should show, computed in Node from the same notes with the same core
 * (KindredIndex + rankRelated/searchNotes) and the same fake embedder: the browser tests compare
 * what the pane and the modal display against these, not against hand-written lists.
 */
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { tokenize } from '../../../src/core/index/tokenize';
import { queryVector } from '../../../src/core/rank/query-vector';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { searchNotes, type SearchMode } from '../../../src/core/rank/search-notes';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';

export async function expectedRanking(notes: Record<string, string>, settings = { k: 20, minScore: 0.3 }) {
  const vault = new MemoryVault(notes);
  const embedder = new FakeEmbedder(64);
  const clock = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => { const id = setTimeout(fn, ms); return () => clearTimeout(id); } };
  const index = await KindredIndex.open({ vault, store: new MemoryBlobStore(), embedder, clock }, { configDir: '.obsidian', maxTokens: 360 });
  await index.sync();
  return {
    async related(path: string) {
      const source = await sourceFromIndexedNote(index, path, (p) => vault.read(p));
      if (!source) throw new Error(`${path} is not indexed`);
      return rankRelated(index, source, { k: settings.k, minScore: settings.minScore, tokenize, strategy: 'fused' });
    },
    /** The pane's first list: the vectors alone. */
    async relatedByVectors(path: string) {
      const source = await sourceFromIndexedNote(index, path, (p) => vault.read(p));
      if (!source) throw new Error(`${path} is not indexed`);
      return rankRelated(index, source, { k: settings.k, minScore: settings.minScore, tokenize, strategy: 'vector' });
    },
    search(text: string, mode: SearchMode, k = settings.k) {
      return searchNotes(index, { text, mode, k }, { tokenize, embedQuery: (q) => queryVector((texts) => embedder.embed(texts), q) });
    },
    close: () => index.close(),
  };
}
