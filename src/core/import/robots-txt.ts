/**
 * What a site's robots.txt asks of Kindred when it reads the site in bulk: which paths to leave
 * alone and how long to wait between requests. Rules follow RFC 9309: the group whose
 * user-agent names Kindred's product token wins over `*`; within it the longest matching rule
 * decides, `Allow` over `Disallow` when they are equally long; `*` matches any run of characters
 * and a final `$` anchors the end. `Crawl-delay` is not in the RFC but is what ForumMagnum and
 * many other sites use to set their pace (`Crawl-Delay: 3` on LessWrong), so it is read too.
 */
export interface RobotsRules {
  /** Whether a request for `pathAndQuery` (starting with `/`) is allowed. */
  allows(pathAndQuery: string): boolean;
  /** Seconds the site asks between requests, or null when it names none. */
  crawlDelaySeconds: number | null;
}

/** Robots.txt past this many bytes is read only this far (RFC 9309 asks crawlers to read at least 500 KiB). */
export const ROBOTS_MAX_BYTES = 512 * 1024;

/** A site with no robots.txt (or one that says nothing to us) allows everything, at no stated pace. */
export const NO_ROBOTS_RULES: RobotsRules = { allows: () => true, crawlDelaySeconds: null };

/** As RFC 9309 says of a robots.txt that answers with a server error: assume everything is disallowed. */
export const DISALLOW_ALL: RobotsRules = { allows: () => false, crawlDelaySeconds: null };

interface Rule {
  allow: boolean;
  pattern: string;
}

interface Group {
  agents: string[];
  rules: Rule[];
  crawlDelay: number | null;
}

/** The rules of `text` for the crawler whose product token is `agent` (e.g. `kindred`). */
export function parseRobotsTxt(text: string, agent: string): RobotsRules {
  const groups = readGroups(text);
  const token = agent.toLowerCase();
  const own = groups.filter((g) => g.agents.some((a) => a === token));
  const chosen = own.length ? own : groups.filter((g) => g.agents.includes('*'));
  if (!chosen.length) return NO_ROBOTS_RULES;
  // Several groups naming the same agent are one group (RFC 9309 2.2.1).
  const rules = chosen.flatMap((g) => g.rules);
  const delays = chosen.map((g) => g.crawlDelay).filter((d): d is number => d !== null);
  return {
    allows: (path) => allowed(rules, path),
    crawlDelaySeconds: delays.length ? Math.max(...delays) : null,
  };
}

function readGroups(text: string): Group[] {
  const groups: Group[] = [];
  let current: Group | null = null;
  // A run of user-agent lines opens a group; the first rule line after it closes the run.
  let collectingAgents = false;
  for (const raw of text.slice(0, ROBOTS_MAX_BYTES).split(/\r\n|\r|\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'user-agent') {
      if (!collectingAgents || !current) {
        current = { agents: [], rules: [], crawlDelay: null };
        groups.push(current);
        collectingAgents = true;
      }
      // The product token is the name before any version or comment: "Kindred/0.1" is "kindred".
      current.agents.push(value.split(/[/\s]/)[0].toLowerCase());
      continue;
    }
    collectingAgents = false;
    if (!current) continue; // rules before any user-agent line belong to no group
    if (key === 'allow' || key === 'disallow') {
      // An empty Disallow allows everything; it adds no rule.
      if (value) current.rules.push({ allow: key === 'allow', pattern: normalisePath(value) });
    } else if (key === 'crawl-delay') {
      const seconds = Number(value);
      if (Number.isFinite(seconds) && seconds >= 0) current.crawlDelay = Math.max(current.crawlDelay ?? 0, seconds);
    }
  }
  return groups;
}

function allowed(rules: Rule[], path: string): boolean {
  const target = normalisePath(path);
  let best: Rule | null = null;
  for (const rule of rules) {
    if (!matches(rule.pattern, target)) continue;
    const longer = !best || rule.pattern.length > best.pattern.length;
    const tieToAllow = best && rule.pattern.length === best.pattern.length && rule.allow && !best.allow;
    if (longer || tieToAllow) best = rule;
  }
  return best ? best.allow : true;
}

/** `*` is any run of characters; a final `$` anchors the end; everything else is literal. */
function matches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`).test(path);
}

// Percent-encoding is compared in one form: octets that need no encoding are decoded, the rest
// keep upper-case hex, so `/a%7Eb` and `/a~b` are the same path (RFC 9309 2.2.2).
function normalisePath(path: string): string {
  return path.replace(/%([0-9a-f]{2})/gi, (whole, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
