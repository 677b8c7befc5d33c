import { MarkdownRenderChild, TFile, type App, type Plugin } from 'obsidian';
import { parseKindredBlock, type KindredBlock } from '../core/block/kindred-block';
import { mapScene } from '../core/map/map-scene';
import type { SearchResult } from '../core/rank/search-notes';
import type { RelatedNote } from '../core/rank/rank-related';
import type { KindredEngine } from '../obsidian/kindred-engine';
import { onIndexChange } from './index-changes';
import { MapCanvas } from './map-canvas';
import { loadMap, type MapDataDeps } from './map-data';
import type { MapSettings } from './map-view';
import { makeLinkable, openResult } from './result-actions';
import { renderMarked } from './render-marked';

/** The hover-link source of the blocks' results (page preview with Mod, as in the pane). */
export const KINDRED_BLOCK_SOURCE = 'kindred-block';

export interface KindredBlockDeps {
  engine: KindredEngine;
  map: Omit<MapDataDeps, 'app' | 'engine'>;
  settings: () => MapSettings;
  /** Opens the map view centred on a note (double-click in a block's map). */
  openMap: (path: string) => void;
  /** After the index changes, wait this long before asking again (default 1,000 ms)… */
  refreshDelayMs?: number;
  /** …and until the note the block is in has not been edited for this long (default 2,000 ms). */
  quietMs?: number;
}

/** Registers the `kindred` code block: in reading view and live preview alike, Obsidian hands each block to this. */
export function registerKindredBlocks(plugin: Plugin, deps: KindredBlockDeps): void {
  plugin.registerHoverLinkSource(KINDRED_BLOCK_SOURCE, { display: 'Kindred code blocks', defaultMod: true });
  plugin.registerMarkdownCodeBlockProcessor('kindred', (source, el, ctx) => {
    ctx.addChild(new KindredBlockChild(el, source, ctx.sourcePath, plugin.app, deps));
  });
}

type Rendered = { kind: 'results'; items: (SearchResult | RelatedNote)[] } | { kind: 'message'; state: string; text: string };

/**
 * One `kindred` block in a note: its results, kept current. The answer is asked again when
 * the index changes (a second after the change, and only once the note has not been edited
 * for two seconds, so nothing moves under the cursor while someone types). A block that is
 * wrong shows what is wrong, and never throws.
 */
export class KindredBlockChild extends MarkdownRenderChild {
  private ticket = 0;
  private timer: number | null = null;
  private lastEdit = 0;
  private runs = 0;
  private renders = 0;
  private signature = '';
  private request: AbortController | null = null;

  constructor(
    containerEl: HTMLElement,
    private readonly source: string,
    private readonly sourcePath: string,
    private readonly app: App,
    private readonly deps: KindredBlockDeps,
  ) {
    super(containerEl);
  }

  override onload(): void {
    const el = this.containerEl;
    el.addClass('kindred-block');
    const parsed = parseKindredBlock(this.source);
    if ('problem' in parsed) {
      el.dataset.state = 'problem';
      el.dataset.problem = parsed.problem.code;
      el.createDiv({ cls: 'kindred-block-problem', text: `Kindred: ${parsed.problem.message}` });
      return;
    }
    const block = parsed.block;
    el.dataset.kind = block.kind;
    this.registerEvent(
      this.app.workspace.on('editor-change', (_editor, info) => {
        if (info.file?.path === this.sourcePath) this.lastEdit = Date.now();
      }),
    );
    this.register(onIndexChange(this.deps.engine, () => this.schedule(block)));
    this.register(() => this.stop());
    this.showMessage('loading', 'Kindred is looking…');
    void this.run(block);
  }

  override onunload(): void {
    this.stop();
  }

  private schedule(block: KindredBlock): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    const wait = (ms: number) => {
      this.timer = window.setTimeout(() => {
        this.timer = null;
        const quiet = this.deps.quietMs ?? 2000;
        const since = Date.now() - this.lastEdit;
        if (since < quiet) wait(quiet - since);
        else void this.run(block);
      }, ms);
    };
    wait(this.deps.refreshDelayMs ?? 1000);
  }

  private stop(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
    this.request?.abort();
    this.ticket++;
  }

  private async run(block: KindredBlock): Promise<void> {
    const ticket = ++this.ticket;
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.containerEl.dataset.runs = String(++this.runs);
    try {
      if (block.kind === 'map') await this.runMap(block, request.signal);
      else {
        const rendered = await this.answer(block);
        if (ticket === this.ticket) this.show(rendered);
      }
    } catch (e) {
      if (ticket === this.ticket) this.showMessage('error', `Kindred: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The note a related or map block is about: its own note, or the one its link names. */
  private target(note: string | null): string | null {
    if (note === null) return this.sourcePath;
    const file = this.app.metadataCache.getFirstLinkpathDest(note, this.sourcePath);
    return file instanceof TFile ? file.path : null;
  }

  private async answer(block: KindredBlock): Promise<Rendered> {
    const engine = this.deps.engine;
    if (!engine.index) return { kind: 'message', state: 'waiting', text: 'Kindred is loading the index; the results appear in a moment.' };
    if (block.kind === 'query') {
      if (block.mode !== 'keyword' && !engine.embedder) {
        return {
          kind: 'message',
          state: 'no-model',
          text: `Kindred: a ${block.mode} search needs the embedding model, which is not ${engine.modelState === 'error' ? 'loaded (it could not be)' : 'downloaded yet'}. Download it in Kindred's settings, or write "mode: keyword".`,
        };
      }
      // The note holding the block holds the query's words too: it is left out of its own results.
      const results = (await engine.search(block.query, block.mode, block.k + 1, block.filter)).filter((r) => r.path !== this.sourcePath).slice(0, block.k);
      return results.length > 0 ? { kind: 'results', items: results } : { kind: 'message', state: 'empty', text: 'No notes match this search.' };
    }
    const path = this.target(block.note);
    if (!path) return { kind: 'message', state: 'error', text: `Kindred: there is no note "${block.note}".` };
    const state = await engine.related(path, block.k, this.deps.settings().minScore);
    if (state.kind === 'waiting') return { kind: 'message', state: 'waiting', text: 'Kindred is indexing; the related notes appear when it is done.' };
    if (state.kind === 'not-indexed') return { kind: 'message', state: 'waiting', text: 'This note is not indexed yet; its related notes appear in a moment.' };
    if (state.answer.results.length === 0) {
      return { kind: 'message', state: 'empty', text: `No note is related above the minimum score (${state.answer.minScore}).` };
    }
    return { kind: 'results', items: state.answer.results };
  }

  private async runMap(block: Extract<KindredBlock, { kind: 'map' }>, signal: AbortSignal): Promise<void> {
    const path = this.target(block.note);
    if (!path) {
      this.showMessage('error', `Kindred: there is no note "${block.note}".`);
      return;
    }
    const s = this.deps.settings();
    const load = await loadMap(
      { ...this.deps.map, engine: this.deps.engine, app: this.app },
      path,
      { k: block.k, minScore: s.minScore, threshold: s.mapEdgeThreshold, time: false, sizeBy: s.mapNodeSize },
      signal,
    );
    if (!load || signal.aborted) return;
    if (load.kind !== 'map') {
      const text = {
        waiting: 'Kindred is indexing; the map appears when it is done.',
        'not-indexed': 'This note is not indexed yet; its map appears in a moment.',
        'empty-note': 'This note is empty, so it has no map yet.',
        'no-neighbours': 'No note is related to this one above the minimum score.',
      }[load.kind];
      this.showMessage(load.kind === 'no-neighbours' ? 'empty' : load.kind, text);
      return;
    }
    const signature = JSON.stringify([load.map.nodes.map((n) => n.path), load.map.edges.length, s.mapColourBy]);
    if (signature === this.signature) return;
    this.signature = signature;
    const el = this.containerEl;
    el.empty();
    el.dataset.state = 'map';
    el.dataset.renders = String(++this.renders);
    if (load.map.keywordOnly) el.createDiv({ cls: 'kindred-block-note', text: 'Drawn from shared keywords only: the embedding model is not downloaded.' });
    const canvas = new MapCanvas(el, this.app, this, {
      open: (p, evt) => void openResult(this.app, p, load.map.nodes.find((n) => n.path === p)?.passage?.heading ?? '', evt),
      recentre: (p) => this.deps.openMap(p),
      point: () => {},
    }, { zoom: false, hoverSource: KINDRED_BLOCK_SOURCE });
    const colourBy = (['cluster', 'folder', 'tag', 'site'] as const).find((c) => c === s.mapColourBy) ?? 'cluster';
    canvas.draw(load.map, mapScene(load.map, load.layout, { colourBy }));
  }

  private show(rendered: Rendered): void {
    if (rendered.kind === 'message') {
      this.showMessage(rendered.state, rendered.text);
      return;
    }
    // The same answer again (an index change elsewhere): nothing to redraw.
    const signature = JSON.stringify(rendered.items.map((r) => [r.path, r.score.toFixed(4)]));
    if (signature === this.signature) return;
    this.signature = signature;
    const el = this.containerEl;
    el.empty();
    el.dataset.state = 'results';
    el.dataset.renders = String(++this.renders);
    const list = el.createDiv({ cls: 'kindred-block-results' });
    for (const item of rendered.items) this.renderItem(list, item);
  }

  private renderItem(list: HTMLElement, r: SearchResult | RelatedNote): void {
    const item = list.createDiv({ cls: 'kindred-result' });
    item.dataset.path = r.path;
    const head = item.createDiv({ cls: 'kindred-result-head' });
    const title = head.createEl('a', { cls: 'kindred-result-title', text: r.title, href: '#' });
    if ('linked' in r && r.linked) head.createSpan({ cls: 'kindred-linked-badge', text: 'linked' });
    const bar = item.createDiv({ cls: 'kindred-score', attr: { 'aria-label': `Score ${r.score.toFixed(2)}` } });
    bar.createDiv({ cls: 'kindred-score-fill' }).setCssProps({ '--kindred-score': `${Math.round(Math.max(0, Math.min(1, r.score)) * 100)}%` });
    if (r.passage.text) {
      const passage = item.createDiv({ cls: 'kindred-passage' });
      if (r.passage.heading) passage.createDiv({ cls: 'kindred-passage-heading', text: r.passage.heading });
      renderMarked(passage.createDiv({ cls: 'kindred-passage-text kindred-block-passage' }), r.passage.text);
    }
    title.addEventListener('click', (evt: MouseEvent) => {
      evt.preventDefault();
      void openResult(this.app, r.path, r.passage.heading, evt);
    });
    makeLinkable(this.app, item, r.path, KINDRED_BLOCK_SOURCE, this);
  }

  private showMessage(state: string, text: string): void {
    this.signature = '';
    const el = this.containerEl;
    el.empty();
    el.dataset.state = state;
    el.createDiv({ cls: state === 'error' || state === 'no-model' ? 'kindred-block-problem' : 'kindred-empty', text });
  }
}
