import { Notice, PluginSettingTab, Setting, type App, type Plugin } from 'obsidian';
import type { BackendChoice, DuplicatePolicy, KindredSettings, MapColourBy, MapNodeSize } from '../settings';
import { MAP_DEFAULTS } from '../core/map/build-map';
import type { KindredEngine } from '../obsidian/kindred-engine';
import { renderFeedSettings, type FeedSettingsDeps } from './feed-settings';

/** What the settings tab needs from the plugin. */
export interface SettingsTabDeps {
  settings: KindredSettings;
  save: () => Promise<void>;
  engine: KindredEngine;
  /** Where the model files are kept, and their size in bytes when downloaded. */
  modelLocation: string;
  modelBytes: number;
  rebuildIndex: () => Promise<void>;
  /** The feeds section (import owns it): following, checking, OPML. */
  feeds: Omit<FeedSettingsDeps, 'settings' | 'save' | 'redraw' | 'importOpml'> & { importOpml: (redraw: () => void) => void };
}

/** Splits a comma or newline separated list, dropping blanks. */
export function parseList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The settings tab: clipping, model, index (with "Advanced"), results. */
export class KindredSettingTab extends PluginSettingTab {
  constructor(app: App, plugin: Plugin, private readonly deps: SettingsTabDeps) {
    super(app, plugin);
  }

  display(): void {
    const { containerEl } = this;
    const s = this.deps.settings;
    const save = () => void this.deps.save();
    containerEl.empty();
    containerEl.addClass('kindred-settings');

    new Setting(containerEl).setName('Clipping').setHeading();
    new Setting(containerEl)
      .setName('Folder')
      .setDesc('Where clipped pages are saved.')
      .addText((t) => t.setValue(s.clipFolder).onChange((v) => ((s.clipFolder = v.trim() || 'Clippings'), save())));
    new Setting(containerEl)
      .setName('Default tags')
      .setDesc('Tags added to every clipped note, separated by commas.')
      .addText((t) => t.setValue(s.clipTags.join(', ')).onChange((v) => ((s.clipTags = parseList(v)), save())));
    new Setting(containerEl)
      .setName('Download images')
      .setDesc("Save images into the vault (Obsidian's attachment folder) instead of linking to them.")
      .addToggle((t) => t.setValue(s.downloadImages).onChange((v) => ((s.downloadImages = v), save())));
    new Setting(containerEl)
      .setName('Include comments')
      .setDesc('Keep the comments of a page under a comments heading.')
      .addToggle((t) => t.setValue(s.includeComments).onChange((v) => ((s.includeComments = v), save())));
    new Setting(containerEl)
      .setName('When a page is already clipped')
      .addDropdown((d) =>
        d
          .addOptions({ skip: 'Keep the existing note', update: 'Update its text', 'keep-both': 'Make a second note' })
          .setValue(s.onDuplicate)
          .onChange((v) => ((s.onDuplicate = v as DuplicatePolicy), save())),
      );

    new Setting(containerEl).setName('Model').setHeading();
    const engine = this.deps.engine;
    const state = engine.modelState;
    const described =
      state === 'ready'
        ? `Ready (${engine.embedder?.modelId ?? 'loaded'}).`
        : state === 'downloading'
          ? 'Downloading…'
          : state === 'error'
            ? 'The model files could not be loaded. Download them again.'
            : 'Not downloaded. Without it, Kindred finds notes by keywords only.';
    new Setting(containerEl)
      .setName('Embedding model')
      .setDesc(described)
      .addButton((b) =>
        b
          .setButtonText(state === 'ready' ? 'Downloaded' : 'Download model')
          .setDisabled(state === 'ready' || state === 'downloading')
          .onClick(async () => {
            b.setDisabled(true).setButtonText('Downloading…');
            try {
              await engine.downloadModel();
              new Notice('The model is downloaded.');
            } catch (e) {
              new Notice(`Could not download the model: ${e instanceof Error ? e.message : String(e)}`);
            }
            this.display();
          }),
      );
    new Setting(containerEl)
      .setName('Where it is stored')
      .setDesc(`${this.deps.modelLocation} (${(this.deps.modelBytes / 1048576).toFixed(1)} MB). Downloaded once, on request; nothing is sent anywhere.`);
    new Setting(containerEl)
      .setName('Backend')
      .setDesc('How the model runs. Automatic picks the fastest that works here.')
      .addDropdown((d) =>
        d
          .addOptions({ auto: 'Automatic', webgl: 'WebGL (graphics card)', wasm: 'WebAssembly', cpu: 'Plain JavaScript (slow)' })
          .setValue(s.backend)
          .onChange((v) => ((s.backend = v as BackendChoice), save())),
      );

    new Setting(containerEl).setName('Index').setHeading();
    new Setting(containerEl)
      .setName('Excluded folders')
      .setDesc('Notes in these folders are not indexed, separated by commas.')
      .addTextArea((t) => t.setValue(s.excludeFolders.join(', ')).onChange((v) => ((s.excludeFolders = parseList(v)), save())));
    new Setting(containerEl)
      .setName('Excluded tags')
      .setDesc('Notes with any of these tags are not indexed.')
      .addText((t) => t.setValue(s.excludeTags.join(', ')).onChange((v) => ((s.excludeTags = parseList(v)), save())));
    new Setting(containerEl)
      .setName('Rebuild index')
      .setDesc('Forget the index and build it again from the notes.')
      .addButton((b) => b.setButtonText('Rebuild').onClick(() => void this.deps.rebuildIndex()));
    new Setting(containerEl).setName('Advanced').setHeading();
    new Setting(containerEl)
      .setName('Excluded patterns')
      .setDesc('Glob patterns of paths not to index, separated by commas.')
      .addTextArea((t) => t.setValue(s.excludePatterns.join(', ')).onChange((v) => ((s.excludePatterns = parseList(v)), save())));
    new Setting(containerEl)
      .setName('Chunk size')
      .setDesc('Target tokens per passage. A new size applies from the next start, or after rebuilding the index: every note is cut again and its new passages embedded.')
      .addSlider((sl) =>
        sl
          .setLimits(120, 512, 8)
          .setValue(s.chunkTokens)
          .setDynamicTooltip()
          .onChange((v) => ((s.chunkTokens = v), save())),
      );
    new Setting(containerEl)
      .setName('Model folder')
      .setDesc(
        'A vault folder that already holds the model files (model.json, vocab.json and the 7 weight shards), checked against the same hashes. Leave empty to use the downloaded copy. Used from the next start.',
      )
      .addText((t) =>
        t
          .setPlaceholder('Models/use-lite')
          .setValue(s.modelDir)
          .onChange((v) => ((s.modelDir = v.trim()), save())),
      );

    new Setting(containerEl).setName('Results').setHeading();
    new Setting(containerEl)
      .setName('Number of related notes')
      .addSlider((sl) =>
        sl
          .setLimits(5, 50, 1)
          .setValue(s.resultCount)
          .setDynamicTooltip()
          .onChange((v) => ((s.resultCount = v), save())),
      );
    new Setting(containerEl)
      .setName('Minimum similarity')
      .setDesc('Related notes whose similarity to the open note is below this are not shown. Their score, which orders the list, is another number.')
      .addSlider((sl) =>
        sl
          .setLimits(0, 0.9, 0.05)
          .setValue(s.minScore)
          .setDynamicTooltip()
          .onChange((v) => ((s.minScore = v), save())),
      );
    new Setting(containerEl)
      .setName('Show passages')
      .setDesc('Show the passages that relate two notes.')
      .addToggle((t) => t.setValue(s.showPassages).onChange((v) => ((s.showPassages = v), save())));

    new Setting(containerEl).setName('Map').setHeading();
    new Setting(containerEl)
      .setName('Notes on the map')
      .setDesc('How many related notes the map of related notes shows around the note.')
      .addSlider((sl) =>
        sl
          .setLimits(MAP_DEFAULTS.minK, MAP_DEFAULTS.maxK, 1)
          .setValue(s.mapNotes)
          .setDynamicTooltip()
          .onChange((v) => ((s.mapNotes = v), save())),
      );
    new Setting(containerEl)
      .setName('Line threshold')
      .setDesc('Two notes on the map are joined when their similarity reaches this. Lower draws more lines.')
      .addSlider((sl) =>
        sl
          .setLimits(0.5, 0.95, 0.05)
          .setValue(s.mapEdgeThreshold)
          .setDynamicTooltip()
          .onChange((v) => ((s.mapEdgeThreshold = v), save())),
      );
    new Setting(containerEl)
      .setName('Node size')
      .addDropdown((d) =>
        d
          .addOptions({ length: 'Note length', backlinks: 'Notes linking to it' })
          .setValue(s.mapNodeSize)
          .onChange((v) => ((s.mapNodeSize = v as MapNodeSize), save())),
      );
    new Setting(containerEl)
      .setName('Colour')
      .addDropdown((d) =>
        d
          .addOptions({ cluster: 'Group', folder: 'Folder', tag: 'Tag', site: 'Site' })
          .setValue(s.mapColourBy)
          .onChange((v) => ((s.mapColourBy = v as MapColourBy), save())),
      );
    renderFeedSettings(containerEl, {
      ...this.deps.feeds,
      settings: s,
      save: this.deps.save,
      redraw: () => this.display(),
      importOpml: () => this.deps.feeds.importOpml(() => this.display()),
    });
  }
}
