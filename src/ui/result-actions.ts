import { Keymap, Menu, Notice, TFile, type App } from 'obsidian';

/** The link target that opens `path` at `heading` (the last heading of a " > " path). */
export function linkTarget(path: string, heading: string): string {
  const last = heading.split(' > ').pop() ?? '';
  return last ? `${path}#${last}` : path;
}

/** Opens a result at its passage's heading: Mod-click or Mod-Enter opens a new tab. */
export function openResult(app: App, path: string, heading: string, evt: MouseEvent | KeyboardEvent): Promise<void> {
  return app.workspace.openLinkText(linkTarget(path, heading), '', Keymap.isModEvent(evt) ? 'tab' : false);
}

/** The markdown link to `path` as the user's link settings write it (wiki link by default). */
export function markdownLinkTo(app: App, path: string, sourcePath: string): string {
  const file = app.vault.getAbstractFileByPath(path);
  if (file instanceof TFile) return app.fileManager.generateMarkdownLink(file, sourcePath);
  return `[[${path.replace(/\.md$/, '')}]]`;
}

/**
 * Makes `el` a source of Obsidian's page preview (hover with Mod, as the hover-link source
 * registered by the plugin says) and a drag source that drops a link into the editor.
 */
export function makeLinkable(app: App, el: HTMLElement, path: string, viewType: string, hoverParent: object): void {
  el.draggable = true;
  el.addEventListener('dragstart', (evt: DragEvent) => {
    const link = markdownLinkTo(app, path, app.workspace.getActiveFile()?.path ?? '');
    evt.dataTransfer?.setData('text/plain', link);
    if (evt.dataTransfer) evt.dataTransfer.effectAllowed = 'copyLink';
  });
  el.addEventListener('mouseover', (evt: MouseEvent) => {
    app.workspace.trigger('hover-link', { event: evt, source: viewType, hoverParent, targetEl: el, linktext: path, sourcePath: '' });
  });
}

/** The context menu of a result: open, open in a new tab, copy link, hide. */
export function showResultMenu(app: App, evt: MouseEvent, path: string, heading: string, hide: () => void): void {
  const menu = new Menu();
  menu.addItem((item) =>
    item.setTitle('Open').setIcon('file').onClick(() => void app.workspace.openLinkText(linkTarget(path, heading), '', false)),
  );
  menu.addItem((item) =>
    item
      .setTitle('Open in new tab')
      .setIcon('file-plus')
      .onClick(() => void app.workspace.openLinkText(linkTarget(path, heading), '', 'tab')),
  );
  menu.addItem((item) =>
    item
      .setTitle('Copy link')
      .setIcon('link')
      .onClick(() => {
        const link = markdownLinkTo(app, path, app.workspace.getActiveFile()?.path ?? '');
        void navigator.clipboard.writeText(link).then(
          () => new Notice('Link copied'),
          () => new Notice('Could not copy the link'),
        );
      }),
  );
  menu.addItem((item) => item.setTitle('Hide for this note').setIcon('eye-off').onClick(hide));
  menu.showAtMouseEvent(evt);
}
