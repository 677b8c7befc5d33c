import type { Fetcher, Vault } from '../ports';
import { linkDestination } from './markdown-escape';
import { safeFileName } from './safe-file-name';
import { describeNonRaster, sniffRaster } from './sniff-image';
import { CLIP_LIMITS } from './types';

// An image as the converter writes it: escaped brackets in the alt, escaped parentheses in the
// address (`linkDestination`), an optional title with escaped quotes (`linkTitle`).
const IMAGE = /!\[((?:\\.|[^\]\\])*)\]\(((?:\\.|[^)\s\\])+)((?:\s+"(?:\\.|[^"\\])*")?)\)/g;

/** The URL a destination written by `linkDestination` stands for. */
const unescapeDestination = (target: string): string => target.replace(/\\([()])/g, '$1');

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

function fileNameFor(url: URL, extension: string, index: number): string {
  let last = '';
  try {
    last = decodeURIComponent(url.pathname.split('/').pop() ?? '');
  } catch {
    last = ''; // a malformed escape: the image gets a numbered name
  }
  // 100 bytes: short enough for the extension, a ` 2` from attachmentPath and the temporary suffix.
  return `${safeFileName(last.replace(/\.[A-Za-z0-9]{1,5}$/, '') || `image-${index}`, 100)}.${extension}`;
}

/**
 * Downloads each remote image of a note (at most 100, each under the clip limits) next to the
 * note via `vault.attachmentPath`, and points the markdown at the local copies. Only raster
 * images are saved, and only when the server says it is an image and the bytes say the same
 * (their magic number names the format and the file's extension): an HTML page served as
 * image/png is refused, and an SVG stays a remote link, because an SVG file can carry scripts
 * and event handlers that would run if it were opened from the vault in a browser, while a
 * remote SVG is only ever shown as an image. An image that is not saved stays a remote link:
 * it never fails the clip. `created` lists what was written so a failed clip can undo it.
 */
export async function downloadImages(body: string, notePath: string, vault: Vault, fetcher: Fetcher, signal?: AbortSignal): Promise<DownloadedImages> {
  const created: string[] = [];
  const skipped: string[] = [];
  const local = new Map<string, string>();
  const urls = [...new Set([...body.matchAll(IMAGE)].map((m) => unescapeDestination(m[2])))].filter((u) => /^https?:\/\//i.test(u));
  for (const [index, raw] of urls.slice(0, CLIP_LIMITS.maxImages).entries()) {
    if (signal?.aborted) break;
    try {
      const response = await fetcher.fetch({ url: raw, timeoutMs: CLIP_LIMITS.timeoutMs, maxBytes: CLIP_LIMITS.maxBytes, signal });
      const mediaType = (response.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (response.status < 200 || response.status > 299) throw new Error(`${response.status} ${response.statusText}`);
      if (!mediaType.startsWith('image/')) throw new Error(`not an image (${mediaType || 'no type'})`);
      if (mediaType === 'image/svg+xml') throw new Error('an SVG image stays a link (an SVG file can carry scripts)');
      const raster = sniffRaster(response.body);
      if (!raster) throw new Error(`declared ${mediaType}, but the bytes are ${describeNonRaster(response.body)}`);
      const path = await vault.attachmentPath(fileNameFor(new URL(raw), raster.extension, index + 1), notePath);
      await vault.createBinary(path, response.body);
      created.push(path);
      local.set(raw, relativePath(notePath, path));
    } catch (error) {
      skipped.push(`${raw}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const rewritten = body.replace(IMAGE, (whole: string, alt: string, target: string, title: string) => {
    const path = local.get(unescapeDestination(target));
    return path ? `![${alt}](${linkDestination(path)}${title})` : whole;
  });
  return { body: rewritten, created, skipped };
}
