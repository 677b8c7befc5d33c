import { normalizePath, Platform, type DataAdapter } from 'obsidian';
import type { BlobStore, Clock, Embedder, Fetcher } from '../core/ports';
import type { BackendPreference } from '../embed/choose-backend';
import { blobStoreModelSource, downloadModel, MODEL_STORE_FOLDER } from '../embed/download-model';
import { createBrowserEmbedder } from '../embed/browser/create-browser-embedder';
import { embeddingWorkerCount } from '../embed/embedder-pool';
import { USE_LITE_FILES } from '../embed/model-files';
import type { ModelFileSource } from '../embed/verify-model';
import type { ModelProvider } from './kindred-engine';

export interface PluginModelOptions {
  store: BlobStore;
  adapter: DataAdapter;
  fetcher: Fetcher;
  clock: Clock;
  /** The settings, read at each use: the user may change the folder or backend. */
  settings: () => { modelDir: string; backend: BackendPreference };
}

/**
 * The USE-lite model inside Obsidian: downloaded once, on request, into the plugin's folder
 * (or read from a vault folder the user names), verified against the pinned hashes, and run
 * in Web Workers: one per core but one, as memory allows, one on a phone (`embeddingWorkerCount`).
 */
export class PluginModelProvider implements ModelProvider {
  constructor(private readonly o: PluginModelOptions) {}

  /** Where the files are looked for, in words for the settings tab. */
  get location(): string {
    return this.source().location;
  }

  async isDownloaded(): Promise<boolean> {
    const dir = this.o.settings().modelDir;
    if (dir) return (await Promise.all(USE_LITE_FILES.map((f) => this.o.adapter.exists(normalizePath(`${dir}/${f.name}`))))).every(Boolean);
    const present = new Set(await this.o.store.list(MODEL_STORE_FOLDER));
    return USE_LITE_FILES.every((f) => present.has(`${MODEL_STORE_FOLDER}/${f.name}`));
  }

  async download(onProgress: (fraction: number) => void, signal?: AbortSignal): Promise<void> {
    await downloadModel({
      fetcher: this.o.fetcher,
      store: this.o.store,
      clock: this.o.clock,
      signal,
      onProgress: (p) => onProgress(p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 0),
    });
  }

  load(): Promise<Embedder> {
    const workers = embeddingWorkerCount({
      cores: navigator.hardwareConcurrency,
      // Chromium's (and so Electron's) estimate of the device's memory in GB; absent elsewhere.
      deviceMemoryGB: (navigator as Navigator & { deviceMemory?: number }).deviceMemory,
      mobile: Platform.isMobile,
    });
    return createBrowserEmbedder({ source: this.source(), backend: this.o.settings().backend, workers });
  }

  private source(): ModelFileSource {
    const dir = this.o.settings().modelDir;
    if (!dir) return blobStoreModelSource(this.o.store);
    const adapter = this.o.adapter;
    return {
      location: `the vault folder ${dir}`,
      read: async (name) => {
        const p = normalizePath(`${dir}/${name}`);
        return (await adapter.exists(p)) ? new Uint8Array(await adapter.readBinary(p)) : null;
      },
    };
  }
}
