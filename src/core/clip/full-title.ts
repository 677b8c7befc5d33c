// Defuddle strips a site name from the page title, and when the title has two separators
// ("Friday Facts #282 - 0.17 in sight | Factorio") it can take the subtitle with it. A note
// named "Friday Facts #282" loses what the post is about, so the cut part comes back when the
// only thing after it is the site's own name.

const SEPARATOR = /\s+[|·•–—-]\s+/g;

function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * The page's `<title>` without its trailing site name, when that is the extracted title plus
 * more (a subtitle Defuddle cut off); otherwise the extracted title as it is.
 */
export function fullTitle(extracted: string, pageTitle: string, site: string): string {
  const separators = [...pageTitle.matchAll(SEPARATOR)];
  const last = separators[separators.length - 1];
  if (!extracted || !last || last.index === undefined) return extracted;
  const head = pageTitle.slice(0, last.index);
  const tail = squash(pageTitle.slice(last.index + last[0].length));
  const siteName = squash(site);
  const namesSite = !!tail && !!siteName && (siteName.startsWith(tail) || tail.startsWith(siteName));
  if (!namesSite || head.length <= extracted.length || !head.startsWith(extracted)) return extracted;
  const cut = head.slice(extracted.length);
  // Only a cut at a separator: "Friday Facts #282" + " - 0.17 in sight", not "Friday Facts #28" + "2";
  // and not a title the page repeats ("Minecraft 1.8 - Minecraft 1.8 | Tumblr").
  if (!new RegExp(`^${SEPARATOR.source}`).test(cut) || squash(extracted).includes(squash(cut))) return extracted;
  return head;
}
