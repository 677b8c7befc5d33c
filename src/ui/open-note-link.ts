import type { App } from 'obsidian';

/**
 * Appends a link that opens the note at `path` (in a new tab with Mod held), for notices
 * and summaries that name a note.
 */
export function appendNoteLink(parent: HTMLElement | DocumentFragment, app: App, path: string, text = path): HTMLElement {
  const link = parent.createEl('a', { text, cls: 'kindred-note-link', href: '#' });
  link.dataset.path = path;
  link.addEventListener('click', (evt) => {
    evt.preventDefault();
    void app.workspace.openLinkText(path, '', evt.ctrlKey || evt.metaKey);
  });
  return link;
}
