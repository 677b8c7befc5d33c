import { ItemView, setIcon, type WorkspaceLeaf } from 'obsidian';
import type { RelatedNote } from '../core/rank/rank-related';
import type { KindredEngine, RelatedState } from '../obsidian/kindred-engine';
import { makeLinkable, openResult, showResultMenu } from './result-actions';
import { renderMarked } from './render-marked';

export const VIEW_TYPE_RELATED = 'kindred-related';

/** What the pane needs from the plugin. */
export interface RelatedViewDeps {
  engine: KindredEngine;
  settings: () => { resultCount: number; minScore: number; showPassages: boolean; hidden: Record<string, string[]> };
  hide: (notePath: string, hiddenPath: string) => Promise<void>;
  /** Milliseconds to wait after the active note changes before asking (typing, quick switching). */
  debounceMs?: number;
  /** Opens the map of related notes for the active note (the header button). */
  openMap?: () => void;
}

/**
 * The related-notes pane: follows the active note and lists the notes most related to it,
 * each with the passage pair that relates them.
 */
export class RelatedView extends ItemView {
  /** Path the pane shows (or is about to show). */
  currentPath: string | null = null;
  /** Bumped for every request: an answer whose ticket is no longer current is dropped. */
  private ticket = 0;
  private timer: number | null = null;
  private lastScheduled = -Infinity;
  /** The state shown before a pending refresh, restored when the refresh keeps the list. */
  private settledState = '';
  /** The engine was indexing at its last change: its end refreshes the list. */
  private wasIndexing = false;
  private listEl!: HTMLElement;
  private headerEl!: HTMLElement;
  private bannerEl!: HTMLElement;

  constructor(leaf: WorkspaceLeaf, private readonly deps: RelatedViewDeps) {
    super(leaf);
  }

  getViewType(): string {
    return VIEW_TYPE_RELATED;
  }

  getDisplayText(): string {
    return 'Related notes';
  }

  override getIcon(): string {
    return 'network';
  }

  override onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass('kindred-related');
    this.headerEl = root.createDiv({ cls: 'kindred-related-header' });
    this.bannerEl = root.createDiv({ cls: 'kindred-related-banner' });
    this.listEl = root.createDiv({ cls: 'kindred-related-list' });
    const openMap = this.deps.openMap;
    if (openMap) this.addAction('waypoints', 'Open map of related notes', () => openMap());
    this.registerEvent(this.app.workspace.on('file-open', () => this.schedule()));
    this.registerEvent(this.app.workspace.on('active-leaf-change', () => this.schedule()));
    this.wasIndexing = this.deps.engine.indexing;
    const off = this.deps.engine.onChange(() => this.onEngineChange());
    this.register(off);
    this.refresh();
    return Promise.resolve();
  }

  override onClose(): Promise<void> {
    this.cancelTimer();
    this.ticket++;
    return Promise.resolve();
  }

  /**
   * Asks again for the active note: at once when the pane is quiet (a single switch shows
   * without delay), after the debounce while switches keep coming (only the last one is asked).
   */
  schedule(): void {
    const state = this.contentEl.dataset.state ?? '';
    if (state !== 'loading') this.settledState = state;
    // file-open and active-leaf-change both fire for one switch: the second changes nothing.
    const active = this.app.workspace.getActiveFile()?.path ?? null;
    if (this.timer === null && active === this.currentPath && ['answer', 'empty', 'loading'].includes(state)) return;
    const quiet = this.timer === null && performance.now() - this.lastScheduled > (this.deps.debounceMs ?? 150);
    this.lastScheduled = performance.now();
    if (quiet) {
      this.refresh();
      return;
    }
    this.cancelTimer();
    // Marks the list as about to change, so nothing (a test, a drag) mistakes it for the new answer.
    this.contentEl.dataset.state = 'loading';
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, this.deps.debounceMs ?? 150);
  }

  /** Asks now for the active note; a slower answer for an earlier note is dropped. */
  refresh(): void {
    const file = this.app.workspace.getActiveFile();
    const path = file && file.extension === 'md' ? file.path : null;
    // The pane keeps showing the last note while another kind of view (or itself) has focus.
    if (path === null && this.currentPath !== null && file === null && this.app.workspace.getLeavesOfType('markdown').length > 0) {
      this.contentEl.dataset.state = this.settledState;
      return;
    }
    this.currentPath = path;
    const ticket = ++this.ticket;
    this.contentEl.dataset.state = 'loading';
    this.renderBanner();
    if (!path) {
      this.headerEl.setText('');
      this.contentEl.dataset.state = 'no-note';
      this.contentEl.dataset.path = '';
      this.showMessage('Open a note to see the notes related to it.');
      return;
    }
    this.headerEl.setText(file?.basename ?? path);
    const { resultCount, minScore } = this.deps.settings();
    const started = performance.now();
    // The vectors' list shows first; the full answer (with the keyword side) replaces it.
    const showFirst = (first: RelatedState): void => {
      if (ticket !== this.ticket) return;
      this.render(path, first);
      this.contentEl.dataset.firstMs = String(Math.round(performance.now() - started));
    };
    this.deps.engine
      .related(path, resultCount, minScore, showFirst)
      .then((state) => {
        if (ticket !== this.ticket) return;
        // How long the engine took, and the whole update with the rendering (read by the bench).
        this.contentEl.dataset.answerMs = String(Math.round(performance.now() - started));
        this.render(path, state);
        this.contentEl.dataset.renderMs = String(Math.round(performance.now() - started));
      })
      .catch((e: unknown) => {
        if (ticket !== this.ticket) return;
        this.showMessage(`Could not find related notes: ${e instanceof Error ? e.message : String(e)}`);
      });
  }

  private onEngineChange(): void {
    this.renderBanner();
    const busy = this.deps.engine.indexing;
    const finished = this.wasIndexing && !busy;
    this.wasIndexing = busy;
    const state = this.contentEl.dataset.state;
    // While the pane waits for the index, progress changes what it says; afterwards only a new
    // note does, or the end of an indexing run (a list made mid-run may lack notes indexed since).
    if (state === 'waiting' || state === 'not-indexed') this.schedule();
    else if (finished && (state === 'answer' || state === 'empty')) this.refresh();
  }

  private cancelTimer(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }

  private renderBanner(): void {
    const engine = this.deps.engine;
    this.bannerEl.empty();
    if (engine.modelState === 'missing' || engine.modelState === 'error' || engine.modelState === 'downloading') {
      const box = this.bannerEl.createDiv({ cls: 'kindred-model-missing' });
      if (engine.status.kind === 'downloading') {
        box.createSpan({ text: `Downloading the model: ${engine.status.percent}%` });
        return;
      }
      box.createSpan({
        text:
          engine.modelState === 'error'
            ? 'The embedding model could not be loaded, so related notes use shared keywords only.'
            : 'The embedding model is not downloaded, so related notes use shared keywords only.',
      });
      const button = box.createEl('button', { text: 'Download model', cls: 'mod-cta kindred-download-model' });
      button.addEventListener('click', () => {
        button.disabled = true;
        engine.downloadModel().catch(() => (button.disabled = false));
      });
    }
  }

  private render(path: string, state: RelatedState): void {
    const engine = this.deps.engine;
    this.contentEl.dataset.state = state.kind;
    this.contentEl.dataset.path = path;
    if (state.kind === 'waiting') {
      const s = engine.status;
      this.showMessage(
        s.kind === 'indexing'
          ? `Kindred is indexing the vault (${s.done} of ${s.total}); related notes appear when it is done.`
          : 'Kindred is loading the index; related notes appear in a moment.',
      );
      return;
    }
    if (state.kind === 'not-indexed') {
      this.showMessage('This note is not indexed yet. It will be in a moment.');
      return;
    }
    const hidden = new Set(this.deps.settings().hidden[path] ?? []);
    const results = state.answer.results.filter((r) => !hidden.has(r.path));
    if (state.partial) {
      // A first list from the vectors alone; the full answer follows. Nothing to show: keep waiting.
      this.contentEl.dataset.state = results.length > 0 ? 'partial' : 'loading';
      if (results.length === 0) return;
      this.listEl.empty();
      for (const result of results) this.renderResult(path, result);
      return;
    }
    this.listEl.empty();
    if (results.length === 0 && engine.indexing) {
      // Nothing yet, but the notes that would relate may simply not be indexed: say so, and ask again.
      this.render(path, { kind: 'waiting' });
      return;
    }
    if (results.length === 0) {
      this.contentEl.dataset.state = 'empty';
      this.showMessage(
        state.answer.belowMinScore > 0
          ? `No note is related above the minimum similarity (${state.answer.minScore}). You can lower it in settings.`
          : 'No related notes yet. Notes appear here once the vault has more notes on similar subjects.',
      );
      return;
    }
    for (const result of results) this.renderResult(path, result);
  }

  private renderResult(sourcePath: string, r: RelatedNote): void {
    const item = this.listEl.createDiv({ cls: 'kindred-result' });
    item.dataset.path = r.path;
    const head = item.createDiv({ cls: 'kindred-result-head' });
    const title = head.createEl('a', { cls: 'kindred-result-title', text: r.title, href: '#' });
    if (r.linked) head.createSpan({ cls: 'kindred-linked-badge', text: 'linked', attr: { 'aria-label': 'Already linked from this note' } });
    const folder = r.path.includes('/') ? r.path.slice(0, r.path.lastIndexOf('/')) : '';
    if (folder) item.createDiv({ cls: 'kindred-result-folder', text: folder });
    // Two numbers, named apart: the score ranks the list; the minimum in settings applies to the similarity.
    const scoreText = r.cosine === null ? `Score ${r.score.toFixed(2)}` : `Score ${r.score.toFixed(2)} · similarity ${r.cosine.toFixed(2)}`;
    const bar = item.createDiv({ cls: 'kindred-score', attr: { 'aria-label': scoreText, title: scoreText } });
    bar.createDiv({ cls: 'kindred-score-fill' }).setCssProps({ '--kindred-score': `${Math.round(Math.max(0, Math.min(1, r.score)) * 100)}%` });

    const open = (evt: MouseEvent) => {
      evt.preventDefault();
      void openResult(this.app, r.path, r.passage.heading, evt);
    };
    title.addEventListener('click', open);
    makeLinkable(this.app, item, r.path, VIEW_TYPE_RELATED, this);
    item.addEventListener('contextmenu', (evt: MouseEvent) => {
      evt.preventDefault();
      showResultMenu(this.app, evt, r.path, r.passage.heading, () => {
        item.remove();
        void this.deps.hide(sourcePath, r.path);
      });
    });

    if (!this.deps.settings().showPassages || !r.passage.text) return;
    const pair = item.createDiv({ cls: 'kindred-passages is-collapsed' });
    const toggle = pair.createDiv({ cls: 'kindred-passages-toggle', attr: { 'aria-label': 'Show the passages' } });
    setIcon(toggle, 'chevron-right');
    const theirs = pair.createDiv({ cls: 'kindred-passage kindred-passage-theirs' });
    if (r.passage.heading) theirs.createDiv({ cls: 'kindred-passage-heading', text: r.passage.heading });
    renderMarked(theirs.createDiv({ cls: 'kindred-passage-text' }), r.passage.text);
    if (r.otherPassage) {
      const mine = pair.createDiv({ cls: 'kindred-passage kindred-passage-mine' });
      mine.createDiv({ cls: 'kindred-passage-label', text: r.otherPassage.heading ? `In this note, ${r.otherPassage.heading}` : 'In this note' });
      renderMarked(mine.createDiv({ cls: 'kindred-passage-text' }), r.otherPassage.text);
    }
    pair.addEventListener('click', (evt) => {
      if ((evt.target as HTMLElement).closest('a')) return;
      pair.toggleClass('is-collapsed', !pair.hasClass('is-collapsed'));
    });
  }

  private showMessage(text: string): void {
    this.listEl.empty();
    this.listEl.createDiv({ cls: 'kindred-empty', text });
  }
}
