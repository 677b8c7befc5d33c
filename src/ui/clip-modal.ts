import { Modal, Notice, Setting, type App } from 'obsidian';
import type { ClipInput, ClipOptions, ClipOutcome } from '../core/clip/types';
import { appendNoteLink } from './open-note-link';

/** What the clip modal needs from the plugin: the defaults and the clipper itself. */
export interface ClipModalDeps {
  defaults: ClipOptions;
  clip: (input: ClipInput, options: ClipOptions, signal: AbortSignal) => Promise<ClipOutcome>;
  /** The clipboard's text, or '' when it cannot be read. */
  readClipboard: () => Promise<string>;
}

/** "Clip web page…": a URL (pre-filled from the clipboard when it holds one), folder and options. */
export class ClipModal extends Modal {
  private url = '';
  private readonly options: ClipOptions;
  private controller: AbortController | null = null;
  private urlInput: HTMLInputElement | null = null;

  constructor(app: App, private readonly deps: ClipModalDeps) {
    super(app);
    this.options = { ...deps.defaults, tags: [...deps.defaults.tags] };
  }

  override onOpen(): void {
    const { contentEl } = this;
    this.setTitle('Clip web page');
    contentEl.addClass('kindred-clip-modal');
    new Setting(contentEl).setName('Address').setDesc('The page to save as a note.').addText((text) => {
      text.setPlaceholder('Web address of the page').onChange((v) => (this.url = v.trim()));
      text.inputEl.addClass('kindred-clip-url');
      this.urlInput = text.inputEl;
    });
    new Setting(contentEl).setName('Folder').addText((text) =>
      text.setValue(this.options.folder).onChange((v) => (this.options.folder = v.trim() || this.deps.defaults.folder)),
    );
    new Setting(contentEl)
      .setName('Include comments')
      .addToggle((t) => t.setValue(this.options.includeComments).onChange((v) => (this.options.includeComments = v)));
    new Setting(contentEl)
      .setName('Download images')
      .setDesc('Save images next to the note instead of linking to them.')
      .addToggle((t) => t.setValue(this.options.downloadImages).onChange((v) => (this.options.downloadImages = v)));
    const status = contentEl.createDiv({ cls: 'kindred-clip-status' });
    new Setting(contentEl).addButton((b) =>
      b
        .setButtonText('Clip')
        .setCta()
        .onClick(() => void this.run(b.buttonEl, status)),
    );
    this.urlInput?.addEventListener('keydown', (evt: KeyboardEvent) => {
      if (evt.key === 'Enter') void this.run(null, status);
    });
    void this.deps.readClipboard().then((text) => {
      const candidate = text.trim();
      if (this.urlInput && this.urlInput.value === '' && isWebUrl(candidate)) {
        this.urlInput.value = candidate;
        this.url = candidate;
      }
    });
  }

  override onClose(): void {
    this.controller?.abort();
    this.contentEl.empty();
  }

  private async run(button: HTMLButtonElement | null, status: HTMLElement): Promise<void> {
    if (this.controller) return;
    if (!isWebUrl(this.url)) {
      status.setText('Enter the full web address of the page, as the browser shows it.');
      return;
    }
    this.controller = new AbortController();
    button?.setAttr('disabled', 'true');
    status.setText(`Fetching ${this.url}…`);
    const outcome = await this.deps.clip({ kind: 'url', url: this.url }, this.options, this.controller.signal);
    this.controller = null;
    showClipOutcome(this.app, outcome);
    if (outcome.status === 'failed') {
      status.setText(`Could not clip: ${outcome.error ?? 'unknown error'}`);
      button?.removeAttribute('disabled');
    } else {
      this.close();
    }
  }
}

/** True for an absolute http(s) URL. */
export function isWebUrl(text: string): boolean {
  if (!/^https?:\/\//i.test(text) || /\s/.test(text)) return false;
  try {
    new URL(text);
    return true;
  } catch {
    return false;
  }
}

/** The notice after a clip: a link to the new note, the existing one for a duplicate, or the reason. */
export function showClipOutcome(app: App, outcome: ClipOutcome): Notice {
  const fragment = createFragment();
  const line = fragment.createDiv({ cls: `kindred-clip-notice kindred-clip-${outcome.status}` });
  if (outcome.status === 'created' || outcome.status === 'updated') {
    line.appendText(outcome.status === 'created' ? 'Clipped to ' : 'Updated ');
    appendNoteLink(line, app, outcome.path ?? '');
  } else if (outcome.status === 'skipped') {
    line.appendText('Already clipped as ');
    appendNoteLink(line, app, outcome.path ?? '');
  } else {
    line.appendText(`Could not clip ${outcome.input}: ${outcome.error ?? 'unknown error'}`);
  }
  return new Notice(fragment, outcome.status === 'failed' ? 10_000 : 6_000);
}
