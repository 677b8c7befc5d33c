import { FuzzySuggestModal, Modal, Setting, type App, type TFile } from 'obsidian';

/** "Follow a feed…": its address and the folder its posts go into. */
export class FollowFeedModal extends Modal {
  constructor(
    app: App,
    private readonly defaults: { folder: string; url: string },
    /** Resolves with a message to show: the feed's title, or why it cannot be followed. */
    private readonly follow: (url: string, folder: string) => Promise<{ ok: boolean; message: string }>,
  ) {
    super(app);
  }

  override onOpen(): void {
    const { contentEl } = this;
    this.setTitle('Follow a feed');
    contentEl.addClass('kindred-follow-modal');
    let url = this.defaults.url;
    let folder = this.defaults.folder;
    new Setting(contentEl)
      .setName('Feed address')
      .setDesc('The address of an RSS, JSON or other feed. Posts of newsletter and forum feeds come in full from the site.')
      .addText((t) => {
        t.setPlaceholder('Address of the feed').setValue(url).onChange((v) => (url = v.trim()));
        t.inputEl.addClass('kindred-follow-url');
      });
    new Setting(contentEl).setName('Folder').addText((t) => t.setValue(folder).onChange((v) => (folder = v.trim())));
    const status = contentEl.createDiv({ cls: 'kindred-follow-status' });
    new Setting(contentEl).addButton((b) =>
      b
        .setButtonText('Follow')
        .setCta()
        .onClick(async () => {
          if (!/^https?:\/\/\S+$/i.test(url)) {
            status.setText('Give the full address of the feed, as the browser shows it.');
            return;
          }
          b.setDisabled(true);
          status.setText('Reading the feed…');
          const result = await this.follow(url, folder || this.defaults.folder);
          status.setText(result.message);
          b.setDisabled(false);
          if (result.ok) this.close();
        }),
    );
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** Picks an OPML file of the vault (a feed reader's export) to follow its feeds. */
export class OpmlFileModal extends FuzzySuggestModal<TFile> {
  constructor(
    app: App,
    private readonly files: TFile[],
    private readonly onPick: (file: TFile) => void,
  ) {
    super(app);
    this.setPlaceholder(files.length ? 'Pick an OPML file of feeds' : 'No .opml file in the vault: put a feed reader export in the vault first');
  }

  getItems(): TFile[] {
    return this.files;
  }

  getItemText(file: TFile): string {
    return file.path;
  }

  onChooseItem(file: TFile): void {
    this.onPick(file);
  }
}
