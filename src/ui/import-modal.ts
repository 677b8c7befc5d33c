import { FuzzySuggestModal, Modal, Notice, Setting, type App, type FuzzyMatch, type TAbstractFile } from 'obsidian';
import type { ClipInput, ClipOutcome } from '../core/clip/types';
import { summariseOutcomes } from './import-summary';
import { appendNoteLink } from './open-note-link';

/**
 * Picks what "Import saved pages…" imports: a vault folder, a saved page or a `.txt` list of
 * URLs, or a web address typed or pasted in (a sequence, tag, author, publication or feed, or a
 * single page), offered first whenever the query is one.
 */
export class ImportSourceModal extends FuzzySuggestModal<TAbstractFile | string> {
  constructor(
    app: App,
    private readonly items: TAbstractFile[],
    private readonly onPick: (item: TAbstractFile) => void,
    private readonly onUrl: (url: string) => void,
  ) {
    super(app);
    this.setPlaceholder('Pick a folder, a saved web page or a text file of addresses, or paste a web address');
  }

  getItems(): (TAbstractFile | string)[] {
    return this.items;
  }

  override getSuggestions(query: string): FuzzyMatch<TAbstractFile | string>[] {
    const found = super.getSuggestions(query);
    const typed = query.trim();
    if (!/^https?:\/\/\S+$/i.test(typed)) return found;
    return [{ item: typed, match: { score: 0, matches: [] } }, ...found];
  }

  getItemText(item: TAbstractFile | string): string {
    if (typeof item === 'string') return `Import from ${item}`;
    return item.path === '/' ? '/ (whole vault)' : item.path;
  }

  onChooseItem(item: TAbstractFile | string): void {
    if (typeof item === 'string') this.onUrl(item);
    else this.onPick(item);
  }
}

/** What the progress modal runs: the clips, and where the summary goes. */
export interface ImportRun {
  source: string;
  inputs: ClipInput[];
  clipMany: (
    inputs: ClipInput[],
    onProgress: (done: number, total: number, last: ClipOutcome) => void,
    signal: AbortSignal,
  ) => Promise<ClipOutcome[]>;
  /** Writes the summary note and returns its path. */
  writeSummary: (outcomes: ClipOutcome[], cancelled: boolean) => Promise<string>;
}

/** Per-item progress of an import, with cancel; ends with a notice linking to the summary note. */
export class ImportProgressModal extends Modal {
  private readonly controller = new AbortController();
  private finished = false;

  constructor(app: App, private readonly run: ImportRun) {
    super(app);
  }

  override onOpen(): void {
    const { contentEl } = this;
    this.setTitle(`Importing ${this.run.source}`);
    contentEl.addClass('kindred-import-modal');
    const bar = contentEl.createEl('progress', { cls: 'kindred-import-progress' });
    bar.max = this.run.inputs.length;
    bar.value = 0;
    const count = contentEl.createDiv({ cls: 'kindred-import-count', text: `0 of ${this.run.inputs.length}` });
    const list = contentEl.createEl('ul', { cls: 'kindred-import-items' });
    let cancelButton: HTMLButtonElement | null = null;
    new Setting(contentEl).addButton((b) => {
      cancelButton = b.buttonEl;
      b.setButtonText('Cancel').onClick(() => {
        if (this.finished) this.close();
        else {
          this.controller.abort();
          b.setButtonText('Cancelling…').setDisabled(true);
        }
      });
    });
    void (async () => {
      const outcomes = await this.run.clipMany(
        this.run.inputs,
        (done, total, last) => {
          bar.value = done;
          count.setText(`${done} of ${total}`);
          const li = list.createEl('li', { cls: `kindred-import-${last.status}` });
          li.setText(`${last.status === 'skipped' ? 'already clipped' : last.status}: ${last.input}`);
          if (last.error && last.status === 'failed') li.appendText(` — ${last.error}`);
        },
        this.controller.signal,
      );
      const cancelled = this.controller.signal.aborted;
      let summaryPath: string | null = null;
      try {
        summaryPath = await this.run.writeSummary(outcomes, cancelled);
      } catch (e) {
        new Notice(`Could not write the import summary: ${e instanceof Error ? e.message : String(e)}`);
      }
      this.finished = true;
      const line = summariseOutcomes(outcomes, cancelled);
      count.setText(line);
      const button = cancelButton as HTMLButtonElement | null;
      if (button) {
        button.setText('Close');
        button.removeAttribute('disabled');
      }
      const fragment = createFragment();
      fragment.appendText(`Import: ${line}. `);
      if (summaryPath) appendNoteLink(fragment, this.app, summaryPath, 'Open the summary');
      new Notice(fragment, 10_000);
    })();
  }

  override onClose(): void {
    // Closing the window is not cancelling: the import goes on and its notice still comes.
    this.contentEl.empty();
  }
}
