import type { Embedder } from '../core/ports';
import { KindredIndex, type IndexOptions } from '../core/index/kindred-index';
import { NodeBlobStore } from './node-blob-store';
import { nodeClock } from './node-clock';
import { NodeVault } from './node-vault';
import type { VaultLocation } from './vault-request';

export interface OpenedIndex {
  index: KindredIndex;
  vault: NodeVault;
  store: NodeBlobStore;
}

/**
 * Opens the index of a located vault the way the plugin does (in `<configDir>/plugins/kindred`),
 * so a vault indexed from a terminal opens in Obsidian with its index ready and the other way
 * round. Writes nothing until the index is synced.
 */
export async function openIndex(location: VaultLocation, embedder: Embedder | null, options: Partial<IndexOptions> = {}): Promise<OpenedIndex> {
  const vault = new NodeVault(location.root);
  const store = new NodeBlobStore(location.pluginDir);
  const index = await KindredIndex.open(
    { vault, store, embedder, clock: nodeClock },
    { configDir: location.configDir, ...options },
  );
  // A command answers in one go, with passages: it waits for the passage vectors (the plugin does not).
  await index.whenVectorsReady();
  return { index, vault, store };
}
