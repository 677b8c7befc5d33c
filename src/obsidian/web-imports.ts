import { Notice, normalizePath, type App, type TFile } from 'obsidian';
import type { ClipDeps, ClipOptions } from '../core/clip';
import {
  FeedChecker,
  FeedSchedule,
  feedsFromOpml,
  feedTarget,
  fetchFeed,
  followFeed,
  ImportProblem,
  importPolicy,
  defaultSources,
  openImport,
  opmlFromFeeds,
  runImport,
  type FeedCheckResult,
  type OpenedImport,
} from '../core/import';
import { sourceContext } from '../core/import/sources';
import type { Vault } from '../core/ports';
import type { KindredSettings } from '../settings';
import { FollowFeedModal, OpmlFileModal } from '../ui/follow-feed-modal';
import { buildImportSummary } from '../ui/import-summary';
import { appendNoteLink } from '../ui/open-note-link';
import { UrlImportModal } from '../ui/url-import-modal';

export interface WebImportsDeps {
  app: App;
  vault: Vault;
  settings: () => KindredSettings;
  save: () => Promise<void>;
  clipDeps: () => ClipDeps;
  clipOptions: () => ClipOptions;
}

/**
 * The plugin's side of bulk imports and followed feeds: the Import modal's web addresses,
 * "Follow a feed…", "Check followed feeds now", OPML, and the opt-in schedule. Nothing here
 * touches the network until the user asks (or turned the schedule on).
 */
export class WebImports {
  private readonly checker: FeedChecker;
  readonly schedule: FeedSchedule;

  constructor(private readonly deps: WebImportsDeps) {
    const clip = deps.clipDeps();
    this.checker = new FeedChecker(
      { ...clip, get clip() { return deps.clipOptions(); } },
      {
        load: () => Promise.resolve(deps.settings().feeds),
        update: async (change) => {
          change(deps.settings().feeds);
          await deps.save();
        },
      },
    );
    this.schedule = new FeedSchedule(clip.clock, () => this.checkFeeds(false), () => ({ onStartup: deps.settings().feedCheckOnStartup, everyHours: deps.settings().feedCheckEveryHours }));
  }

  /** The Import modal for a sequence, tag, author, publication or feed; a plain page is clipped as one. */
  openUrl(url: string, clipPage: (url: string) => Promise<void>): void {
    let opened: OpenedImport | null = null;
    const deps = this.deps.clipDeps();
    const options = this.deps.clipOptions();
    new UrlImportModal(this.deps.app, {
      url,
      lookUp: async (signal) => {
        try {
          opened = await openImport(url, { comments: options.includeComments }, { fetcher: deps.fetcher, clock: deps.clock, signal });
        } catch (error) {
          if (error instanceof ImportProblem) throw new Error(error.message);
          throw error;
        }
        if (!opened) return null;
        return { description: opened.listing.description, total: opened.listing.total };
      },
      clipPage: () => clipPage(url),
      start: (onProgress, signal) => runImport(opened!.listing, { ...deps, fetcher: opened!.fetcher }, { clip: options }, onProgress, signal),
      writeSummary: async (report) => {
        const when = new Date().toISOString();
        let text = buildImportSummary(report.description, when.slice(0, 19).replace('T', ' '), report.outcomes, report.cancelled);
        if (report.stopped) text += `\n${report.stopped.message}\n`;
        if (report.indexNotePath) text += `\nTable of contents: [[${report.indexNotePath.replace(/\.md$/, '')}]]\n`;
        return this.writeNote(`${options.folder}/Import ${when.slice(0, 10)} ${when.slice(11, 19).replace(/:/g, '-')}`, text);
      },
    }).open();
  }

  openFollow(url = ''): void {
    new FollowFeedModal(this.deps.app, { folder: this.deps.settings().feedFolder, url }, (feedUrl, folder) => this.follow(feedUrl, folder)).open();
  }

  private async follow(url: string, folder: string): Promise<{ ok: boolean; message: string }> {
    const deps = this.deps.clipDeps();
    try {
      const context = sourceContext(deps.fetcher, deps.clock, {}, defaultSources(), importPolicy());
      const feed = await fetchFeed(feedTarget(url).url, context);
      followFeed(this.deps.settings().feeds, url, folder).title = feed.title;
      await this.deps.save();
      new Notice(`Following '${feed.title || url}'. Its new posts go into ${folder}/ at each check.`);
      return { ok: true, message: `Following '${feed.title || url}'.` };
    } catch (error) {
      return { ok: false, message: `Not followed: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /** Checks every followed feed that is not paused; says what it did (quietly when scheduled and nothing is new). */
  async checkFeeds(asked = true): Promise<void> {
    if (this.checker.busy) {
      if (asked) new Notice('A feed check is already running.');
      return;
    }
    if (asked) new Notice('Checking the followed feeds…');
    const check = await this.checker.check();
    if (check.busy) return;
    const created = check.results.flatMap((r) => r.outcomes.filter((o) => o.status === 'created'));
    const failed = check.results.filter((r: FeedCheckResult) => r.error || r.outcomes.some((o) => o.status === 'failed'));
    if (!asked && created.length === 0 && failed.length === 0) return;
    const fragment = createFragment();
    fragment.appendText(`Feeds checked: ${created.length} new post${created.length === 1 ? '' : 's'} clipped${failed.length ? `, ${failed.length} feed${failed.length === 1 ? '' : 's'} with problems (see settings)` : ''}. `);
    if (created[0]?.path) appendNoteLink(fragment, this.deps.app, created[0].path, 'Open the newest');
    new Notice(fragment, 10_000);
  }

  pickOpml(redraw: () => void): void {
    const files = this.deps.app.vault.getFiles().filter((f) => f.extension.toLowerCase() === 'opml');
    new OpmlFileModal(this.deps.app, files, (file) => void this.importOpml(file, redraw)).open();
  }

  private async importOpml(file: TFile, redraw: () => void): Promise<void> {
    try {
      const found = feedsFromOpml(await this.deps.app.vault.cachedRead(file));
      const feeds = this.deps.settings().feeds;
      const before = feeds.length;
      for (const f of found) followFeed(feeds, f.url, this.deps.settings().feedFolder).title ||= f.title;
      await this.deps.save();
      new Notice(`${file.path}: ${found.length} feeds, ${feeds.length - before} newly followed.`);
      redraw();
    } catch (error) {
      new Notice(`Could not read ${file.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async exportOpml(): Promise<void> {
    const path = await this.writeNote('Kindred feeds', opmlFromFeeds(this.deps.settings().feeds, Date.now()), 'opml');
    const fragment = createFragment();
    fragment.appendText('Feeds exported to ');
    appendNoteLink(fragment, this.deps.app, path);
    new Notice(fragment, 10_000);
  }

  /** Writes a new file at a free name `<base>.<ext>` (`<base> (2).<ext>`…) and returns its path. */
  private async writeNote(base: string, text: string, ext = 'md'): Promise<string> {
    const stem = normalizePath(base);
    let path = `${stem}.${ext}`;
    for (let n = 2; await this.deps.vault.exists(path); n++) path = `${stem} (${n}).${ext}`;
    await this.deps.vault.create(path, text);
    return path;
  }
}

