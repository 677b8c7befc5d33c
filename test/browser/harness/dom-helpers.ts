/**
 * Obsidian's additions to the DOM (`createEl`, `empty`, `setText`, `toggleClass`, …), installed
 * on the page's prototypes as Obsidian installs them, so the built plugin runs unchanged.
 */
interface ElInfo {
  cls?: string | string[];
  text?: string;
  attr?: Record<string, string | number | boolean | null>;
  title?: string;
  href?: string;
  type?: string;
  value?: string;
  placeholder?: string;
  parent?: Node;
  prepend?: boolean;
}

function applyInfo(el: HTMLElement, o?: ElInfo | string): void {
  if (typeof o === 'string') o = { cls: o };
  if (!o) return;
  if (o.cls) el.className = Array.isArray(o.cls) ? o.cls.join(' ') : o.cls;
  if (o.text !== undefined) el.textContent = o.text;
  if (o.title) el.title = o.title;
  if (o.href) el.setAttribute('href', o.href);
  if (o.type) el.setAttribute('type', o.type);
  if (o.value !== undefined) (el as HTMLInputElement).value = o.value;
  if (o.placeholder) el.setAttribute('placeholder', o.placeholder);
  for (const [k, v] of Object.entries(o.attr ?? {})) if (v !== null && v !== false) el.setAttribute(k, String(v));
}

function make<K extends keyof HTMLElementTagNameMap>(
  parent: Node | null,
  tag: K,
  o?: ElInfo | string,
  cb?: (el: HTMLElementTagNameMap[K]) => void,
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  applyInfo(el, o);
  if (parent) {
    if (typeof o === 'object' && o?.prepend) (parent as ParentNode).prepend(el);
    else parent.appendChild(el);
  }
  cb?.(el);
  return el;
}

interface SvgInfo {
  cls?: string | string[];
  attr?: Record<string, string | number | boolean | null>;
  parent?: Node;
  prepend?: boolean;
}

/** Obsidian's `createSvg`: an element in the SVG namespace, with classes and attributes. */
function makeSvg(parent: Node | null, tag: string, o?: SvgInfo | string, cb?: (el: SVGElement) => void): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  if (typeof o === 'string') o = { cls: o };
  if (o?.cls) el.setAttribute('class', Array.isArray(o.cls) ? o.cls.join(' ') : o.cls);
  for (const [k, v] of Object.entries(o?.attr ?? {})) if (v !== null && v !== false) el.setAttribute(k, String(v));
  const into = o?.parent ?? parent;
  if (into) {
    if (o?.prepend) (into as ParentNode).prepend(el);
    else into.appendChild(el);
  }
  cb?.(el);
  return el;
}

/** Installs the helpers once per page. */
export function installDomHelpers(): void {
  const N = Node.prototype as unknown as Record<string, unknown>;
  // Obsidian puts the class and attribute helpers on Element, so SVG elements have them too.
  const E = Element.prototype as unknown as Record<string, unknown>;
  const F = DocumentFragment.prototype as unknown as Record<string, unknown>;
  for (const proto of [N, F]) {
    proto.createEl = function (this: Node, tag: keyof HTMLElementTagNameMap, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
      return make(this, tag, o, cb);
    };
    proto.createDiv = function (this: Node, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
      return make(this, 'div', o, cb);
    };
    proto.createSpan = function (this: Node, o?: ElInfo | string, cb?: (el: HTMLElement) => void) {
      return make(this, 'span', o, cb);
    };
    proto.empty = function (this: Node) {
      while (this.firstChild) this.removeChild(this.firstChild);
    };
    proto.appendText = function (this: Node, text: string) {
      this.appendChild(document.createTextNode(text));
    };
    proto.createSvg = function (this: Node, tag: string, o?: SvgInfo | string, cb?: (el: SVGElement) => void) {
      return makeSvg(this, tag, o, cb);
    };
  }
  E.getText = function (this: Element) {
    return this.textContent ?? '';
  };
  E.setText = function (this: HTMLElement, text: string | DocumentFragment) {
    if (typeof text === 'string') this.textContent = text;
    else {
      this.textContent = '';
      this.appendChild(text);
    }
  };
  E.addClass = function (this: HTMLElement, ...c: string[]) {
    this.classList.add(...c);
  };
  E.removeClass = function (this: HTMLElement, ...c: string[]) {
    this.classList.remove(...c);
  };
  E.toggleClass = function (this: HTMLElement, c: string, on: boolean) {
    this.classList.toggle(c, on);
  };
  E.hasClass = function (this: HTMLElement, c: string) {
    return this.classList.contains(c);
  };
  E.setAttr = function (this: HTMLElement, k: string, v: string | number | boolean | null) {
    if (v === null) this.removeAttribute(k);
    else this.setAttribute(k, String(v));
  };
  E.setCssProps = function (this: HTMLElement, props: Record<string, string>) {
    for (const [k, v] of Object.entries(props)) this.style.setProperty(k, v);
  };
  E.setCssStyles = function (this: HTMLElement, styles: Record<string, string>) {
    Object.assign(this.style, styles);
  };
  E.show = function (this: HTMLElement) {
    this.style.display = '';
  };
  E.hide = function (this: HTMLElement) {
    this.style.display = 'none';
  };
  const g = window as unknown as Record<string, unknown>;
  g.createEl = (tag: keyof HTMLElementTagNameMap, o?: ElInfo | string, cb?: (el: HTMLElement) => void) => make(null, tag, o, cb);
  g.createDiv = (o?: ElInfo | string, cb?: (el: HTMLElement) => void) => make(null, 'div', o, cb);
  g.createSpan = (o?: ElInfo | string, cb?: (el: HTMLElement) => void) => make(null, 'span', o, cb);
  g.createSvg = (tag: string, o?: SvgInfo | string, cb?: (el: SVGElement) => void) => makeSvg(null, tag, o, cb);
  g.createFragment = (cb?: (f: DocumentFragment) => void) => {
    const f = document.createDocumentFragment();
    cb?.(f);
    return f;
  };
}
