/**
 * The URLs of a `.txt` list: one per line; blank lines and lines starting with `#` are
 * ignored; anything that is not an http(s) URL is kept so the clip reports it as failed
 * rather than dropping it silently. Duplicates are listed once.
 */
export function parseUrlList(text: string): string[] {
  const seen = new Set<string>();
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    seen.add(line);
  }
  return [...seen];
}
