import { Modal, Notice, Setting, type App } from 'obsidian';
import type { ClipOutcome } from '../core/clip/types';
import type { ImportReport } from '../core/import';
import { summariseOutcomes } from './import-summary';
import { appendNoteLink } from './open-note-link';

/** What the modal runs: the look-up (first requests), the import, and where the summary goes. */
export interface UrlImportRun {
  url: string;
  /** Says what the URL is ("LessWrong sequence 'Map and Territory'") and how many posts, when known. */
  lookUp(signal: AbortSignal): Promise<{ description: string; total?: number } | null>;
  start(onProgress: (done: number, total: number | undefined, last: ClipOutcome) => void, signal: AbortSignal): Promise<ImportReport>;
  /** Writes the summary note and returns its path. */
  writeSummary(report: ImportReport): Promise<string>;
  /** Clips the URL as one page (when it is not a body of writing). */
  clipPage(): Promise<void>;
}

/**
 * A sequence, tag, author, publication or feed URL, imported in three steps in one window:
 * what was found and how many posts (nothing is written before "Import"), then per-item
 * progress with a cancel button, then the summary (a note listing every outcome, linked
 * from a notice). Closing the window does not stop the import.
 */
export class UrlImportModal extends Modal {
  private readonly controller = new AbortController();

  constructor(
    app: App,
    private readonly run: UrlImportRun,
  ) {
    super(app);
  }

  override onOpen(): void {
    const { contentEl } = this;
    this.setTitle('Import from the web');
    contentEl.addClass('kindred-import-modal', 'kindred-url-import');
    const found = contentEl.createDiv({ cls: 'kindred-import-found', text: `Looking up ${this.run.url}…` });
    const buttons = new Setting(contentEl);
    let startButton: HTMLButtonElement | null = null;
    let single = false;
    buttons.addButton((b) => {
      startButton = b.buttonEl;
      b.setButtonText('Import').setCta().setDisabled(true);
      b.onClick(() => {
        b.buttonEl.hide();
        if (single) {
          this.close();
          void this.run.clipPage();
        } else void this.importAll(found, cancel);
      });
    });
    let cancel!: HTMLButtonElement;
    buttons.addButton((b) => {
      cancel = b.buttonEl;
      b.setButtonText('Cancel').onClick(() => {
        if (cancel.dataset.state === 'running') {
          this.controller.abort();
          b.setButtonText('Cancelling…').setDisabled(true);
        } else this.close();
      });
    });
    void this.run.lookUp(this.controller.signal).then(
      (listing) => {
        if (!listing) {
          single = true;
          found.setText(`${this.run.url} is a single page, not a sequence, tag, author, publication or feed.`);
          const start = startButton;
          start?.setText('Clip the page');
          start?.removeAttribute('disabled');
          return;
        }
        const count = listing.total === undefined ? 'posts counted as they are listed' : `${listing.total} post${listing.total === 1 ? '' : 's'}`;
        found.setText(`${listing.description}, ${count}.`);
        found.dataset.total = listing.total === undefined ? '' : String(listing.total);
        (startButton)?.removeAttribute('disabled');
      },
      (error: unknown) => found.setText(`Could not look up ${this.run.url}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  private async importAll(found: HTMLElement, cancel: HTMLButtonElement): Promise<void> {
    const { contentEl } = this;
    cancel.dataset.state = 'running';
    const total = found.dataset.total ? Number(found.dataset.total) : undefined;
    const bar = contentEl.createEl('progress', { cls: 'kindred-import-progress' });
    if (total !== undefined) bar.max = total;
    bar.value = 0;
    const count = contentEl.createDiv({ cls: 'kindred-import-count', text: total === undefined ? '0' : `0 of ${total}` });
    const list = contentEl.createEl('ul', { cls: 'kindred-import-items' });
    contentEl.insertBefore(bar, found.nextSibling);
    let report: ImportReport;
    try {
      report = await this.run.start((done, all, last) => {
        bar.value = done;
        if (all === undefined) bar.max = done + 1;
        count.setText(all === undefined ? `${done}` : `${done} of ${all}`);
        const li = list.createEl('li', { cls: `kindred-import-${last.status}` });
        li.setText(`${last.status === 'skipped' ? 'already clipped' : last.status}: ${last.input}`);
        if (last.error && last.status !== 'created') li.appendText(` — ${last.error}`);
      }, this.controller.signal);
    } catch (error) {
      count.setText(`The import failed: ${error instanceof Error ? error.message : String(error)}`);
      cancel.dataset.state = 'done';
      cancel.setText('Close');
      cancel.removeAttribute('disabled');
      return;
    }
    let summaryPath: string | null = null;
    try {
      summaryPath = await this.run.writeSummary(report);
    } catch (e) {
      new Notice(`Could not write the import summary: ${e instanceof Error ? e.message : String(e)}`);
    }
    const line = summariseOutcomes(report.outcomes, report.cancelled);
    count.setText(line);
    if (report.stopped) contentEl.createDiv({ cls: 'kindred-import-stopped', text: report.stopped.message });
    cancel.dataset.state = 'done';
    cancel.setText('Close');
    cancel.removeAttribute('disabled');
    const fragment = createFragment();
    fragment.appendText(`Import: ${line}. `);
    if (summaryPath) appendNoteLink(fragment, this.app, summaryPath, 'Open the summary');
    new Notice(fragment, 10_000);
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
