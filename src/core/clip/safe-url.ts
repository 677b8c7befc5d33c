// Only these schemes may appear in a note; `javascript:`, `data:`, `vbscript:`, `file:` never do.
const ALLOWED_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * The absolute form of a link or image address found on a page, resolved against the page's
 * URL, or `null` when it is empty or could run code (`javascript:`, `data:` and the like).
 * Without a page URL a relative address is kept as it is.
 */
export function safeUrl(raw: string | null | undefined, base: string | undefined): string | null {
  // Browsers ignore control characters and whitespace inside a scheme (`java\tscript:`), so must we.
  const trimmed = (raw ?? '').trim();
  if (!trimmed) return null;
  const squeezed = Array.from(trimmed).filter((char) => char.charCodeAt(0) > 0x20 && (char.charCodeAt(0) < 0x7f || char.charCodeAt(0) > 0x9f)).join('');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(squeezed);
  if (scheme && !ALLOWED_SCHEMES.has(scheme[1].toLowerCase() + ':')) return null;
  try {
    const resolved = base ? new URL(trimmed, base) : scheme ? new URL(trimmed) : null;
    if (!resolved) return trimmed;
    return ALLOWED_SCHEMES.has(resolved.protocol) ? resolved.href : null;
  } catch {
    return scheme ? null : trimmed;
  }
}
