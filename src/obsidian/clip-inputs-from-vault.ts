import { TFile, TFolder, type TAbstractFile, type Vault } from 'obsidian';
import { parseUrlList } from '../core/clip/parse-url-list';
import type { ClipInput } from '../core/clip/types';

const PAGE = /\.html?$/i;

/** True for what "Import saved pages…" accepts: a folder, a saved `.html`/`.htm` page, or a `.txt` list of URLs. */
export function isImportable(file: TAbstractFile): boolean {
  if (file instanceof TFolder) return true;
  return file instanceof TFile && (PAGE.test(file.name) || file.extension.toLowerCase() === 'txt');
}

/**
 * Turns the picked vault item into clip inputs: a folder gives every saved page inside it
 * (recursively), a `.txt` file gives one URL input per line, a page gives itself.
 * Throws with a message a person understands when there is nothing to import.
 */
export async function clipInputsFromVault(vault: Vault, item: TAbstractFile): Promise<ClipInput[]> {
  if (item instanceof TFolder) {
    const pages: TFile[] = [];
    const walk = (folder: TFolder) => {
      for (const child of folder.children) {
        if (child instanceof TFolder) walk(child);
        else if (child instanceof TFile && PAGE.test(child.name)) pages.push(child);
      }
    };
    walk(item);
    if (pages.length === 0) throw new Error(`"${item.path}" holds no saved pages (.html or .htm files)`);
    pages.sort((a, b) => a.path.localeCompare(b.path));
    return Promise.all(pages.map((page) => savedPage(vault, page)));
  }
  if (item instanceof TFile && item.extension.toLowerCase() === 'txt') {
    const urls = parseUrlList(await vault.cachedRead(item));
    if (urls.length === 0) throw new Error(`"${item.path}" lists no web addresses (one per line)`);
    return urls.map((url) => ({ kind: 'url', url }));
  }
  if (item instanceof TFile && PAGE.test(item.name)) return [await savedPage(vault, item)];
  throw new Error(`"${item.path}" is not a folder, a saved page or a .txt list of addresses`);
}

async function savedPage(vault: Vault, file: TFile): Promise<ClipInput> {
  return { kind: 'html', name: file.path, bytes: new Uint8Array(await vault.readBinary(file)) };
}
