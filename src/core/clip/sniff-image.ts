// What a downloaded "image" really is, from its first bytes. A server's Content-Type is a
// claim: an HTML page served as image/png, or an SVG (which can carry scripts) served as
// anything, must not land in the vault under an image's name.

/** A raster image format Kindred saves, with its media type and file extension. */
export interface RasterType {
  mediaType: string;
  extension: string;
}

const ascii = (bytes: Uint8Array, start: number, length: number): string => String.fromCharCode(...bytes.subarray(start, start + length));

const startsWith = (bytes: Uint8Array, signature: number[]): boolean => signature.every((b, i) => bytes[i] === b);

/** The ISO base media brands (at byte 8 of an `ftyp` box) that mean AVIF. */
const AVIF_BRANDS = new Set(['avif', 'avis']);

/**
 * The raster format the bytes are, by their magic number (PNG, JPEG, GIF, WebP, AVIF, BMP),
 * or `null` for anything else: HTML, SVG, XML, scripts, text, an unknown format.
 */
export function sniffRaster(bytes: Uint8Array): RasterType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { mediaType: 'image/png', extension: 'png' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { mediaType: 'image/jpeg', extension: 'jpg' };
  if (ascii(bytes, 0, 6) === 'GIF87a' || ascii(bytes, 0, 6) === 'GIF89a') return { mediaType: 'image/gif', extension: 'gif' };
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return { mediaType: 'image/webp', extension: 'webp' };
  if (ascii(bytes, 4, 4) === 'ftyp' && AVIF_BRANDS.has(ascii(bytes, 8, 4))) return { mediaType: 'image/avif', extension: 'avif' };
  // A BMP file header: "BM", then the file size, then four reserved zero bytes.
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 14 && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0 && bytes[9] === 0) {
    return { mediaType: 'image/bmp', extension: 'bmp' };
  }
  return null;
}

/** What non-raster bytes look like, for the message: markup (HTML, SVG, XML) or something else. */
export function describeNonRaster(bytes: Uint8Array): string {
  const head = new TextDecoder().decode(bytes.subarray(0, 512)).replace(/^\uFEFF/, '').trimStart().toLowerCase();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg|<svg)/.test(head)) return 'an SVG image (it can carry scripts)';
  if (/^(<!doctype html|<html|<head|<body|<script|<!--|<\w)/.test(head)) return 'HTML or XML, not an image';
  return 'not an image format Kindred saves (PNG, JPEG, GIF, WebP, AVIF, BMP)';
}
