const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i;

function charsetFromContentType(contentType: string | undefined): string | undefined {
  return /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
}

// windows-1252's 0x80–0x9F block (undefined bytes map to the C1 control of the same value).
// Node 20's TextDecoder decodes windows-1252 as ISO-8859-1 and loses “ ” € —, so it is done here.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Decodes windows-1252 (what browsers use for every `latin1`/`iso-8859-1`/`ascii` label). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const codes = Array.from(bytes.subarray(i, i + 8192), (b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b));
    out += String.fromCharCode(...codes);
  }
  return out;
}

interface Decoder {
  decode(bytes: Uint8Array): string;
}

function decoderFor(label: string | undefined): Decoder | null {
  if (!label) return null;
  try {
    const decoder = new TextDecoder(label.trim().toLowerCase());
    return decoder.encoding === 'windows-1252' ? { decode: decodeWindows1252 } : decoder;
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
