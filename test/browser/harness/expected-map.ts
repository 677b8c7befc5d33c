/**
 * The maps the plugin should draw, computed in Node from the same notes with the same core
 * (KindredIndex, rankRelated, buildMap, the seeded layout) and the same fake embedder: the
 * browser tests hold the drawn map (its nodes, its dashed and solid lines, the exact position
 * of every note) against these, which is also what `kindred map` computes.
 */
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { tokenize } from '../../../src/core/index/tokenize';
import { buildMap } from '../../../src/core/map/build-map';
import { layoutMap } from '../../../src/core/map/map-layout';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { backlinkCounts } from '../../../src/cli/commands/map';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';

export async function expectedMaps(notes: Record<string, string>) {
  const vault = new MemoryVault(notes);
  const clock = { now: () => Date.now(), setTimeout: (fn: () => void, ms: number) => { const id = setTimeout(fn, ms); return () => clearTimeout(id); } };
  const index = await KindredIndex.open({ vault, store: new MemoryBlobStore(), embedder: new FakeEmbedder(64), clock }, { configDir: '.obsidian', maxTokens: 360 });
  await index.sync();
  const backlinks = backlinkCounts(index);
  // The shim's files, like Obsidian's, report their size in bytes; creation times differ between
  // the page and Node, so the tests give every note a published date instead.
  const facts = (path: string) => (notes[path] === undefined ? null : { bytes: Buffer.byteLength(notes[path]), created: null, backlinks: backlinks.get(path) ?? 0 });
  return {
    async map(path: string, options: { k: number; minScore: number; threshold: number; time?: boolean }) {
      const source = await sourceFromIndexedNote(index, path, (p) => vault.read(p));
      if (!source) throw new Error(`${path} is not indexed`);
      const answer = await rankRelated(index, source, { k: options.k, minScore: options.minScore, tokenize, strategy: 'fused' });
      const map = await buildMap({ reader: index, tokenize, readText: (p) => vault.read(p), facts }, path, answer, { threshold: options.threshold });
      return { map, layout: layoutMap(map, { time: options.time }) };
    },
    links: (path: string) => index.getNote(path)?.links ?? [],
    close: () => index.close(),
  };
}
