import { Keymap, setIcon, type App, type Component } from 'obsidian';
import type { MapNode, NeighbourhoodMap } from '../core/map/map-types';
import type { MapScene, SceneNode } from '../core/map/map-scene';
import { nearestInDirection, type Direction } from '../core/map/nearest-node';
import { makeLinkable } from './result-actions';

/** What the canvas asks of the view that holds it. */
export interface MapCanvasEvents {
  /** Open the note (Mod: in a new tab), at the heading of its passage. */
  open(path: string, evt: MouseEvent | KeyboardEvent): void;
  /** Put this note at the centre of the map. */
  recentre(path: string): void;
  /** The note under the pointer or with the focus changed (`null`: none). */
  point(node: MapNode | null): void;
}

export interface MapCanvasOptions {
  /** Wheel zoom and drag to pan (off in a code block, where the wheel scrolls the note). */
  zoom: boolean;
  /** The hover-link source the plugin registered for this view. */
  hoverSource: string;
}

/** Time Obsidian users know between the clicks of a double-click. */
const DOUBLE_CLICK_MS = 250;
const KEY_DIRECTIONS: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The map drawn as SVG with Obsidian's DOM helpers, and what a person does with it: hover (the
 * page preview, the passage pair), click to open, Mod-click for a new tab, double-click to
 * re-centre, drag a note into the editor for a link, wheel to zoom, drag the background to pan,
 * arrow keys between notes, Enter to open, Shift-Enter to re-centre.
 *
 * Each note's hit area is an HTML element in a `foreignObject` over its circle: browsers drag
 * (HTML drag and drop, which the editor takes a link from) only HTML elements, not SVG ones.
 */
export class MapCanvas {
  readonly el: HTMLElement;
  private svg: SVGSVGElement | null = null;
  private home: Box = { x: 0, y: 0, width: 1, height: 1 };
  private view: Box = { x: 0, y: 0, width: 1, height: 1 };
  private nodes: SceneNode[] = [];
  private mapNodes = new Map<string, MapNode>();
  private hits = new Map<string, HTMLElement>();
  private clickTimer: number | null = null;

  constructor(
    parent: HTMLElement,
    private readonly app: App,
    private readonly owner: Component,
    private readonly events: MapCanvasEvents,
    private readonly options: MapCanvasOptions,
  ) {
    this.el = parent.createDiv({ cls: 'kindred-map-canvas' });
    owner.register(() => this.cancelClick());
  }

  /** Draws `scene` (of `map`), replacing what was drawn. */
  draw(map: NeighbourhoodMap, scene: MapScene): void {
    this.cancelClick();
    this.el.empty();
    this.hits.clear();
    this.nodes = scene.nodes;
    this.mapNodes = new Map(map.nodes.map((n) => [n.path, n]));
    this.home = { ...scene.viewBox };
    this.view = { ...scene.viewBox };
    const svg = this.el.createSvg('svg', {
      cls: 'kindred-map-svg',
      attr: { role: 'group', 'aria-label': `Map of the notes related to ${map.nodes[0].title}`, preserveAspectRatio: 'xMidYMid meet' },
    });
    this.svg = svg;
    this.applyView();

    if (scene.axis) {
      const axis = svg.createSvg('g', { cls: 'kindred-map-axis' });
      axis.createSvg('line', { attr: { x1: scene.axis.x1, y1: scene.axis.y, x2: scene.axis.x2, y2: scene.axis.y } });
      for (const tick of scene.axis.ticks) {
        axis.createSvg('line', { cls: 'kindred-map-tick', attr: { x1: tick.x, y1: scene.axis.y - 4, x2: tick.x, y2: scene.axis.y + 4 } });
        axis.createSvg('text', { attr: { x: tick.x, y: scene.axis.y + 16, 'text-anchor': 'middle' } }).textContent = tick.label;
      }
      if (scene.axis.undatedY !== null) {
        axis.createSvg('text', { cls: 'kindred-map-undated', attr: { x: scene.axis.x1, y: scene.axis.undatedY - 30 } }).textContent = 'No date';
      }
    }

    const edges = svg.createSvg('g', { cls: 'kindred-map-edges' });
    for (const e of scene.edges) {
      const line = edges.createSvg('line', {
        cls: `kindred-map-edge ${e.linked ? 'is-linked' : 'is-unlinked'}`,
        attr: { x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, 'stroke-width': e.width.toFixed(2), 'data-source': e.source, 'data-target': e.target, 'data-similarity': e.similarity.toFixed(4) },
      });
      const a = this.mapNodes.get(e.source)?.title ?? e.source;
      const b = this.mapNodes.get(e.target)?.title ?? e.target;
      line.createSvg('title').textContent = `${a} – ${b}: similarity ${e.similarity.toFixed(2)}${e.linked ? ', linked' : ', not linked: a link you may be missing'}`;
    }

    const group = svg.createSvg('g', { cls: 'kindred-map-nodes' });
    for (const node of scene.nodes) this.drawNode(group, node);

    if (this.options.zoom) this.enableZoom(svg);
  }

  /** Moves the keyboard focus to a note of the map. */
  focus(path: string): void {
    this.hits.get(path)?.focus();
  }

  private drawNode(parent: SVGElement, node: SceneNode): void {
    const classes = ['kindred-map-node', node.colour === null ? 'kindred-colour-none' : `kindred-colour-${node.colour}`];
    if (node.centre) classes.push('is-centre');
    if (!node.labelled) classes.push('is-quiet');
    const g = parent.createSvg('g', {
      cls: classes,
      // Exact positions, so a test can hold them against the terminal's layout.
      attr: { 'data-path': node.path, 'data-x': String(node.x), 'data-y': String(node.y) },
    });
    g.createSvg('circle', { attr: { cx: node.x, cy: node.y, r: node.r } });
    g.createSvg('text', { cls: 'kindred-map-label', attr: { x: node.x + node.r + 4, y: node.y + 4 } }).textContent = node.label;
    const box = g.createSvg('foreignObject', { attr: { x: node.x - node.r, y: node.y - node.r, width: 2 * node.r, height: 2 * node.r } });
    const hit = box.createDiv({
      cls: 'kindred-map-hit',
      attr: { tabindex: node.centre ? 0 : -1, role: 'button', 'aria-label': node.centre ? `${node.title} (the centre)` : node.title, 'data-path': node.path },
    });
    this.hits.set(node.path, hit);
    makeLinkable(this.app, hit, node.path, this.options.hoverSource, this.owner);
    const mapNode = this.mapNodes.get(node.path)!;
    const point = (on: boolean) => {
      g.toggleClass('is-pointed', on);
      this.svg?.querySelectorAll(`.kindred-map-edge`).forEach((line) => {
        if (line.getAttribute('data-source') === node.path || line.getAttribute('data-target') === node.path) line.toggleClass('is-near', on);
      });
      this.events.point(on ? mapNode : null);
    };
    hit.addEventListener('mouseenter', () => point(true));
    hit.addEventListener('mouseleave', () => point(false));
    hit.addEventListener('focus', () => {
      // One note of the map is in the tab order at a time: the one with the focus.
      for (const other of this.hits.values()) other.tabIndex = other === hit ? 0 : -1;
      point(true);
    });
    hit.addEventListener('blur', () => point(false));
    hit.addEventListener('pointerdown', (evt) => evt.stopPropagation());
    hit.addEventListener('click', (evt: MouseEvent) => {
      evt.preventDefault();
      if (Keymap.isModEvent(evt)) {
        this.cancelClick();
        this.events.open(node.path, evt);
        return;
      }
      // A click opens the note unless a second click makes it a double-click.
      this.cancelClick();
      this.clickTimer = window.setTimeout(() => {
        this.clickTimer = null;
        this.events.open(node.path, evt);
      }, DOUBLE_CLICK_MS);
    });
    hit.addEventListener('dblclick', (evt: MouseEvent) => {
      evt.preventDefault();
      this.cancelClick();
      this.events.recentre(node.path);
    });
    hit.addEventListener('keydown', (evt: KeyboardEvent) => this.onKey(evt, node));
  }

  private onKey(evt: KeyboardEvent, node: SceneNode): void {
    const direction = KEY_DIRECTIONS[evt.key];
    if (direction) {
      evt.preventDefault();
      const next = nearestInDirection(this.nodes, node, direction);
      if (next) this.focus(next.path);
      return;
    }
    if (evt.key === 'Enter') {
      evt.preventDefault();
      if (evt.shiftKey) this.events.recentre(node.path);
      else this.events.open(node.path, evt);
      return;
    }
    if (!this.options.zoom) return;
    if (evt.key === '+' || evt.key === '=') this.zoomBy(0.8);
    else if (evt.key === '-') this.zoomBy(1.25);
    else if (evt.key === '0') this.resetView();
    else return;
    evt.preventDefault();
  }

  private enableZoom(svg: SVGSVGElement): void {
    const controls = this.el.createDiv({ cls: 'kindred-map-zoom' });
    const button = (icon: string, label: string, fn: () => void) => {
      const b = controls.createEl('button', { cls: 'clickable-icon', attr: { 'aria-label': label } });
      setIcon(b, icon);
      b.addEventListener('click', fn);
    };
    button('zoom-in', 'Zoom in', () => this.zoomBy(0.8));
    button('zoom-out', 'Zoom out', () => this.zoomBy(1.25));
    button('maximize', 'Fit the map', () => this.resetView());

    svg.addEventListener(
      'wheel',
      (evt: WheelEvent) => {
        evt.preventDefault();
        const at = this.toMap(evt.clientX, evt.clientY);
        this.zoomBy(Math.exp(evt.deltaY * 0.002), at);
      },
      { passive: false },
    );
    let drag: { id: number; x: number; y: number; view: Box } | null = null;
    svg.addEventListener('pointerdown', (evt: PointerEvent) => {
      if (evt.button !== 0) return;
      drag = { id: evt.pointerId, x: evt.clientX, y: evt.clientY, view: { ...this.view } };
      svg.setPointerCapture(evt.pointerId);
      svg.addClass('is-panning');
    });
    svg.addEventListener('pointermove', (evt: PointerEvent) => {
      if (!drag || drag.id !== evt.pointerId) return;
      const scale = this.unitsPerPixel();
      this.view = { ...drag.view, x: drag.view.x - (evt.clientX - drag.x) * scale, y: drag.view.y - (evt.clientY - drag.y) * scale };
      this.applyView();
    });
    const end = (evt: PointerEvent) => {
      if (!drag || drag.id !== evt.pointerId) return;
      drag = null;
      svg.removeClass('is-panning');
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
  }

  /** Map units per screen pixel (the SVG keeps its aspect ratio, so one scale for both axes). */
  private unitsPerPixel(): number {
    const rect = this.svg?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return 1;
    return Math.max(this.view.width / rect.width, this.view.height / rect.height);
  }

  private toMap(clientX: number, clientY: number): { x: number; y: number } {
    const rect = this.svg!.getBoundingClientRect();
    const scale = this.unitsPerPixel();
    return {
      x: this.view.x + this.view.width / 2 + (clientX - rect.left - rect.width / 2) * scale,
      y: this.view.y + this.view.height / 2 + (clientY - rect.top - rect.height / 2) * scale,
    };
  }

  /** Scales the view by `factor` (below 1 zooms in) around `at` (default: the middle). */
  private zoomBy(factor: number, at?: { x: number; y: number }): void {
    const minWidth = this.home.width / 8;
    const maxWidth = this.home.width * 4;
    const width = Math.max(minWidth, Math.min(maxWidth, this.view.width * factor));
    const f = width / this.view.width;
    const centre = at ?? { x: this.view.x + this.view.width / 2, y: this.view.y + this.view.height / 2 };
    this.view = {
      x: centre.x - (centre.x - this.view.x) * f,
      y: centre.y - (centre.y - this.view.y) * f,
      width,
      height: this.view.height * f,
    };
    this.applyView();
  }

  private resetView(): void {
    this.view = { ...this.home };
    this.applyView();
  }

  private applyView(): void {
    const v = this.view;
    this.svg?.setAttr('viewBox', `${v.x} ${v.y} ${v.width} ${v.height}`);
  }

  private cancelClick(): void {
    if (this.clickTimer !== null) window.clearTimeout(this.clickTimer);
    this.clickTimer = null;
  }
}
