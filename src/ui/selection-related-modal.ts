import { SuggestModal, type App } from 'obsidian';
import type { RelatedNote } from '../core/rank/rank-related';
import { openResult } from './result-actions';
import { renderMarked } from './render-marked';

/** "Find notes related to selection": the related notes of a piece of text, to pick and open. */
export class SelectionRelatedModal extends SuggestModal<RelatedNote> {
  constructor(
    app: App,
    private readonly results: RelatedNote[],
  ) {
    super(app);
    this.setPlaceholder('Filter the notes related to the selection');
    this.modalEl.addClass('kindred-search-modal');
  }

  getSuggestions(query: string): RelatedNote[] {
    const q = query.toLowerCase();
    return this.results.filter((r) => r.title.toLowerCase().includes(q) || r.passage.text.toLowerCase().includes(q));
  }

  renderSuggestion(r: RelatedNote, el: HTMLElement): void {
    el.addClass('kindred-search-row');
    el.dataset.path = r.path;
    const head = el.createDiv({ cls: 'kindred-search-head' });
    head.createSpan({ cls: 'kindred-search-title', text: r.title });
    head.createSpan({ cls: 'kindred-search-score', text: r.score.toFixed(2) });
    if (r.passage.heading) el.createDiv({ cls: 'kindred-search-heading', text: r.passage.heading });
    if (r.passage.text) renderMarked(el.createDiv({ cls: 'kindred-search-passage' }), r.passage.text);
  }

  onChooseSuggestion(r: RelatedNote, evt: MouseEvent | KeyboardEvent): void {
    void openResult(this.app, r.path, r.passage.heading, evt);
  }
}
