import { compile, type Options } from 'css-select';
import { AttributeAction, isTraversal, parse, SelectorType, type Selector } from 'css-what';
import { DocumentFragment, Element, NodeList, parseHTML } from 'linkedom';
import linkedomPackage from 'linkedom/package.json';

// linkedom compiles a CSS selector afresh on every querySelector, querySelectorAll, matches
// and closest call (closest even per ancestor checked). Defuddle makes tens of thousands of
// such calls per page with a few hundred distinct selectors, so the CLI gives linkedom's HTML
// documents selector methods that compile each selector once (css-select, as linkedom itself
// uses) and walk the tree through the DOM's public API. Nothing here reads linkedom's private
// fields: a linkedom version this was not checked against gets linkedom's own methods.
// Installed only by the CLI's start (`installSelectorCache`), never as a side effect of an import.

type Matcher = (element: Element) => boolean;
type Adapter = NonNullable<Options<Node, Element>['adapter']>;

/** The linkedom versions these methods were checked against (test/cli/linkedom-selectors.test.ts). */
export const CHECKED_LINKEDOM = /^0\.18\./;

const isElement = (node: Node): node is Element => node.nodeType === 1;

/**
 * The class attribute. linkedom's getAttribute('class') joins the class list afresh on every
 * call, which showed in a CPU profile of the LessWrong clip; the attribute node holds the same
 * text, and linkedom's own matcher reads it.
 */
function classOf(element: Element): string | null {
  return element.getAttributeNode('class')?.value ?? null;
}

/** A node's children as the array css-select reads: linkedom's NodeList already is one (a fresh one each time). */
function childrenOf(node: Node): Node[] {
  const children = node.childNodes;
  return Array.isArray(children) ? (children as Node[]) : Array.from(children);
}

// css-select reads the tree through an adapter; this one is written over the public DOM of an
// HTML document, where linkedom compares tag names in lower case.
const adapter: Adapter = {
  isTag: isElement,
  getAttributeValue: (element, name) => (name === 'class' ? classOf(element) : element.getAttribute(name)) ?? undefined,
  getChildren: childrenOf,
  getName: (element) => element.localName.toLowerCase(),
  getParent: (element) => element.parentNode,
  getSiblings: (node) => (node.parentNode ? childrenOf(node.parentNode) : [node]),
  prevElementSibling: (node) => (isElement(node) ? node.previousElementSibling : null),
  // The text of an element or a text node; a comment's text is none (`:empty` allows comments).
  getText: (node) => (isElement(node) || node.nodeType === 3 ? node.textContent ?? '' : ''),
  hasAttrib: (element, name) => element.hasAttribute(name),
  // Only css-select's selectAll over several roots calls this; compiled matchers never do.
  removeSubsets: (nodes) => nodes.filter((node, i) => nodes.indexOf(node) === i && !nodes.some((other) => other !== node && other.contains(node))),
};

const OPTIONS: Options<Node, Element> = {
  xmlMode: false,
  adapter,
  // A cached matcher outlives one query while the document changes, so css-select must not
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
  let tag = '';
  let attribute = '';
  for (const token of selector.slice(start)) {
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
    const className = classOf(element);
    if (className) {
      for (const name of new Set(className.split(/\s+/))) if (name && tryAll(byKey.get(`.${name}`), element)) return true;
    }
    for (const name of attributeNames) if (element.hasAttribute(name) && tryAll(byKey.get(`[${name}`), element)) return true;
    return false;
  };
}

const cache = new Map<string, Matcher>();
// Pages cannot grow this: the selectors come from Defuddle and our own code, not from pages.
const MAX_CACHED = 2000;

function matcherFor(context: Element, selectors: string): Matcher {
  // `:scope` points at the element the query runs on: such a matcher is for this call alone.
  if (selectors.includes(':scope')) return compile<Node, Element>(selectors, { ...OPTIONS, cacheResults: true }, context);
  let matcher = cache.get(selectors);
  if (!matcher) {
    if (cache.size >= MAX_CACHED) cache.clear();
    matcher = compileList(selectors);
    cache.set(selectors, matcher);
  }
  return matcher;
}

type Visit = (element: Element) => boolean;

/**
 * Every element under `root` in document order, as querySelectorAll sees them (not `root`
 * itself, nothing inside a `<template>`), until `visit` returns true.
 */
function walkElements(root: Node, visit: Visit): void {
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

type QueryOne = (this: Node, selectors: string) => Element | null;
type QueryAll = (this: Node, selectors: string) => NodeListOf<Element>;
type Matches = (this: Element, selectors: string) => boolean;
type Closest = (this: Element, selectors: string) => Element | null;

interface SelectorMethods {
  querySelector: QueryOne;
  querySelectorAll: QueryAll;
}

interface Prototypes {
  document: SelectorMethods;
  element: SelectorMethods & { matches: Matches; closest: Closest };
  fragment: SelectorMethods;
}

// linkedom's HTML document class is not exported under a name; a parsed document shows it.
const HTMLDocumentClass = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document.constructor;
const PROTOTYPES = {
  document: HTMLDocumentClass.prototype as SelectorMethods,
  element: Element.prototype as unknown as Prototypes['element'],
  fragment: DocumentFragment.prototype as unknown as SelectorMethods,
};

function methodsOf(): Prototypes {
  const pick = ({ querySelector, querySelectorAll }: SelectorMethods): SelectorMethods => ({ querySelector, querySelectorAll });
  const { matches, closest } = PROTOTYPES.element;
  return { document: pick(PROTOTYPES.document), element: { ...pick(PROTOTYPES.element), matches, closest }, fragment: pick(PROTOTYPES.fragment) };
}

const stock = methodsOf();

/** HTML documents only: linkedom's XML documents compare tag names case-sensitively. */
function inHtml(node: Node): boolean {
  return (node.nodeType === 9 ? node : node.ownerDocument) instanceof HTMLDocumentClass;
}

function cachedMethods(fallback: SelectorMethods): SelectorMethods {
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

const cached: Prototypes = {
  document: cachedMethods(stock.document),
  fragment: cachedMethods(stock.fragment),
  element: {
    ...cachedMethods(stock.element),
    matches(this: Element, selectors: string): boolean {
      if (!inHtml(this)) return stock.element.matches.call(this, selectors);
      return matcherFor(this, String(selectors))(this);
    },
    closest(this: Element, selectors: string): Element | null {
      if (!inHtml(this)) return stock.element.closest.call(this, selectors);
      const matches = matcherFor(this, String(selectors));
      if (matches(this)) return this;
      let element = this.parentElement;
      while (element && !matches(element)) element = element.parentElement;
      return element;
    },
  },
};

let installed = false;

function put(methods: Prototypes): void {
  Object.assign(PROTOTYPES.document, methods.document);
  Object.assign(PROTOTYPES.fragment, methods.fragment);
  Object.assign(PROTOTYPES.element, methods.element);
}

/**
 * Gives linkedom's HTML documents cached selector matching (same answers, each selector
 * compiled once), for every linkedom document in the process. Called once by the CLI's start.
 * Returns false, and changes nothing, for a linkedom version these methods were not checked against.
 */
export function installSelectorCache(version: string = linkedomPackage.version): boolean {
  if (!CHECKED_LINKEDOM.test(version)) return false;
  put(cached);
  installed = true;
  return true;
}

/**
 * Runs `fn` (sync or async) on linkedom's own selector methods, then puts back whichever were
 * installed. For the clip benchmark's baseline and for tests that compare the two. Nothing
 * else may query a linkedom DOM while an async `fn` runs.
 */
export function withStockSelectors<T>(fn: () => T): T {
  const restore = (): void => put(installed ? cached : stock);
  put(stock);
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
