import { compile, type Options } from 'css-select';
import { DocumentFragment, Element, NodeList, parseHTML } from 'linkedom';

// linkedom compiles a CSS selector afresh on every querySelector, querySelectorAll, matches
// and closest call (closest even per ancestor checked). Defuddle calls them tens of thousands
// of times per page, so on the fixture pages about a third of a clip went into parsing and
// compiling the same few hundred selectors again (bench/clip.bench.ts, profiled with
// `node --cpu-prof`). This module memoises the compiled matcher per selector text and
// installs selector methods that use it on linkedom's HTML elements, documents and fragments.
// Matching is css-select's, with the same options linkedom passes, so results are the same.

type Matcher = (element: Element) => boolean;
type Adapter = NonNullable<Options<Node, Element>['adapter']>;

const isElement = (node: Node): node is Element => node.nodeType === 1;

function textOf(node: Node | Node[]): string {
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (isElement(node)) return textOf(node.childNodes as unknown as Node[]);
  return node.nodeType === 3 ? (node as Text).data : '';
}

// The adapter linkedom gives css-select, over the public DOM, for HTML documents (where
// linkedom compares tag names in lower case). `prevElementSibling` only makes sibling
// selectors cheaper; css-select falls back to the sibling list without it.
const adapter: Adapter = {
  isTag: isElement,
  getAttributeValue: (element, name) =>
    (name === 'class' ? element.getAttributeNode('class')?.value : element.getAttribute(name)) ?? undefined,
  // linkedom's NodeList is a fresh Array on every read; css-select only reads it.
  getChildren: (node) => node.childNodes as unknown as Node[],
  getName: (element) => element.localName.toLowerCase(),
  getParent: (element) => element.parentNode,
  getSiblings: (node) => (node.parentNode ? (node.parentNode.childNodes as unknown as Node[]) : [node]),
  prevElementSibling: (node) => (isElement(node) ? node.previousElementSibling : null),
  getText: textOf,
  hasAttrib: (element, name) => element.hasAttribute(name),
  removeSubsets: (nodes) => {
    let length = nodes.length;
    while (length--) {
      const node = nodes[length];
      if (length && nodes.lastIndexOf(node, length - 1) > -1) {
        nodes.splice(length, 1);
        continue;
      }
      for (let parent = node.parentNode; parent; parent = parent.parentNode) {
        if (nodes.includes(parent)) {
          nodes.splice(length, 1);
          break;
        }
      }
    }
    return nodes;
  },
};

// Selectors whose compiled form keeps per-element results (`:has`, `:contains`) or points at
// the calling element (`:scope`) are compiled per call, exactly as linkedom does (which passes
// the calling element as context only when the text contains ":scope").
const PER_CALL = /:(?:has|contains|icontains|scope)\b/i;
const cache = new Map<string, Matcher>();
const MAX_CACHED = 2000;

function matcherFor(context: Element, selectors: string): Matcher {
  if (PER_CALL.test(selectors)) {
    return compile<Node, Element>(selectors, { xmlMode: false, adapter }, selectors.includes(':scope') ? context : undefined)
  }
  let matcher = cache.get(selectors);
  if (!matcher) {
    // Pages cannot grow this: the selectors come from Defuddle and our own code, not from pages.
    if (cache.size >= MAX_CACHED) cache.clear();
    matcher = compile<Node, Element>(selectors, { xmlMode: false, adapter, cacheResults: false })
    cache.set(selectors, matcher);
  }
  return matcher;
}

/** Every element under `root` in document order, skipping `<template>` content as linkedom does; stops when `visit` returns true. */
function walkElements(root: Node, visit: (element: Element) => boolean): void {
  let element = (root as ParentNode).firstElementChild;
  while (element) {
    if (visit(element)) return;
    let next = element.localName === 'template' ? null : element.firstElementChild;
    if (!next) {
      let current: Element = element;
      while (!(next = current.nextElementSibling)) {
        const parent = current.parentNode;
        if (!parent || parent === root || !isElement(parent)) return;
        current = parent;
      }
    }
    element = next;
  }
}

const HTMLDocumentClass = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document.constructor;
const DocumentProto = HTMLDocumentClass.prototype as Document;
const ElementProto = Element.prototype as unknown as Element;
const FragmentProto = DocumentFragment.prototype as unknown as DocumentFragment;

/** HTML documents only: linkedom's XML documents compare tag names case-sensitively. */
function inHtml(node: Node): boolean {
  return (node.nodeType === 9 ? node : node.ownerDocument) instanceof HTMLDocumentClass;
}

type QueryOne = (this: Node, selectors: string) => Element | null;
type QueryAll = (this: Node, selectors: string) => NodeListOf<Element>;
type Matches = (this: Element, selectors: string) => boolean;
type Closest = (this: Element, selectors: string) => Element | null;

interface SelectorMethods {
  querySelector: QueryOne;
  querySelectorAll: QueryAll;
}

function stockOf(proto: object): SelectorMethods {
  const methods = proto as SelectorMethods;
  return { querySelector: methods.querySelector, querySelectorAll: methods.querySelectorAll };
}

const stock = {
  document: stockOf(DocumentProto),
  element: stockOf(ElementProto),
  fragment: stockOf(FragmentProto),
  matches: (ElementProto as unknown as { matches: Matches }).matches,
  closest: (ElementProto as unknown as { closest: Closest }).closest,
};

function fastMethods(fallback: SelectorMethods): SelectorMethods {
  // `:scope` on a document or fragment has no element to point at; linkedom's answer stands.
  const useStock = (node: Node, selectors: string): boolean => !inHtml(node) || (!isElement(node) && selectors.includes(':scope'));
  return {
    querySelector(this: Node, selectors: string): Element | null {
      selectors = String(selectors);
      if (useStock(this, selectors)) return fallback.querySelector.call(this, selectors);
      const matches = matcherFor(this as Element, selectors);
      let found: Element | null = null;
      walkElements(this, (element) => (matches(element) ? ((found = element), true) : false));
      return found;
    },
    querySelectorAll(this: Node, selectors: string): NodeListOf<Element> {
      selectors = String(selectors);
      if (useStock(this, selectors)) return fallback.querySelectorAll.call(this, selectors);
      const matches = matcherFor(this as Element, selectors);
      const list = new NodeList() as unknown as Element[];
      walkElements(this, (element) => {
        if (matches(element)) list.push(element);
        return false;
      });
      return list as unknown as NodeListOf<Element>;
    },
  };
}

function closestFrom(start: Element, matches: Matcher): Element | null {
  let element: Element | null = start;
  while (element && !matches(element)) element = element.parentElement;
  return element;
}

function fastMatches(this: Element, selectors: string): boolean {
  if (!inHtml(this)) return stock.matches.call(this, selectors);
  return matcherFor(this, String(selectors))(this);
}

function fastClosest(this: Element, selectors: string): Element | null {
  if (!inHtml(this)) return stock.closest.call(this, selectors);
  return closestFrom(this, matcherFor(this, String(selectors)));
}

const fast: typeof stock = {
  document: fastMethods(stock.document),
  element: fastMethods(stock.element),
  fragment: fastMethods(stock.fragment),
  matches: fastMatches,
  closest: fastClosest,
};

let fastInstalled = false;

function install(methods: typeof stock): void {
  Object.assign(DocumentProto, methods.document);
  Object.assign(FragmentProto, methods.fragment);
  Object.assign(ElementProto, methods.element, { matches: methods.matches, closest: methods.closest });
}

/**
 * Gives linkedom's HTML DOM memoised selector matching (same results, compiled once per
 * selector). Idempotent; affects every linkedom document in the process, as `linkedom/cached` does.
 */
export function installFastSelectors(): void {
  install(fast);
  fastInstalled = true;
}

/**
 * Runs `fn` (sync or async) on linkedom's own selector methods, then puts back whichever were
 * installed. For the clip benchmark's baseline (Defuddle on stock linkedom) and for tests
 * that compare the two. Nothing else may query a linkedom DOM while an async `fn` runs.
 */
export function withStockSelectors<T>(fn: () => T): T {
  const restore = (): void => install(fastInstalled ? fast : stock);
  install(stock);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}
