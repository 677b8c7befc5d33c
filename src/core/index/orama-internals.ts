import type { AnyOrama, components } from '@orama/orama';
import { radix } from '@orama/orama/trees';
import { version as installedOrama } from '@orama/orama/package.json';

/**
 * Every read of Orama's internals, in one place. Kindred scores BM25 straight from Orama 3's
 * inverted index (its radix-tree postings and field lengths) and saves the trees in a compact form
 * of its own; both lean on the shapes below, which are Orama's exported types but not its
 * documented API. {@link checkOramaShape} refuses any other version, and
 * `test/core/index/orama-internals.test.ts` pins what this file assumes, so an upgrade of Orama
 * fails there first.
 */

/** The Orama release these reads were written and tested against. */
export const ORAMA_VERSION = '3.1.18';

export type OramaIndex = components.index.Index;
export type RadixNode = radix.RadixNode;

/** Throws unless `db` is the Orama release and shape this file was written for. */
export function checkOramaShape(db: AnyOrama): void {
  // Orama's own `db.version` is a placeholder in its builds ("{{VERSION}}"): its package.json says.
  if (installedOrama !== ORAMA_VERSION) throw new Error(`Kindred reads Orama ${ORAMA_VERSION}'s index, not ${installedOrama}'s`);
  const index = indexOf(db);
  for (const part of ['indexes', 'tokenOccurrences', 'frequencies', 'fieldLengths', 'avgFieldLength'] as const) {
    if (typeof index[part] !== 'object' || index[part] === null) throw new Error(`Orama's index has no "${part}"`);
  }
}

/** The database's inverted index. */
export function indexOf(db: AnyOrama): OramaIndex {
  return db.data.index as OramaIndex;
}

/** The radix tree of a string property. */
export function treeOf(db: AnyOrama, prop: string): RadixNode | undefined {
  const tree = indexOf(db).indexes[prop];
  return tree?.type === 'Radix' ? tree.node : undefined;
}

/** Document paths by internal id - 1 (internal ids start at 1 and are dense). */
export function pathsByInternalId(db: AnyOrama): readonly string[] {
  return db.internalDocumentIDStore.internalIdToId;
}

/** The internal id Orama gave `path`, if any. */
export function internalIdOf(db: AnyOrama, path: string): number | undefined {
  return db.internalDocumentIDStore.idToInternalId.get(path);
}

/** Orama's field length (in its tokens) of each document's `prop`, by internal id. */
export function fieldLengthsOf(db: AnyOrama, prop: string): Readonly<Record<number, number | undefined>> {
  return indexOf(db).fieldLengths[prop] ?? {};
}

/** Orama's average length of `prop` over the database's documents. */
export function averageFieldLength(db: AnyOrama, prop: string): number {
  return indexOf(db).avgFieldLength[prop] ?? 0;
}

/**
 * Orama keeps, per document, an object of every term's frequency: most of a bucket's memory and
 * of its saved bytes. Kindred keeps its own compact counts (`TermCounts`) and never reads this,
 * and Orama's own removal sets a document's entry to undefined, so an empty table is as good.
 */
export function dropFrequencies(db: AnyOrama, props: readonly string[]): void {
  const index = indexOf(db);
  for (const prop of props) index.frequencies[prop] = {};
}

/**
 * In how many documents Orama counts `term` in `prop`. `tokenOccurrences` is a plain object, so
 * for a word such as "constructor" it holds Object's; the caller then counts the postings.
 */
export function occurrencesOf(db: AnyOrama, prop: string, term: string): number | undefined {
  const counts = indexOf(db).tokenOccurrences[prop];
  if (!counts || !Object.prototype.hasOwnProperty.call(counts, term)) return 0;
  const n = counts[term];
  return Number.isInteger(n) ? n : undefined;
}

/** The internal ids of the documents holding exactly `term`, if any. */
export function exactPostings(root: RadixNode | undefined, term: string): Set<number> | undefined {
  let node = root;
  let i = 0;
  while (node && i < term.length) {
    node = node.c.get(term[i]);
    if (!node || !term.startsWith(node.s, i)) return undefined;
    i += node.s.length;
  }
  return node && node.e && node.w === term && node.d.size > 0 ? node.d : undefined;
}

/** Every indexed word that starts with `prefix`, with its postings. */
export function wordsStartingWith(root: RadixNode | undefined, prefix: string): Array<[string, Set<number>]> {
  let node = root;
  let i = 0;
  // Walk down while the prefix lasts; it may end in the middle of an edge label.
  while (node && i < prefix.length) {
    node = node.c.get(prefix[i]);
    if (!node) return [];
    const rest = prefix.length - i;
    if (rest < node.s.length ? !node.s.startsWith(prefix.slice(i)) : !prefix.startsWith(node.s, i)) return [];
    i += node.s.length;
  }
  const out: Array<[string, Set<number>]> = [];
  const stack = node ? [node] : [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n.e && n.d.size > 0) out.push([n.w, n.d]);
    for (const child of n.c.values()) stack.push(child);
  }
  return out;
}

/** Every word of a tree with its node: a hash lookup instead of a walk for words asked often. */
export function wordNodes(root: RadixNode | undefined): Map<string, RadixNode> {
  const words = new Map<string, RadixNode>();
  const stack = root ? [root] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.e) words.set(node.w, node);
    for (const child of node.c.values()) stack.push(child);
  }
  return words;
}

/** A radix node saved as `[edge label, 1 if a word ends here, document ids, children]`. */
export type CompactNode = [string, 0 | 1, number[], CompactNode[]];

/**
 * A radix tree without what can be derived: each node's whole word (its parent's word plus its
 * edge label) and its key (the label's first letter). Orama's JSON spends most of its bytes on
 * these and on key names; the compact form halves a bucket file and the time to parse it. Made
 * from the live tree (Orama's `toJSON` would first build three objects per node), `breathe()`
 * every thousand nodes, so a large bucket is saved in slices on the UI thread.
 */
export async function compactTree(root: RadixNode, breathe?: () => Promise<void>): Promise<CompactNode> {
  const compact = (node: RadixNode): CompactNode => [node.s, node.e ? 1 : 0, Array.from(node.d), []];
  const out = compact(root);
  const stack: Array<[RadixNode, CompactNode]> = [[root, out]];
  for (let visited = 1; stack.length > 0; visited++) {
    const [node, saved] = stack.pop()!;
    for (const child of node.c.values()) {
      const savedChild = compact(child);
      saved[3].push(savedChild);
      stack.push([child, savedChild]);
    }
    if (breathe && visited % 1000 === 0) await breathe();
  }
  return out;
}

/**
 * Fills Orama's empty tree `root` from {@link compactTree}'s form with nodes of Orama's own class:
 * its `fromJSON` would need its JSON form first, three objects per node, and building nodes was
 * most of the time a bucket took to load.
 */
export function fillTree(root: RadixNode, saved: CompactNode): void {
  const fill = (node: RadixNode, from: CompactNode, word: string): void => {
    node.w = word;
    node.e = from[1] === 1;
    node.d = new Set(from[2]);
    for (const child of from[3]) {
      const label = child[0];
      const next = new radix.RadixNode(label.charAt(0), label, child[1] === 1);
      fill(next, child, word + label);
      node.c.set(label.charAt(0), next);
    }
  };
  root.s = saved[0];
  fill(root, saved, saved[0]);
}

/** What Orama's `save` returns, as far as the trees are concerned. */
export interface SavedIndex {
  index: { indexes: Record<string, { node: unknown }> };
}

/** An empty radix node in Orama's JSON form: what a compact tree stands in for while Orama loads. */
export const EMPTY_RADIX_JSON = { w: '', s: '', e: false, k: '', d: [], c: [] };

/**
 * Runs `save` on `db` with its trees held back (each stands in as `null`), so that Orama does not
 * serialise them: the caller saves them in the compact form. Returns what `save` gave and the
 * live trees by property.
 */
export function withTreesHeldBack<T>(db: AnyOrama, save: () => T): { saved: T; trees: Map<string, RadixNode> } {
  const trees = new Map<string, RadixNode>();
  const held = { toJSON: (): null => null } as unknown as RadixNode;
  const indexes = indexOf(db).indexes;
  for (const [prop, tree] of Object.entries(indexes)) {
    if (tree.type !== 'Radix') continue;
    trees.set(prop, tree.node);
    tree.node = held;
  }
  try {
    return { saved: save(), trees };
  } finally {
    for (const [prop, node] of trees) (indexes[prop] as { node: RadixNode }).node = node;
  }
}
