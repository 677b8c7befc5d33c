/**
 * Where a saved page came from, when the file says so: a first-line comment `{"url": …}`
 * (Defuddle's fixtures) or the `saved from url=(NNNN)…` mark browsers write.
 */
export function savedPageUrl(html: string): string | undefined {
  const head = html.slice(0, 2048);
  const json = /^\s*<!--\s*(\{[^]*?\})\s*-->/.exec(head);
  if (json) {
    try {
      const url = (JSON.parse(json[1]) as { url?: unknown }).url;
      if (typeof url === 'string' && /^https?:\/\//i.test(url)) return url;
    } catch {
      // not JSON after all; try the browser's mark
    }
  }
  const saved = /<!--\s*saved from url=\(\d+\)(https?:\/\/[^\s>]+?)\s*-->/i.exec(head);
  return saved?.[1];
}
