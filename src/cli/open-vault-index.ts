import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Embedder } from '../core/ports';
import { KindredIndex, type IndexOptions } from '../core/index/kindred-index';
import { NodeBlobStore } from './node-blob-store';
import { nodeClock } from './node-clock';
import { NodeVault } from './node-vault';

export interface VaultIndexRequest {
  /** The vault folder (relative to `cwd`). */
  vault: string;
  cwd: string;
  /** Obsidian's config folder inside the vault; `.obsidian` unless the vault uses another. */
  configDir?: string;
  embedder: Embedder | null;
  options?: Partial<IndexOptions>;
}

export interface OpenedVaultIndex {
  index: KindredIndex;
  vault: NodeVault;
  /** Absolute path of `<vault>/<configDir>/plugins/kindred`, where the index files live under `index/`. */
  pluginDir: string;
}

/**
 * Opens the index of a vault folder the way the plugin does, so a vault indexed from a
 * terminal opens in Obsidian with its index ready and the other way round. Rejects with a
 * plain message when the folder is not there; writes nothing until the index is synced.
 */
export async function openVaultIndex(request: VaultIndexRequest): Promise<OpenedVaultIndex> {
  const root = resolve(request.cwd, request.vault);
  const info = await fs.stat(root).catch(() => null);
  if (!info) throw new Error(`no vault folder at ${root}`);
  if (!info.isDirectory()) throw new Error(`${root} is a file, not a vault folder`);
  const configDir = (request.configDir ?? '.obsidian').replace(/^\/+|\/+$/g, '');
  if (configDir === '' || configDir.split('/').includes('..')) throw new Error(`bad config folder name: ${request.configDir}`);
  const pluginDir = join(root, ...configDir.split('/'), 'plugins', 'kindred');
  const vault = new NodeVault(root);
  const index = await KindredIndex.open(
    { vault, store: new NodeBlobStore(pluginDir), embedder: request.embedder, clock: nodeClock },
    { configDir, ...request.options },
  );
  return { index, vault, pluginDir };
}
