import type { Fetcher, Vault } from '../ports';
import { safeFileName } from './safe-file-name';
import { CLIP_LIMITS } from './types';

const IMAGE = /!\[([^\]]*)\]\((<[^>]+>|[^)\s]+)((?:\s+"[^"]*")?)\)/g;

const EXTENSIONS: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/avif': 'avif',
  'image/svg+xml': 'svg',
  'image/bmp': 'bmp',
};

/** The result of downloading a note's images: the new body and the files written (to undo them). */
export interface DownloadedImages {
  body: string;
  created: string[];
  /** Images that stayed remote links, with the reason. */
  skipped: string[];
}

function relativePath(from: string, to: string): string {
  const fromParts = from.split('/').slice(0, -1);
  const toParts = to.split('/');
  let common = 0;
  while (common < fromParts.length && common < toParts.length - 1 && fromParts[common] === toParts[common]) common++;
  return [...Array<string>(fromParts.length - common).fill('..'), ...toParts.slice(common)].join('/');
}

function fileNameFor(url: URL, mediaType: string, index: number): string {
  const last = decodeURIComponent(url.pathname.split('/').pop() ?? '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const stem = safeFileName(last || `image-${index}`).slice(0, 60);
  return `${stem}.${EXTENSIONS[mediaType] ?? 'img'}`;
}

/**
 * Downloads each remote image of a note (at most 100, each under the clip limits and only
 * when the server says it is an image) next to the note via `vault.attachmentPath`, and
 * points the markdown at the local copies. An image that cannot be fetched stays a remote
 * link: it never fails the clip. `created` lists what was written so a failed clip can undo it.
 */
export async function downloadImages(body: string, notePath: string, vault: Vault, fetcher: Fetcher, signal?: AbortSignal): Promise<DownloadedImages> {
  const created: string[] = [];
  const skipped: string[] = [];
  const local = new Map<string, string>();
  const urls = [...new Set([...body.matchAll(IMAGE)].map((m) => m[2].replace(/^<|>$/g, '')))].filter((u) => /^https?:\/\//i.test(u));
  for (const [index, raw] of urls.slice(0, CLIP_LIMITS.maxImages).entries()) {
    if (signal?.aborted) break;
    try {
      const response = await fetcher.fetch({ url: raw, timeoutMs: CLIP_LIMITS.timeoutMs, maxBytes: CLIP_LIMITS.maxBytes, signal });
      const mediaType = (response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (response.status < 200 || response.status > 299) throw new Error(`${response.status} ${response.statusText}`);
      if (!mediaType.startsWith('image/')) throw new Error(`not an image (${mediaType || 'no type'})`);
      const path = await vault.attachmentPath(fileNameFor(new URL(raw), mediaType, index + 1), notePath);
      await vault.createBinary(path, response.body);
      created.push(path);
      local.set(raw, relativePath(notePath, path));
    } catch (error) {
      skipped.push(`${raw}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const rewritten = body.replace(IMAGE, (whole: string, alt: string, target: string, title: string) => {
    const path = local.get(target.replace(/^<|>$/g, ''));
    if (!path) return whole;
    return `![${alt}](${/[\s()]/.test(path) ? `<${path}>` : path}${title})`;
  });
  return { body: rewritten, created, skipped };
}
