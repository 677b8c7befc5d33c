import { normalizePath, type DataAdapter } from 'obsidian';
import type { BlobStore } from '../core/ports';

/**
 * The core's `BlobStore` over `app.vault.adapter`, rooted at the plugin's own folder
 * (`<configDir>/plugins/kindred/`), so the index travels with the vault and is hidden from it.
 */
export class ObsidianBlobStore implements BlobStore {
  constructor(
    private readonly adapter: DataAdapter,
    private readonly root: string,
  ) {}

  async read(name: string): Promise<Uint8Array | null> {
    const p = this.path(name);
    if (!(await this.adapter.exists(p))) return null;
    return new Uint8Array(await this.adapter.readBinary(p));
  }

  async write(name: string, data: Uint8Array): Promise<void> {
    const p = this.path(name);
    await this.ensureFolder(p.slice(0, p.lastIndexOf('/')));
    // Temp name then rename, so a crash mid-write leaves the previous file whole.
    const tmp = `${p}.tmp`;
    await this.adapter.writeBinary(tmp, data.slice().buffer);
    if (await this.adapter.exists(p)) await this.adapter.remove(p);
    await this.adapter.rename(tmp, p);
  }

  async remove(name: string): Promise<void> {
    const p = this.path(name);
    if (await this.adapter.exists(p)) await this.adapter.remove(p);
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    const start = prefix ? this.path(prefix) : this.root;
    if (!(await this.adapter.exists(start))) return out;
    const walk = async (folder: string): Promise<void> => {
      const listed = await this.adapter.list(folder);
      for (const f of listed.files) if (!f.endsWith('.tmp')) out.push(f.slice(this.root.length + 1));
      for (const sub of listed.folders) await walk(sub);
    };
    await walk(start);
    return out.sort();
  }

  private path(name: string): string {
    if (name.split('/').some((part) => part === '..')) throw new Error(`blob name "${name}" leaves the plugin folder`);
    return normalizePath(`${this.root}/${name}`);
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (!folder || (await this.adapter.exists(folder))) return;
    await this.ensureFolder(folder.slice(0, Math.max(0, folder.lastIndexOf('/'))));
    await this.adapter.mkdir(folder);
  }
}
