import { canonicalUrl } from '../../clip';

/** A feed the user follows, as saved in the plugin's data file (`feeds`), shared by Obsidian and the CLI. */
export interface FollowedFeed {
  url: string;
  /** The feed's own title, once checked. */
  title: string;
  /** Vault folder its posts go into. */
  folder: string;
  paused: boolean;
  /** Canonical URLs of the entries already handled (imported or found in the vault), newest last. */
  seen: string[];
  /** Last check, milliseconds since the epoch; 0 for never. */
  lastChecked: number;
  /** Why the last check failed, '' when it did not. */
  lastError: string;
}

/** Entries remembered per feed: far more than any feed lists at once, small enough for the data file. */
export const MAX_SEEN = 500;

/** The `feeds` value of saved data, each entry checked; entries without a URL are dropped. */
export function migrateFeeds(value: unknown, defaultFolder: string): FollowedFeed[] {
  if (!Array.isArray(value)) return [];
  const out: FollowedFeed[] = [];
  for (const raw of value) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    if (typeof r.url !== 'string' || !/^https?:\/\//i.test(r.url)) continue;
    out.push({
      url: r.url,
      title: typeof r.title === 'string' ? r.title : '',
      folder: typeof r.folder === 'string' && r.folder.trim() ? r.folder : defaultFolder,
      paused: r.paused === true,
      seen: Array.isArray(r.seen) ? r.seen.filter((s): s is string => typeof s === 'string').slice(-MAX_SEEN) : [],
      lastChecked: typeof r.lastChecked === 'number' ? r.lastChecked : 0,
      lastError: typeof r.lastError === 'string' ? r.lastError : '',
    });
  }
  return out;
}

/** The followed feed for `url` (compared in canonical form), if any. */
export function findFeed(feeds: FollowedFeed[], url: string): FollowedFeed | undefined {
  const key = canonicalUrl(url);
  return feeds.find((f) => canonicalUrl(f.url) === key);
}

/** Adds a feed (once: following it again only changes its folder). Returns the entry. */
export function followFeed(feeds: FollowedFeed[], url: string, folder: string): FollowedFeed {
  const existing = findFeed(feeds, url);
  if (existing) {
    existing.folder = folder;
    return existing;
  }
  const feed: FollowedFeed = { url, title: '', folder, paused: false, seen: [], lastChecked: 0, lastError: '' };
  feeds.push(feed);
  return feed;
}

/** Removes the feed for `url`; false when it was not followed. */
export function unfollowFeed(feeds: FollowedFeed[], url: string): boolean {
  const feed = findFeed(feeds, url);
  if (!feed) return false;
  feeds.splice(feeds.indexOf(feed), 1);
  return true;
}

/** Records entries as handled, keeping the newest MAX_SEEN. */
export function markSeen(feed: FollowedFeed, urls: string[]): void {
  const keys = new Set(feed.seen);
  for (const url of urls) {
    const key = canonicalUrl(url);
    if (!keys.has(key)) {
      keys.add(key);
      feed.seen.push(key);
    }
  }
  if (feed.seen.length > MAX_SEEN) feed.seen.splice(0, feed.seen.length - MAX_SEEN);
}
