import { Plugin } from 'obsidian';
import { migrateSettings, type KindredSettings } from './settings';

/** The plugin's lifecycle and wiring, nothing else. */
export default class KindredPlugin extends Plugin {
  settings!: KindredSettings;

  override async onload(): Promise<void> {
    this.settings = migrateSettings(await this.loadData());
  }

  async saveSettings(): Promise<void> {
    await this.saveData(this.settings);
  }
}
