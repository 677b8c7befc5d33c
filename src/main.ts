import { Notice, Plugin, TFolder, normalizePath, type TAbstractFile } from 'obsidian';
import { clipMany, clipOne, type ClipDeps, type ClipOptions } from './core/clip';
import { clipInputsFromVault, isImportable } from './obsidian/clip-inputs-from-vault';
import { DomHtmlParser } from './obsidian/dom-html-parser';
import { ObsidianFetcher } from './obsidian/obsidian-fetcher';
import { ObsidianVault } from './obsidian/obsidian-vault';
import { WindowClock } from './obsidian/window-clock';
import { migrateSettings, type KindredSettings } from './settings';
import { ClipModal } from './ui/clip-modal';
import { ImportProgressModal, ImportSourceModal } from './ui/import-modal';
import { buildImportSummary } from './ui/import-summary';

/** The plugin's lifecycle and wiring, nothing else. */
export default class KindredPlugin extends Plugin {
  settings!: KindredSettings;
  private vaultPort!: ObsidianVault;

  override async onload(): Promise<void> {
    this.settings = migrateSettings(await this.loadData());
    this.vaultPort = new ObsidianVault(this.app, (ref) => this.registerEvent(ref));

    this.addCommand({ id: 'clip-web-page', name: 'Clip web page…', callback: () => this.openClipModal() });
    this.addCommand({ id: 'import-saved-pages', name: 'Import saved pages…', callback: () => this.openImport() });
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
  }

  private clipDeps(): ClipDeps {
    return { vault: this.vaultPort, fetcher: new ObsidianFetcher(), parser: new DomHtmlParser(), clock: new WindowClock() };
  }

  private clipOptions(): ClipOptions {
    const s = this.settings;
    return {
      folder: s.clipFolder,
      tags: [...s.clipTags],
      includeComments: s.includeComments,
      downloadImages: s.downloadImages,
      onDuplicate: s.onDuplicate,
    };
  }

  openClipModal(): void {
    new ClipModal(this.app, {
      defaults: this.clipOptions(),
      clip: (input, options, signal) => clipOne(input, this.clipDeps(), options, signal),
      readClipboard: () => navigator.clipboard.readText().catch(() => ''),
    }).open();
  }

  openImport(): void {
    const items: TAbstractFile[] = this.app.vault.getAllLoadedFiles().filter(isImportable);
    new ImportSourceModal(this.app, items, (item) => void this.runImport(item)).open();
  }

  private async runImport(item: TAbstractFile): Promise<void> {
    let inputs;
    try {
      inputs = await clipInputsFromVault(this.app.vault, item);
    } catch (e) {
      new Notice(`Nothing to import: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const source = item instanceof TFolder && item.isRoot() ? 'the vault' : item.path;
    new ImportProgressModal(this.app, {
      source,
      inputs,
      clipMany: (list, onProgress, signal) => clipMany(list, this.clipDeps(), this.clipOptions(), onProgress, signal),
      writeSummary: async (outcomes, cancelled) => {
        const when = new Date().toISOString();
        const text = buildImportSummary(source, when.slice(0, 19).replace('T', ' '), outcomes, cancelled);
        const base = normalizePath(`${this.settings.clipFolder}/Import ${when.slice(0, 10)} ${when.slice(11, 19).replace(/:/g, '-')}`);
        let path = `${base}.md`;
        for (let n = 2; await this.vaultPort.exists(path); n++) path = `${base} (${n}).md`;
        await this.vaultPort.create(path, text);
        return path;
      },
    }).open();
  }
}
