import { ItemView, setIcon, type WorkspaceLeaf } from 'obsidian';
import { MAP_DEFAULTS } from '../core/map/build-map';
import type { ColourBy } from '../core/map/colour-groups';
import { mapScene } from '../core/map/map-scene';
import type { MapNode, NeighbourhoodMap } from '../core/map/map-types';
import type { KindredEngine } from '../obsidian/kindred-engine';
import type { MapColourBy, MapNodeSize } from '../settings';
import { MapCanvas } from './map-canvas';
import { loadMap, type MapDataDeps, type MapLoad } from './map-data';
import { renderLegend, renderNodeInfo, renderTimeLists } from './map-panels';
import { makeLinkable, openResult } from './result-actions';

export const VIEW_TYPE_MAP = 'kindred-map';

/** The settings the map reads and changes. */
export interface MapSettings {
  mapNotes: number;
  mapEdgeThreshold: number;
  mapColourBy: MapColourBy;
  mapNodeSize: MapNodeSize;
  mapTimeAxis: boolean;
  minScore: number;
}

export interface MapViewDeps extends Omit<MapDataDeps, 'app'> {
  engine: KindredEngine;
  settings: () => MapSettings;
  saveSettings: () => Promise<void>;
  /** Milliseconds to wait after the active note changes before drawing (quick switching). */
  debounceMs?: number;
}

const COLOUR_CHOICES: { value: ColourBy; label: string }[] = [
  { value: 'cluster', label: 'Group' },
  { value: 'folder', label: 'Folder' },
  { value: 'tag', label: 'Tag' },
  { value: 'site', label: 'Site' },
];
/**
 * "Map of related notes": the note at the centre and its related notes as a force layout,
 * joined where they are similar (solid where a link exists, dashed where it does not), grouped
 * and coloured, optionally along time. It follows the active note like the related pane;
 * double-click (or Shift-Enter) puts another note at the centre, with back and forward.
 */
export class MapView extends ItemView {
  /** The note at the centre (or about to be). */
  centre: string | null = null;
  private back: string[] = [];
  private forward: string[] = [];
  /** The last active note followed, so focus moving to the map itself changes nothing. */
  private followed: string | null = null;
  private request: AbortController | null = null;
  private timer: number | null = null;
  private wasIndexing = false;
  private shown: NeighbourhoodMap | null = null;

  private titleEl!: HTMLElement;
  private backButton!: HTMLButtonElement;
  private forwardButton!: HTMLButtonElement;
  private countLabel!: HTMLElement;
  private bannerEl!: HTMLElement;
  private messageEl!: HTMLElement;
  private bodyEl!: HTMLElement;
  private canvas!: MapCanvas;
  private infoEl!: HTMLElement;
  private legendEl!: HTMLElement;
  private timeEl!: HTMLElement;

  constructor(leaf: WorkspaceLeaf, private readonly deps: MapViewDeps) {
    super(leaf);
  }

  getViewType(): string {
    return VIEW_TYPE_MAP;
  }

  getDisplayText(): string {
    return 'Map of related notes';
  }

  override getIcon(): string {
    return 'waypoints';
  }

  override onOpen(): Promise<void> {
    const root = this.contentEl;
    root.empty();
    root.addClass('kindred-map');
    this.buildToolbar(root.createDiv({ cls: 'kindred-map-toolbar' }));
    this.bannerEl = root.createDiv({ cls: 'kindred-map-banner' });
    this.messageEl = root.createDiv({ cls: 'kindred-map-message kindred-empty' });
    this.bodyEl = root.createDiv({ cls: 'kindred-map-body' });
    this.canvas = new MapCanvas(this.bodyEl, this.app, this, {
      open: (path, evt) => this.open(path, evt),
      recentre: (path) => this.go(path),
      point: (node) => this.showInfo(node),
    }, { zoom: true, hoverSource: VIEW_TYPE_MAP });
    this.infoEl = this.bodyEl.createDiv({ cls: 'kindred-map-info' });
    this.legendEl = root.createDiv({ cls: 'kindred-map-legend' });
    this.timeEl = root.createDiv({ cls: 'kindred-map-time' });
    this.registerEvent(this.app.workspace.on('file-open', () => this.follow()));
    this.registerEvent(this.app.workspace.on('active-leaf-change', () => this.follow()));
    this.wasIndexing = this.deps.engine.indexing;
    this.register(this.deps.engine.onChange(() => this.onEngineChange()));
    this.register(() => this.stop());
    this.follow(true);
    return Promise.resolve();
  }

  override onClose(): Promise<void> {
    this.stop();
    return Promise.resolve();
  }

  /** Puts `path` at the centre (the file menu, the pane's button), remembering where the map was. */
  show(path: string): void {
    this.followed = this.app.workspace.getActiveFile()?.path ?? this.followed;
    this.go(path);
  }

  private buildToolbar(bar: HTMLElement): void {
    const nav = bar.createDiv({ cls: 'kindred-map-nav' });
    this.backButton = nav.createEl('button', { cls: 'clickable-icon kindred-map-back', attr: { 'aria-label': 'Back' } });
    setIcon(this.backButton, 'arrow-left');
    this.backButton.addEventListener('click', () => this.goBack());
    this.forwardButton = nav.createEl('button', { cls: 'clickable-icon kindred-map-forward', attr: { 'aria-label': 'Forward' } });
    setIcon(this.forwardButton, 'arrow-right');
    this.forwardButton.addEventListener('click', () => this.goForward());
    this.titleEl = bar.createDiv({ cls: 'kindred-map-title' });

    const controls = bar.createDiv({ cls: 'kindred-map-controls' });
    const s = this.deps.settings();
    const count = controls.createEl('label', { cls: 'kindred-map-count' });
    const slider = count.createEl('input', {
      type: 'range',
      attr: { min: MAP_DEFAULTS.minK, max: MAP_DEFAULTS.maxK, step: 1, 'aria-label': 'Notes on the map' },
    });
    slider.value = String(s.mapNotes);
    this.countLabel = count.createSpan({ text: `${s.mapNotes} notes` });
    slider.addEventListener('input', () => this.countLabel.setText(`${slider.value} notes`));
    slider.addEventListener('change', () => void this.change(() => (this.deps.settings().mapNotes = Number(slider.value))));

    const time = controls.createEl('label', { cls: 'kindred-map-time-toggle' });
    const box = time.createEl('input', { type: 'checkbox' });
    box.checked = s.mapTimeAxis;
    time.appendText('Time axis');
    box.addEventListener('change', () => void this.change(() => (this.deps.settings().mapTimeAxis = box.checked)));

    const colour = controls.createEl('label', { cls: 'kindred-map-colour', text: 'Colour by ' });
    const select = colour.createEl('select', { cls: 'dropdown' });
    for (const c of COLOUR_CHOICES) select.createEl('option', { text: c.label, value: c.value });
    select.value = this.colourBy();
    select.addEventListener('change', () => void this.change(() => (this.deps.settings().mapColourBy = select.value as MapColourBy)));
  }

  /** A setting changed in the toolbar: saved, and the map drawn again. */
  private async change(apply: () => void): Promise<void> {
    apply();
    this.refresh();
    await this.deps.saveSettings();
  }

  private colourBy(): ColourBy {
    const by = this.deps.settings().mapColourBy;
    return COLOUR_CHOICES.some((c) => c.value === by) ? by : 'cluster';
  }

  /** The active note changed: draw its map (after a short pause while switches keep coming). */
  private follow(now = false): void {
    const file = this.app.workspace.getActiveFile();
    const path = file && file.extension === 'md' ? file.path : null;
    if (path === this.followed && !now) return;
    this.followed = path;
    if (path === null) {
      if (this.centre === null) this.showState('no-note', 'Open a note to see its map of related notes.');
      return;
    }
    this.cancelTimer();
    if (now) {
      this.go(path);
      return;
    }
    this.contentEl.dataset.state = 'loading';
    this.timer = window.setTimeout(() => {
      this.timer = null;
      this.go(path);
    }, this.deps.debounceMs ?? 150);
  }

  /** Puts `path` at the centre; the note there before goes on the back list. */
  private go(path: string): void {
    if (this.centre !== null && this.centre !== path) {
      this.back.push(this.centre);
      this.forward = [];
    }
    this.centre = path;
    this.refresh();
  }

  private goBack(): void {
    const previous = this.back.pop();
    if (previous === undefined || this.centre === null) return;
    this.forward.push(this.centre);
    this.centre = previous;
    this.refresh();
  }

  private goForward(): void {
    const next = this.forward.pop();
    if (next === undefined || this.centre === null) return;
    this.back.push(this.centre);
    this.centre = next;
    this.refresh();
  }

  private onEngineChange(): void {
    this.renderBanner();
    const busy = this.deps.engine.indexing;
    const finished = this.wasIndexing && !busy;
    this.wasIndexing = busy;
    const state = this.contentEl.dataset.state;
    // While the map waits for the index, progress may be what it waits for; a map drawn
    // mid-run may lack notes indexed since.
    if (state === 'waiting' || state === 'not-indexed' || (finished && ['map', 'no-neighbours'].includes(state ?? ''))) this.refresh();
  }

  /** Asks for the centre's map now; an answer for an earlier request is dropped. */
  refresh(): void {
    this.stop();
    this.updateNav();
    this.renderBanner();
    const path = this.centre;
    if (path === null) return;
    const file = this.app.vault.getFileByPath(path);
    this.titleEl.setText(file?.basename ?? path);
    const request = new AbortController();
    this.request = request;
    this.contentEl.dataset.state = 'loading';
    this.contentEl.dataset.path = path;
    const s = this.deps.settings();
    const started = performance.now();
    loadMap(
      { ...this.deps, app: this.app },
      path,
      { k: s.mapNotes, minScore: s.minScore, threshold: s.mapEdgeThreshold, time: s.mapTimeAxis, sizeBy: s.mapNodeSize },
      request.signal,
    )
      .then((load) => {
        if (!load || request.signal.aborted) return;
        this.render(load);
        // How long the whole update took, read by the responsiveness bench.
        this.contentEl.dataset.drawMs = String(Math.round(performance.now() - started));
      })
      .catch((e: unknown) => {
        if (request.signal.aborted) return;
        this.showState('error', `Could not draw the map: ${e instanceof Error ? e.message : String(e)}`);
      });
  }

  private render(load: MapLoad): void {
    switch (load.kind) {
      case 'waiting': {
        const s = this.deps.engine.status;
        this.showState(
          'waiting',
          s.kind === 'indexing'
            ? `Kindred is indexing the vault (${s.done} of ${s.total}); the map appears when it is done.`
            : 'Kindred is loading the index; the map appears in a moment.',
        );
        return;
      }
      case 'not-indexed':
        this.showState('not-indexed', 'This note is not indexed yet. Its map appears in a moment.');
        return;
      case 'empty-note':
        this.showState('empty-note', 'This note is empty. Write something, and the notes related to it appear here.');
        return;
      case 'no-neighbours':
        this.showState(
          'no-neighbours',
          load.map.belowMinScore > 0
            ? `No note is related above the minimum score (${load.map.minScore}). You can lower it in settings.`
            : 'No related notes yet. The map fills in once the vault has more notes on similar subjects.',
        );
        return;
      case 'map':
        this.drawMap(load.map, load.layout);
    }
  }

  private drawMap(map: NeighbourhoodMap, layout: Parameters<typeof mapScene>[1]): void {
    const scene = mapScene(map, layout, { colourBy: this.colourBy() });
    this.shown = map;
    this.titleEl.setText(map.nodes[0].title);
    this.messageEl.empty();
    this.bodyEl.show();
    this.canvas.draw(map, scene);
    this.showInfo(null);
    renderLegend(this.legendEl, scene.legend);
    this.renderTime(map);
    const root = this.contentEl;
    root.dataset.state = 'map';
    root.dataset.keywordOnly = String(map.keywordOnly);
    root.dataset.nodes = String(map.nodes.length);
    root.dataset.edges = String(map.edges.length);
  }

  private showState(state: string, message: string): void {
    this.shown = null;
    this.contentEl.dataset.state = state;
    this.bodyEl.hide();
    this.legendEl.empty();
    this.timeEl.empty();
    this.messageEl.setText(message);
  }

  private renderBanner(): void {
    const engine = this.deps.engine;
    this.bannerEl.empty();
    if (engine.modelState !== 'missing' && engine.modelState !== 'error') return;
    const box = this.bannerEl.createDiv({ cls: 'kindred-model-missing' });
    box.createSpan({
      text:
        engine.modelState === 'error'
          ? 'The embedding model could not be loaded, so this map is drawn from shared keywords only.'
          : 'The embedding model is not downloaded, so this map is drawn from shared keywords only.',
    });
    const button = box.createEl('button', { text: 'Download model', cls: 'mod-cta kindred-download-model' });
    button.addEventListener('click', () => {
      button.disabled = true;
      engine.downloadModel().catch(() => (button.disabled = false));
    });
  }

  private showInfo(node: MapNode | null): void {
    renderNodeInfo(this.infoEl, node);
  }

  private renderTime(map: NeighbourhoodMap): void {
    this.timeEl.empty();
    if (this.deps.settings().mapTimeAxis) renderTimeLists(this.timeEl, map, (path, item) => {
      item.querySelector('a')?.addEventListener('click', (evt) => this.open(path, evt));
      makeLinkable(this.app, item, path, VIEW_TYPE_MAP, this);
    });
  }

  private open(path: string, evt: MouseEvent | KeyboardEvent): void {
    evt.preventDefault();
    const node = this.shown?.nodes.find((n) => n.path === path);
    void openResult(this.app, path, node?.passage?.heading ?? '', evt);
  }

  private updateNav(): void {
    this.backButton.disabled = this.back.length === 0;
    this.forwardButton.disabled = this.forward.length === 0;
  }

  private cancelTimer(): void {
    if (this.timer !== null) window.clearTimeout(this.timer);
    this.timer = null;
  }

  private stop(): void {
    this.cancelTimer();
    this.request?.abort();
    this.request = null;
  }
}
