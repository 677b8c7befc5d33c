/** The metadata fields a site rule may correct. */
export interface SiteMeta {
  title: string;
  site: string;
}

interface SiteRule {
  hosts: RegExp;
  site: string;
  /** The suffix the site appends to every page title. */
  titleSuffix: RegExp;
}

// The reading sites Kindred is for. Defuddle reports a LessWrong post's author as its site
// and keeps " — LessWrong" in the title; a note wants the post's own title and the real site.
const RULES: SiteRule[] = [
  { hosts: /(^|\.)lesswrong\.com$/, site: 'LessWrong', titleSuffix: /\s+[—–-]\s+LessWrong( 2\.0)?$/ },
  { hosts: /(^|\.)alignmentforum\.org$/, site: 'AI Alignment Forum', titleSuffix: /\s+[—–-]\s+(AI )?Alignment Forum$/ },
  { hosts: /(^|\.)greaterwrong\.com$/, site: 'GreaterWrong', titleSuffix: /\s+[—–-]\s+(LessWrong|GreaterWrong|AI Alignment Forum)$/ },
  { hosts: /(^|\.)substack\.com$/, site: '', titleSuffix: /\s+[-|]\s+by\s+[^|]+$/ },
];

/** Corrects title and site for the reading sites whose pages Defuddle reads a little wrong. */
export function applySiteSpecifics(pageUrl: string | undefined, meta: SiteMeta): SiteMeta {
  let host = '';
  try {
    host = pageUrl ? new URL(pageUrl).hostname.toLowerCase() : '';
  } catch {
    return meta;
  }
  const rule = RULES.find((r) => r.hosts.test(host));
  if (!rule) return meta;
  const title = meta.title.replace(rule.titleSuffix, '').trim() || meta.title;
  return { title, site: rule.site || meta.site };
}
