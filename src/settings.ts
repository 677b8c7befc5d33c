/** Kindred's settings: their shape, defaults, and the migration of older saved data. */
import { MAP_DEFAULTS, MAP_THRESHOLDS } from './core/map/build-map';
import { migrateFeeds, type FollowedFeed } from './core/import/feeds/follow-list';

export type DuplicatePolicy = 'skip' | 'update' | 'keep-both';
export type BackendChoice = 'auto' | 'webgl' | 'wasm' | 'cpu';
export type SearchMode = 'hybrid' | 'semantic' | 'keyword';
export type MapColourBy = 'cluster' | 'folder' | 'tag' | 'site';
export type MapNodeSize = 'length' | 'backlinks';

export interface KindredSettings {
  /** Saved with the data so later versions can migrate it. */
  settingsVersion: number;
  // Clipping
  clipFolder: string;
  clipTags: string[];
  downloadImages: boolean;
  includeComments: boolean;
  onDuplicate: DuplicatePolicy;
  // Model
  backend: BackendChoice;
  /** A folder of the user's own with the USE-lite files; '' uses the plugin's own folder. */
  modelDir: string;
  // Index
  excludeFolders: string[];
  excludePatterns: string[];
  excludeTags: string[];
  /** Advanced: target tokens per chunk. */
  chunkTokens: number;
  // Results
  resultCount: number;
  /** Related notes below this score are not shown. */
  minScore: number;
  showPassages: boolean;
  searchMode: SearchMode;
  /** Related results the user hid, per note path. */
  hidden: Record<string, string[]>;
  // Map of related notes
  /** Neighbours on the map (10–60). */
  mapNotes: number;
  /** Notes whose note vectors' cosine reaches this are joined on the map. */
  mapEdgeThreshold: number;
  mapColourBy: MapColourBy;
  mapNodeSize: MapNodeSize;
  /** Dated notes by time along x. */
  mapTimeAxis: boolean;
  // Feeds (the CLI's `kindred follow` reads and writes the same list in data.json)
  feeds: FollowedFeed[];
  /** Where a newly followed feed's posts go unless another folder is given. */
  feedFolder: string;
  /** Check the followed feeds a minute after Obsidian starts. */
  feedCheckOnStartup: boolean;
  /** Check them every this many hours while Obsidian is open; 0 never. */
  feedCheckEveryHours: number;
}

export const DEFAULT_SETTINGS: KindredSettings = {
  settingsVersion: 1,
  clipFolder: 'Clippings',
  clipTags: ['clippings'],
  downloadImages: false,
  includeComments: false,
  onDuplicate: 'skip',
  backend: 'auto',
  modelDir: '',
  excludeFolders: [],
  excludePatterns: [],
  excludeTags: [],
  chunkTokens: 360,
  resultCount: 20,
  // RELATED_DEFAULTS.minScore, measured by `kindred eval --sweep` (keeps 98% of linked notes).
  minScore: 0.45,
  showPassages: true,
  searchMode: 'hybrid',
  hidden: {},
  mapNotes: MAP_DEFAULTS.k,
  mapEdgeThreshold: MAP_THRESHOLDS.vector,
  mapColourBy: 'cluster',
  mapNodeSize: 'length',
  mapTimeAxis: false,
  feeds: [],
  feedFolder: 'Feeds',
  feedCheckOnStartup: false,
  feedCheckEveryHours: 0,
};

/** Fills in what older or hand-edited data lacks; ignores keys of the wrong type. */
export function migrateSettings(saved: unknown): KindredSettings {
  const out: KindredSettings = structuredClone(DEFAULT_SETTINGS);
  if (!saved || typeof saved !== 'object') return out;
  const record = saved as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof KindredSettings)[]) {
    const value = record[key];
    const fallback = DEFAULT_SETTINGS[key];
    if (value === undefined) continue;
    if (Array.isArray(fallback) ? Array.isArray(value) : typeof value === typeof fallback && value !== null) {
      (out as unknown as Record<string, unknown>)[key] = value;
    }
  }
  // Each followed feed is checked field by field (the CLI writes this list too).
  out.feeds = migrateFeeds(record.feeds, out.feedFolder);
  if (!Number.isFinite(out.feedCheckEveryHours) || out.feedCheckEveryHours < 0) out.feedCheckEveryHours = 0;
  out.settingsVersion = DEFAULT_SETTINGS.settingsVersion;
  return out;
}
