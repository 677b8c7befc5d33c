import type { Vault } from '../ports';
import { canonicalUrl } from './canonical-url';

/** Which note already holds each page, keyed by the canonical form of its `source`. */
export type SourceIndex = Map<string, string>;

/** Reads every note's `source` once; bulk clips build this once and keep it up to date. */
export async function buildSourceIndex(vault: Vault): Promise<SourceIndex> {
  const index: SourceIndex = new Map();
  for (const file of await vault.listMarkdown()) {
    let front: Record<string, unknown> | null = null;
    try {
      front = await vault.readFrontMatter(file.path);
    } catch {
      continue; // an unreadable note cannot be a duplicate of anything
    }
    const source = front?.source;
    if (typeof source === 'string' && source.trim() && !index.has(canonicalUrl(source))) index.set(canonicalUrl(source), file.path);
  }
  return index;
}

/** The note whose `source` is this page, if any. */
export async function findDuplicate(vault: Vault, url: string, index?: SourceIndex): Promise<string | null> {
  const sources = index ?? (await buildSourceIndex(vault));
  const path = sources.get(canonicalUrl(url));
  // The note may have been deleted since the index was built.
  return path && (await vault.exists(path)) ? path : null;
}
