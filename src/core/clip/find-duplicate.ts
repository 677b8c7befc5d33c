import type { Vault } from '../ports';
import { sha256Hex } from '../index/sha256';
import { canonicalUrl } from './canonical-url';

/**
 * Which note already holds each page, keyed by the canonical form of its `source`, or for a
 * saved page that names no address, by the hash of its bytes (`source_hash`).
 */
export type SourceIndex = Map<string, string>;

/** The key of a page known by its address. */
export function urlKey(url: string): string {
  return canonicalUrl(url);
}

/** `source_hash` for a saved page without an address: the SHA-256 of its bytes, algorithm named. */
export function pageHash(bytes: Uint8Array): string {
  return `sha256:${sha256Hex(bytes)}`;
}

/** Reads every note's `source` and `source_hash` once; bulk clips build this once and keep it up to date. */
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
    const key = typeof source === 'string' && source.trim() ? urlKey(source) : typeof front?.source_hash === 'string' ? front.source_hash : null;
    if (key && !index.has(key)) index.set(key, file.path);
  }
  return index;
}

/** The note holding the page with this key (`urlKey` or `pageHash`), if any. */
export async function findDuplicate(vault: Vault, key: string, index?: SourceIndex): Promise<string | null> {
  const sources = index ?? (await buildSourceIndex(vault));
  const path = sources.get(key);
  // The note may have been deleted since the index was built.
  return path && (await vault.exists(path)) ? path : null;
}
