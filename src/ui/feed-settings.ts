import { Setting } from 'obsidian';
import type { FollowedFeed } from '../core/import';
import type { KindredSettings } from '../settings';

/** What the feeds section of the settings needs from the plugin. */
export interface FeedSettingsDeps {
  settings: KindredSettings;
  save: () => Promise<void>;
  /** Plans the next scheduled check anew (after its settings change). */
  reschedule: () => void;
  follow: () => void;
  checkNow: () => void;
  importOpml: () => void;
  exportOpml: () => Promise<void>;
  /** Draws the settings again (after a feed is removed). */
  redraw: () => void;
}

const EVERY: Record<string, string> = { '0': 'Never', '1': 'Every hour', '3': 'Every 3 hours', '6': 'Every 6 hours', '12': 'Every 12 hours', '24': 'Once a day' };

/** The feeds section: how checks run, then each followed feed with its folder, pause and remove. */
export function renderFeedSettings(containerEl: HTMLElement, deps: FeedSettingsDeps): void {
  const s = deps.settings;
  const save = (): void => void deps.save();
  new Setting(containerEl).setName('Feeds').setHeading();
  new Setting(containerEl)
    .setName('Check on start-up')
    .setDesc('Clip new posts of the followed feeds a minute after Obsidian starts. Off: feeds are checked only when you ask.')
    .addToggle((t) => t.setValue(s.feedCheckOnStartup).onChange((v) => ((s.feedCheckOnStartup = v), save())));
  new Setting(containerEl)
    .setName('Check regularly')
    .setDesc('While Obsidian is open. Two checks never run at once.')
    .addDropdown((d) =>
      d
        .addOptions(EVERY)
        .setValue(String(s.feedCheckEveryHours) in EVERY ? String(s.feedCheckEveryHours) : '0')
        .onChange((v) => ((s.feedCheckEveryHours = Number(v)), save(), deps.reschedule())),
    );
  new Setting(containerEl)
    .setName('Folder for new feeds')
    .setDesc('Where the posts of a newly followed feed go; each feed can have its own below.')
    .addText((t) => t.setValue(s.feedFolder).onChange((v) => ((s.feedFolder = v.trim() || 'Feeds'), save())));
  new Setting(containerEl)
    .setName('Followed feeds')
    .setDesc(`${s.feeds.length ? `${s.feeds.length} followed.` : 'None yet.'} Lists of feeds are read from and written to .opml files, as feed readers export them.`)
    .addButton((b) => b.setButtonText('Follow a feed').onClick(() => deps.follow()))
    .addButton((b) => b.setButtonText('Check now').setDisabled(s.feeds.length === 0).onClick(() => deps.checkNow()))
    .addButton((b) => b.setButtonText('Import a list of feeds').onClick(() => deps.importOpml()))
    .addButton((b) => b.setButtonText('Export the list').setDisabled(s.feeds.length === 0).onClick(() => void deps.exportOpml()));
  for (const feed of s.feeds) renderFeed(containerEl, feed, deps);
}

function renderFeed(containerEl: HTMLElement, feed: FollowedFeed, deps: FeedSettingsDeps): void {
  const save = (): void => void deps.save();
  const checked = feed.lastChecked ? `last checked ${new Date(feed.lastChecked).toLocaleString()}` : 'not checked yet';
  const setting = new Setting(containerEl)
    .setName(feed.title || feed.url)
    .setDesc(`${feed.url} · ${checked}${feed.lastError ? ` · ${feed.lastError}` : ''}. The switch pauses it; the folder is where its posts go.`)
    .addText((t) =>
      t
        .setPlaceholder('Folder')
        .setValue(feed.folder)
        .onChange((v) => ((feed.folder = v.trim() || deps.settings.feedFolder), save())),
    )
    .addToggle((t) =>
      t
        .setValue(!feed.paused)
        .onChange((v) => ((feed.paused = !v), save())),
    )
    .addExtraButton((b) =>
      b
        .setIcon('trash')
        .setTooltip('Stop following (the notes stay)')
        .onClick(() => {
          const list = deps.settings.feeds;
          list.splice(list.indexOf(feed), 1);
          save();
          deps.redraw();
        }),
    );
  setting.settingEl.addClass('kindred-feed');
}
