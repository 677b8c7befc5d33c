import { compile, type Options } from 'css-select';
import { AttributeAction, isTraversal, parse, SelectorType, type Selector } from 'css-what';
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

const OPTIONS: Options<Node, Element> = {
  xmlMode: false,
  adapter,
  // A memoised matcher outlives one query while the document changes, so css-select must not
  // keep per-element results (`:has`, `:contains`) between calls.
  cacheResults: false,
};

/**
 * Where a selector can only match: `#id`, `.class`, `<tag` or `[attribute` of its last
 * compound, or '' when it can match any element. Case-insensitive ids and classes (`i`) only
 * promise the attribute.
 */
function bucketKey(selector: Selector[]): string {
  let start = selector.length;
  while (start > 0 && !isTraversal(selector[start - 1])) start--;
  const compound = selector.slice(start);
  let tag = '';
  let attribute = '';
  for (const token of compound) {
    if (token.type === SelectorType.Attribute && token.action !== AttributeAction.Not) {
      const name = token.name.toLowerCase();
      if (token.ignoreCase !== true && name === 'id' && token.action === AttributeAction.Equals) return `#${token.value}`;
      if (token.ignoreCase !== true && name === 'class' && token.action === AttributeAction.Element) return `.${token.value}`;
      attribute ||= `[${name}`;
    } else if (token.type === SelectorType.Tag) tag = `<${token.name.toLowerCase()}`;
  }
  return tag || attribute;
}

/** Lists this long are indexed by `bucketKey`, as browsers do, instead of trying every selector on every element. */
const INDEXED_LIST = 6;

/**
 * A matcher for a selector list. Defuddle's clutter list has 166 selectors; tried in turn on
 * every element of a page it cost more than all other queries together. Indexed, an element
 * is tried only against the selectors that name its tag, id, classes or attributes.
 */
function compileList(selectors: string): Matcher {
  const parsed = parse(selectors);
  if (parsed.length < INDEXED_LIST) return compile<Node, Element>(parsed, OPTIONS);
  const byKey = new Map<string, Matcher[]>();
  const anyElement: Matcher[] = [];
  const attributes = new Set<string>();
  for (const selector of parsed) {
    const key = bucketKey(selector);
    const matcher = compile<Node, Element>([selector], OPTIONS);
    if (!key) {
      anyElement.push(matcher);
      continue;
    }
    if (key.startsWith('[')) attributes.add(key.slice(1));
    const bucket = byKey.get(key);
    if (bucket) bucket.push(matcher);
    else byKey.set(key, [matcher]);
  }
  const attributeNames = [...attributes];
  const tryAll = (matchers: Matcher[] | undefined, element: Element): boolean => !!matchers && matchers.some((m) => m(element));
  return (element) => {
    if (tryAll(anyElement, element) || tryAll(byKey.get(`<${element.localName.toLowerCase()}`), element)) return true;
    const id = element.getAttribute('id');
    if (id !== null && tryAll(byKey.get(`#${id}`), element)) return true;
    const className = element.getAttributeNode('class')?.value;
    if (className) {
      for (const name of new Set(className.split(/\s+/))) if (name && tryAll(byKey.get(`.${name}`), element)) return true;
    }
    for (const name of attributeNames) if (element.hasAttribute(name) && tryAll(byKey.get(`[${name}`), element)) return true;
    return false;
  };
}

const cache = new Map<string, Matcher>();
const MAX_CACHED = 2000;

function matcherFor(context: Element, selectors: string): Matcher {
  // linkedom passes the calling element as context only for ":scope"; such a matcher is for this call alone.
  if (selectors.includes(':scope')) return compile<Node, Element>(selectors, { ...OPTIONS, cacheResults: true }, context);
  let matcher = cache.get(selectors);
  if (!matcher) {
    // Pages cannot grow this: the selectors come from Defuddle and our own code, not from pages.
    if (cache.size >= MAX_CACHED) cache.clear();
    matcher = compileList(selectors);
    cache.set(selectors, matcher);
  }
  return matcher;
}

type Visit = (element: Element) => boolean;

/** Every element under `root` in document order, skipping `<template>` content as linkedom does; stops when `visit` returns true. */
function walkPublic(root: Node, visit: Visit): void {
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

// linkedom keeps a document as one linked list in document order: every node points to the
// next (`next`) and an element to the marker that closes it (`end`). Walking that list is one
// hop per node, where firstElementChild/nextElementSibling each walk it again; on the fixture
// pages the public walk cost as much as the matching. The keys are linkedom's own symbols,
// found by name and checked against the public walk on a probe page; if either fails (another
// linkedom version), the public walk is used.
interface Linked {
  nodeType: number;
  localName?: string;
  [key: symbol]: Linked | undefined;
}

function linkedWalker(next: symbol, end: symbol): (root: Node, visit: Visit) => void {
  return (root, visit) => {
    const stop = (root as unknown as Linked)[end];
    let node = (root as unknown as Linked)[next];
    while (node && node !== stop) {
      if (node.nodeType === 1) {
        if (visit(node as unknown as Element)) return;
        node = node.localName === 'template' ? node[end] : node[next];
      } else node = node[next];
    }
  };
}

function chooseWalker(): (root: Node, visit: Visit) => void {
  const probe = parseHTML(
    '<!DOCTYPE html><html><head><title>t</title></head><body><div id="a">x<p>y<b>z</b></p><!--c--><template><i></i></template><span></span></div><ul><li>1</li></ul></body></html>',
  ).document;
  const keys = Object.getOwnPropertySymbols(probe.body);
  const next = keys.find((k) => k.description === 'next');
  const end = keys.find((k) => k.description === 'end');
  if (!next || !end) return walkPublic;
  const walker = linkedWalker(next, end);
  const fragment = probe.createRange().createContextualFragment('<em>a</em>text<q><b>b</b></q>');
  const roots: Node[] = [probe, probe.documentElement, probe.body, probe.getElementById('a')!, probe.querySelector('ul')!, fragment];
  const list = (walk: typeof walker, root: Node): Element[] => {
    const found: Element[] = [];
    walk(root, (e) => (found.push(e), false));
    return found;
  };
  const same = roots.every((root) => {
    const a = list(walker, root);
    const b = list(walkPublic, root);
    return a.length === b.length && a.every((e, i) => e === b[i]);
  });
  return same ? walker : walkPublic;
}

const HTMLDocumentClass = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document.constructor;
const DocumentProto = HTMLDocumentClass.prototype as Document;
const ElementProto = Element.prototype as unknown as Element;
const FragmentProto = DocumentFragment.prototype as unknown as DocumentFragment;
const walkElements = chooseWalker();

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
