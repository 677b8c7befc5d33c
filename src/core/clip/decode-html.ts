const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

function charsetFromContentType(contentType: string | undefined): string | undefined {
  return /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
}

function decoderFor(label: string | undefined): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null; // an unknown label: fall through to the next clue
  }
}

/**
 * The text of an HTML page from its bytes, honouring (in the order browsers do) a byte order
 * mark, the `charset` of the Content-Type header, then a `<meta charset>` in the first 4 KB;
 * UTF-8 otherwise. Undecodable bytes become U+FFFD rather than an error.
 */
export function decodeHtml(bytes: Uint8Array, contentType?: string): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const fromHeader = decoderFor(charsetFromContentType(contentType));
  if (fromHeader) return fromHeader.decode(bytes);
  // The meta tag is ASCII in every charset a page may declare, so latin1 is safe for the sniff.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const fromMeta = decoderFor(META_CHARSET.exec(head)?.[1]);
  return (fromMeta ?? new TextDecoder('utf-8')).decode(bytes);
}
