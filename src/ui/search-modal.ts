import { Notice, normalizePath, SuggestModal, type App, type Editor } from 'obsidian';
import { blockInsertion, linkInsertion } from '../core/block/insert-block';
import { queryBlockText } from '../core/block/kindred-block';
import type { KeywordParts } from '../core/index/keyword-buckets';
import type { SearchMode, SearchResult } from '../core/rank/search-notes';
import type { KindredEngine } from '../obsidian/kindred-engine';
import { markdownLinkTo, openResult } from './result-actions';
import { renderMarked } from './render-marked';

/** A row that is not a result: why there are none, what went wrong, or that the keyword side is still loading. */
interface MessageRow {
  message: string;
  partial?: true;
}
type Row = SearchResult | MessageRow;

const MODES: { mode: SearchMode; label: string }[] = [
  { mode: 'hybrid', label: 'Hybrid' },
  { mode: 'semantic', label: 'Meaning' },
  { mode: 'keyword', label: 'Keywords' },
];

/** What the results leave out while the keyword side loads just after start. */
function partialMessage(parts: KeywordParts, mode: SearchMode): string {
  if (parts.searched > 0) return `Searching ${parts.searched} of ${parts.total} keyword parts; the rest are loading.`;
  return mode === 'keyword'
    ? 'The keyword index is still loading; results follow in a moment.'
    : 'The keyword index is still loading; these results are by meaning only for now.';
}

/** The private chooser every SuggestModal has; used only to give Mod-Enter and Shift-Enter the selected row. */
interface WithChooser {
  chooser?: { useSelectedItem(evt: KeyboardEvent): boolean };
}

/**
 * "Search notes by meaning": results update as you type (debounced), hybrid by default with a
 * visible mode switch. Enter opens at the passage, Mod-Enter in a new tab, Shift-Enter inserts a link.
 */
export class SearchModal extends SuggestModal<Row> {
  mode: SearchMode;
  private ticket = 0;
  private readonly editor: Editor | null;
  private readonly modeButtons = new Map<SearchMode, HTMLElement>();

  constructor(
    app: App,
    private readonly engine: KindredEngine,
    private readonly options: { k: number; mode: SearchMode; debounceMs?: number; onModeChange?: (m: SearchMode) => void },
  ) {
    super(app);
    this.mode = options.mode;
    this.editor = app.workspace.activeEditor?.editor ?? null;
    this.setPlaceholder('Search notes by meaning…');
    this.setInstructions([
      { command: '↵', purpose: 'to open' },
      { command: 'mod ↵', purpose: 'to open in new tab' },
      { command: 'shift ↵', purpose: 'to insert link' },
      { command: 'alt ↵', purpose: 'to save this search in the note' },
    ]);
    this.modalEl.addClass('kindred-search-modal');
    const bar = createDiv({ cls: 'kindred-mode-switch', attr: { role: 'radiogroup', 'aria-label': 'Search mode' } });
    for (const { mode, label } of MODES) {
      const button = bar.createEl('button', { text: label, cls: 'kindred-mode', attr: { 'data-mode': mode, role: 'radio' } });
      button.addEventListener('click', () => this.setMode(mode));
      this.modeButtons.set(mode, button);
    }
    const save = bar.createEl('button', { text: 'Save this search', cls: 'kindred-save-search', attr: { 'aria-label': 'Save this search as a kindred block in the note' } });
    save.addEventListener('click', () => void this.saveSearch());
    this.inputEl.parentElement?.after(bar);
    this.updateModeButtons();
    const choose = (evt: KeyboardEvent) => {
      (this as unknown as WithChooser).chooser?.useSelectedItem(evt);
      return false;
    };
    this.scope.register(['Mod'], 'Enter', choose);
    this.scope.register(['Shift'], 'Enter', choose);
    this.scope.register(['Alt'], 'Enter', () => {
      void this.saveSearch();
      return false;
    });
  }

  /**
   * "Save this search": a `kindred` block with this query and mode, at the cursor of the note
   * the modal was opened over (never before its front matter), or in a new note.
   */
  async saveSearch(): Promise<void> {
    const query = this.inputEl.value.trim();
    if (!query) {
      new Notice('Type a search first, then save it.');
      return;
    }
    const block = queryBlockText({ query, mode: this.mode, k: this.options.k });
    const file = this.app.workspace.getActiveFile();
    this.close();
    if (this.editor && file) {
      const editor = this.editor;
      const { offset, text } = blockInsertion(editor.getValue(), editor.posToOffset(editor.getCursor()), block);
      editor.replaceRange(text, editor.offsetToPos(offset));
      new Notice(`Saved the search in ${file.basename}.`);
      return;
    }
    const folder = this.app.fileManager.getNewFileParent(file?.path ?? '');
    const name = `Search ${query.replace(/[\\/:*?"<>|#^[\]]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60)}`;
    let path = normalizePath(`${folder.path}/${name}.md`);
    for (let n = 2; this.app.vault.getAbstractFileByPath(path); n++) path = normalizePath(`${folder.path}/${name} ${n}.md`);
    try {
      const created = await this.app.vault.create(path, `# ${query}\n\n${block}`);
      await this.app.workspace.getLeaf(false).openFile(created);
      new Notice(`Saved the search in a new note, ${created.basename}.`);
    } catch (e) {
      new Notice(`Could not save the search in ${path}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Switches the mode and runs the query again. */
  setMode(mode: SearchMode): void {
    this.mode = mode;
    this.options.onModeChange?.(mode);
    this.updateModeButtons();
    this.inputEl.dispatchEvent(new Event('input'));
  }

  async getSuggestions(query: string): Promise<Row[]> {
    const ticket = ++this.ticket;
    if (query.trim() === '') return [];
    await new Promise((resolve) => window.setTimeout(resolve, this.options.debounceMs ?? 200));
    // A newer keystroke is on its way: this one's answer would only flash by.
    if (ticket !== this.ticket) return [];
    try {
      let parts: KeywordParts | null = null;
      const results = await this.engine.search(query, this.mode, this.options.k, {}, (p) => (parts = p));
      if (ticket !== this.ticket) return [];
      if (!parts) return results.length > 0 ? results : [{ message: 'No notes match.' }];
      // Once every keyword part has loaded, the same query again, unless another was typed.
      void this.engine.whenKeywordReady().then(() => {
        if (ticket === this.ticket) this.inputEl.dispatchEvent(new Event('input'));
      });
      return [{ message: partialMessage(parts, this.mode), partial: true }, ...results];
    } catch (e) {
      return [{ message: e instanceof Error ? e.message : String(e) }];
    }
  }

  renderSuggestion(row: Row, el: HTMLElement): void {
    el.addClass('kindred-search-row');
    if ('message' in row) {
      el.createDiv({ cls: row.partial ? 'kindred-search-message kindred-search-partial' : 'kindred-search-message', text: row.message });
      return;
    }
    el.dataset.path = row.path;
    const head = el.createDiv({ cls: 'kindred-search-head' });
    head.createSpan({ cls: 'kindred-search-title', text: row.title });
    head.createSpan({ cls: 'kindred-search-score', text: row.score.toFixed(2) });
    if (row.passage.heading) el.createDiv({ cls: 'kindred-search-heading', text: row.passage.heading });
    if (row.passage.text) renderMarked(el.createDiv({ cls: 'kindred-search-passage' }), row.passage.text);
  }

  onChooseSuggestion(row: Row, evt: MouseEvent | KeyboardEvent): void {
    if ('message' in row) return;
    if (evt.shiftKey && this.editor) {
      const editor = this.editor;
      const source = this.app.workspace.getActiveFile()?.path ?? '';
      const at = linkInsertion(editor.getValue(), editor.posToOffset(editor.getCursor('from')), editor.posToOffset(editor.getCursor('to')), markdownLinkTo(this.app, row.path, source));
      editor.replaceRange(at.text, editor.offsetToPos(at.from), editor.offsetToPos(at.to));
      return;
    }
    void openResult(this.app, row.path, row.passage.heading, evt);
  }

  private updateModeButtons(): void {
    for (const [mode, button] of this.modeButtons) {
      button.toggleClass('is-active', mode === this.mode);
      button.setAttr('aria-checked', String(mode === this.mode));
    }
  }
}
