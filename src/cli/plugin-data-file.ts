import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrateFeeds, type FeedStore, type FollowedFeed } from '../core/import';

/**
 * The plugin's data file, `<vault>/<configDir>/plugins/kindred/data.json` (what Obsidian's
 * `loadData`/`saveData` read and write), as the CLI shares it: only the keys a command owns are
 * changed, every other setting is written back as it was, and each write goes to a temporary
 * file renamed into place, so Obsidian never reads half a file.
 */
export class PluginDataFile implements FeedStore {
  readonly path: string;

  constructor(vaultRoot: string, configDir = '.obsidian') {
    this.path = join(vaultRoot, configDir, 'plugins', 'kindred', 'data.json');
  }

  async read(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await fs.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error(`the plugin's settings file is not valid JSON, so Kindred will not overwrite it: ${this.path}`);
    }
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  }

  async write(data: Record<string, unknown>): Promise<void> {
    await fs.mkdir(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await fs.writeFile(temporary, JSON.stringify(data, null, 2));
      await fs.rename(temporary, this.path);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  }

  async load(): Promise<FollowedFeed[]> {
    const data = await this.read();
    return migrateFeeds(data.feeds, typeof data.feedFolder === 'string' ? data.feedFolder : 'Feeds');
  }

  async update(change: (feeds: FollowedFeed[]) => void): Promise<void> {
    const data = await this.read();
    const feeds = migrateFeeds(data.feeds, typeof data.feedFolder === 'string' ? data.feedFolder : 'Feeds');
    change(feeds);
    await this.write({ ...data, feeds });
  }
}
