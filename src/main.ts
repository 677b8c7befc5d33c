import { Notice, Plugin, TFile, TFolder, normalizePath, type Editor, type TAbstractFile } from 'obsidian';
import { clipMany, clipOne, type ClipDeps, type ClipOptions } from './core/clip';
import { KindredIndex } from './core/index/kindred-index';
import { tokenize } from './core/index/tokenize';
import { USE_LITE_TOTAL_BYTES } from './embed/model-files';
import { clipInputsFromVault, isImportable } from './obsidian/clip-inputs-from-vault';
import { DomHtmlParser } from './obsidian/dom-html-parser';
import { KindredEngine } from './obsidian/kindred-engine';
import { ObsidianBlobStore } from './obsidian/obsidian-blob-store';
import { ObsidianFetcher } from './obsidian/obsidian-fetcher';
import { ObsidianVault } from './obsidian/obsidian-vault';
import { PluginModelProvider } from './obsidian/plugin-model-provider';
import { PluginWriterLocks } from './obsidian/plugin-writer-locks';
import { WindowClock } from './obsidian/window-clock';
import { migrateSettings, type KindredSettings } from './settings';
import { ClipModal, showClipOutcome } from './ui/clip-modal';
import { ImportProgressModal, ImportSourceModal } from './ui/import-modal';
import { buildImportSummary } from './ui/import-summary';
import { registerKindredBlocks } from './ui/kindred-block';
import { MapView, VIEW_TYPE_MAP } from './ui/map-view';
import { RelatedView, VIEW_TYPE_RELATED } from './ui/related-view';
import { SearchModal } from './ui/search-modal';
import { SelectionRelatedModal } from './ui/selection-related-modal';
import { KindredSettingTab } from './ui/settings-tab';
import { WebImports } from './obsidian/web-imports';
import { renderStatusBar } from './ui/status-bar';

/** The plugin's lifecycle and wiring, nothing else. */
export default class KindredPlugin extends Plugin {
  settings!: KindredSettings;
  engine!: KindredEngine;
  private vaultPort!: ObsidianVault;
  private store!: ObsidianBlobStore;
  private model!: PluginModelProvider;
  private web!: WebImports;
  private locks!: PluginWriterLocks;

  override async onload(): Promise<void> {
    this.settings = migrateSettings(await this.loadData());
    const clock = new WindowClock();
    this.vaultPort = new ObsidianVault(this.app, (ref) => this.registerEvent(ref));
    this.store = new ObsidianBlobStore(this.app.vault.adapter, normalizePath(`${this.app.vault.configDir}/plugins/${this.manifest.id}`));
    this.model = new PluginModelProvider({
      store: this.store,
      adapter: this.app.vault.adapter,
      fetcher: new ObsidianFetcher(),
      clock,
      settings: () => this.settings,
    });
    // One writer at a time per vault, the plugin and `kindred` alike (core/vault-lock).
    this.locks = new PluginWriterLocks(this.store, clock, (message) => new Notice(message));
    this.engine = new KindredEngine({
      openIndex: async (embedder) => {
        await this.locks.holdIndex(() => {
          new Notice('Kindred: another writer took this vault\'s index over, so indexing stopped here. Reload the plugin to go on.');
          void this.engine.close();
        });
        return KindredIndex.open(
          // The open note and its folder are indexed first (core/index/indexing-order).
          { vault: this.vaultPort, store: this.store, embedder, clock, focus: () => this.app.workspace.getActiveFile()?.path ?? null },
          {
            configDir: this.app.vault.configDir,
            excludeFolders: this.settings.excludeFolders,
            excludePatterns: this.settings.excludePatterns,
            excludeTags: this.settings.excludeTags,
            maxTokens: this.settings.chunkTokens,
            // Small batches keep each stretch of main-thread work short (see ui-responsiveness bench).
            batchNotes: 4,
          },
        );
      },
      model: this.model,
      tokenize,
      readNote: (path) => this.vaultPort.read(path),
      noteExists: (path) => this.app.vault.getAbstractFileByPath(path) instanceof TFile,
      clearIndex: async () => {
        for (const name of await this.store.list('index')) await this.store.remove(name);
      },
      log: (message, error) => console.error(message, error),
      notify: (message) => new Notice(message, 10_000),
    });

    this.registerView(
      VIEW_TYPE_RELATED,
      (leaf) =>
        new RelatedView(leaf, {
          engine: this.engine,
          settings: () => this.settings,
          hide: async (notePath, hiddenPath) => {
            const list = (this.settings.hidden[notePath] ??= []);
            if (!list.includes(hiddenPath)) list.push(hiddenPath);
            await this.saveSettings();
          },
          openMap: () => void this.openMapView(this.app.workspace.getActiveFile()?.path),
        }),
    );
    this.registerHoverLinkSource(VIEW_TYPE_RELATED, { display: 'Kindred related notes', defaultMod: true });
    this.registerView(
      VIEW_TYPE_MAP,
      (leaf) =>
        new MapView(leaf, {
          engine: this.engine,
          tokenize,
          clock,
          readText: (path) => this.vaultPort.read(path),
          settings: () => this.settings,
          saveSettings: () => this.saveSettings(),
        }),
    );
    this.registerHoverLinkSource(VIEW_TYPE_MAP, { display: 'Kindred map of related notes', defaultMod: true });
    registerKindredBlocks(this, {
      engine: this.engine,
      map: { tokenize, clock, readText: (path) => this.vaultPort.read(path) },
      settings: () => this.settings,
      openMap: (path) => void this.openMapView(path),
    });
    this.registerEvent(
      this.app.workspace.on('file-menu', (menu, file) => {
        if (!(file instanceof TFile) || file.extension !== 'md') return;
        menu.addItem((item) => item.setTitle('Open map of related notes').setIcon('waypoints').onClick(() => void this.openMapView(file.path)));
      }),
    );
    this.addRibbonIcon('network', 'Open related notes', () => void this.openRelatedView());

    const status = this.addStatusBarItem();
    status.addClass('kindred-status', 'mod-clickable');
    renderStatusBar(status, this.engine.status);
    this.register(this.engine.onChange(() => renderStatusBar(status, this.engine.status)));
    this.registerDomEvent(status, 'click', () => {
      if (this.engine.status.kind === 'error') void this.engine.sync();
      else this.engine.togglePause();
    });

    this.web = new WebImports({
      app: this.app,
      vault: this.vaultPort,
      settings: () => this.settings,
      save: () => this.saveSettings(),
      clipDeps: () => this.clipDeps(),
      clipOptions: () => this.clipOptions(),
    });

    this.addCommand({ id: 'clip-web-page', name: 'Clip web page…', callback: () => this.openClipModal() });
    this.addCommand({ id: 'import-saved-pages', name: 'Import saved pages or a web address…', callback: () => this.openImport() });
    this.addCommand({ id: 'follow-a-feed', name: 'Follow a feed…', callback: () => this.web.openFollow() });
    this.addCommand({ id: 'check-followed-feeds', name: 'Check followed feeds now', callback: () => void this.web.checkFeeds() });
    this.addCommand({ id: 'open-related-notes', name: 'Open related notes', callback: () => void this.openRelatedView() });
    this.addCommand({
      id: 'open-map-of-related-notes',
      name: 'Open map of related notes',
      callback: () => void this.openMapView(this.app.workspace.getActiveFile()?.path),
    });
    this.addCommand({ id: 'search-notes-by-meaning', name: 'Search notes by meaning', callback: () => this.openSearch() });
    this.addCommand({
      id: 'find-notes-related-to-selection',
      name: 'Find notes related to selection',
      editorCallback: (editor) => void this.relatedToSelection(editor),
    });
    this.addCommand({ id: 'pause-or-resume-indexing', name: 'Pause or resume indexing', callback: () => this.engine.togglePause() });
    this.addCommand({ id: 'rebuild-index', name: 'Rebuild index', callback: () => void this.rebuildIndex() });
    this.addCommand({ id: 'download-model', name: 'Download model', callback: () => void this.downloadModel() });
    this.addCommand({ id: 'show-index-stats', name: 'Show index stats', callback: () => this.showStats() });

    this.addSettingTab(
      new KindredSettingTab(this.app, this, {
        settings: this.settings,
        save: () => this.saveSettings(),
        engine: this.engine,
        modelLocation: this.model.location,
        modelBytes: USE_LITE_TOTAL_BYTES,
        rebuildIndex: () => this.rebuildIndex(),
        feeds: {
          follow: () => this.web.openFollow(),
          checkNow: () => void this.web.checkFeeds(),
          importOpml: (redraw) => this.web.pickOpml(redraw),
          exportOpml: () => this.web.exportOpml(),
          reschedule: () => this.web.schedule.restart(),
        },
      }),
    );

    // Loading the index and the model waits until Obsidian has shown the workspace; so do feed
    // checks, and only when the user turned them on.
    this.app.workspace.onLayoutReady(() => {
      void this.engine.start();
      this.web.schedule.start();
    });
  }

  override onunload(): void {
    this.web?.schedule.stop();
    void this.engine.close().finally(() => this.locks.release());
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
  }

  /** `kindred follow` changed data.json while Obsidian was open: take its feed list (and any other change). */
  override async onExternalSettingsChange(): Promise<void> {
    Object.assign(this.settings, migrateSettings(await this.loadData()));
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
      clip: (input, options, signal) =>
        this.locks.whileClipping(
          () => clipOne(input, this.clipDeps(), options, signal),
          (error) => ({ input: input.kind === 'url' ? input.url : input.name, status: 'failed', error }),
        ),
      readClipboard: () => navigator.clipboard.readText().catch(() => ''),
    }).open();
  }

  openImport(): void {
    const items: TAbstractFile[] = this.app.vault.getAllLoadedFiles().filter(isImportable);
    new ImportSourceModal(
      this.app,
      items,
      (item) => void this.runImport(item),
      (url) =>
        this.web.openUrl(url, async (page) => void showClipOutcome(this.app, await clipOne({ kind: 'url', url: page }, this.clipDeps(), this.clipOptions()))),
    ).open();
  }

  async openRelatedView(): Promise<void> {
    const existing = this.app.workspace.getLeavesOfType(VIEW_TYPE_RELATED)[0];
    const leaf = existing ?? this.app.workspace.getRightLeaf(false);
    if (!leaf) return;
    if (!existing) await leaf.setViewState({ type: VIEW_TYPE_RELATED, active: true });
    await this.app.workspace.revealLeaf(leaf);
  }

  /**
   * The map view (an existing one, else a new one beside the note), centred on `path`; it then
   * follows the active note like the related pane.
   */
  async openMapView(path?: string): Promise<void> {
    const existing = this.app.workspace.getLeavesOfType(VIEW_TYPE_MAP)[0];
    const leaf = existing ?? this.app.workspace.getLeaf('split', 'vertical');
    if (!existing) await leaf.setViewState({ type: VIEW_TYPE_MAP, active: true });
    await this.app.workspace.revealLeaf(leaf);
    if (path && leaf.view instanceof MapView) leaf.view.show(path);
  }

  openSearch(): void {
    new SearchModal(this.app, this.engine, {
      k: this.settings.resultCount,
      mode: this.settings.searchMode,
      onModeChange: (mode) => {
        this.settings.searchMode = mode;
        void this.saveSettings();
      },
    }).open();
  }

  private async relatedToSelection(editor: Editor): Promise<void> {
    const text = editor.getSelection().trim();
    if (!text) {
      new Notice('Select some text first.');
      return;
    }
    const state = await this.engine.relatedToText(text, this.settings.resultCount, this.settings.minScore);
    if (state.kind !== 'answer') {
      new Notice('The index is still loading; try again in a moment.');
      return;
    }
    if (state.answer.results.length === 0) {
      new Notice('No note is related to the selection above the minimum score.');
      return;
    }
    new SelectionRelatedModal(this.app, state.answer.results).open();
  }

  private async rebuildIndex(): Promise<void> {
    new Notice('Rebuilding the index…');
    try {
      await this.engine.rebuild();
      new Notice('The index is rebuilt.');
    } catch (e) {
      new Notice(`Could not rebuild the index: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async downloadModel(): Promise<void> {
    try {
      await this.engine.downloadModel();
      new Notice('The model is downloaded; related notes now use meaning as well as words.');
    } catch (e) {
      new Notice(`Could not download the model: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private showStats(): void {
    const index = this.engine.index;
    if (!index) {
      new Notice('The index is still loading.');
      return;
    }
    const s = index.stats();
    const lines = [
      `Kindred index: ${s.notes} notes, ${s.chunks} passages, ${s.embeddedNotes} notes embedded` +
        ` (${s.modelId ?? 'no model'}), ${(s.bytesOnDisk / 1048576).toFixed(1)} MB on disk.`,
    ];
    const last = s.problems ?? [];
    if (last.length > 0) lines.push('Last problems:', ...last.map((p) => `• ${p.message}`));
    new Notice(lines.join('\n'), 10_000);
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
      clipMany: (list, onProgress, signal) =>
        this.locks.whileClipping(
          () => clipMany(list, this.clipDeps(), this.clipOptions(), onProgress, signal),
          (error) => list.map((input) => ({ input: input.kind === 'url' ? input.url : input.name, status: 'failed' as const, error })),
        ),
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
