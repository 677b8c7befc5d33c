import { normalizePath, type DataAdapter } from 'obsidian';
import { StorageError, type BlobStore } from '../core/ports';
import { storageMessage, toStorageError } from '../core/storage-errors';
import { isTemporaryName, STALE_TEMPORARY_MS, temporaryName } from '../core/temporary-names';

/**
 * The core's `BlobStore` over `app.vault.adapter`, rooted at the plugin's own folder
 * (`<configDir>/plugins/kindred/`), so the index travels with the vault and is hidden from it.
 * Keeps the port's contract: failures reject with a `StorageError`, a failed write leaves no
 * temporary file, nothing outside the folder is touched.
 */
export class ObsidianBlobStore implements BlobStore {
  constructor(
    private readonly adapter: DataAdapter,
    private readonly root: string,
  ) {}

  async read(name: string): Promise<Uint8Array | null> {
    const p = this.path(name);
    const info = await this.adapter.stat(p);
    if (!info) return null;
    if (info.type !== 'file') throw new StorageError('not-a-file', name, storageMessage('not-a-file', name));
    try {
      return new Uint8Array(await this.adapter.readBinary(p));
    } catch (error) {
      throw toStorageError(error, name);
    }
  }

  async write(name: string, data: Uint8Array): Promise<void> {
    const p = this.path(name);
    const info = await this.adapter.stat(p);
    if (info && info.type !== 'file') throw new StorageError('not-a-file', name, storageMessage('not-a-file', name));
    // Temp name then rename, so a crash mid-write leaves the previous file whole.
    await this.writeTemporary(name, p, data, async (tmp) => {
      if (info) await this.adapter.remove(p);
      await this.adapter.rename(tmp, p);
    });
  }

  /**
   * The adapter has no exclusive create: this checks that nothing is there, then renames its
   * temporary into place. Between the two another process (a `kindred` in a terminal) can slip
   * in; the writer lock re-reads what it wrote to settle that race.
   */
  async createExclusive(name: string, data: Uint8Array): Promise<boolean> {
    const p = this.path(name);
    if (await this.adapter.exists(p)) return false;
    let created = true;
    await this.writeTemporary(name, p, data, async (tmp) => {
      try {
        await this.adapter.rename(tmp, p);
      } catch (error) {
        if (!(await this.adapter.exists(p))) throw error;
        created = false;
        await this.adapter.remove(tmp);
      }
    });
    return created;
  }

  private async writeTemporary(name: string, p: string, data: Uint8Array, place: (tmp: string) => Promise<void>): Promise<void> {
    const tmp = temporaryName(p, crypto.getRandomValues(new Uint8Array(6)));
    try {
      await this.ensureFolder(p.slice(0, p.lastIndexOf('/')));
      await this.adapter.writeBinary(tmp, data.slice().buffer);
      await place(tmp);
    } catch (error) {
      if (await this.adapter.exists(tmp).catch(() => false)) await this.adapter.remove(tmp).catch(() => undefined);
      throw toStorageError(error, name);
    }
  }

  async remove(name: string): Promise<void> {
    const p = this.path(name);
    try {
      const info = await this.adapter.stat(p);
      if (info?.type === 'folder') await this.adapter.rmdir(p, true);
      else if (info) await this.adapter.remove(p);
    } catch (error) {
      throw toStorageError(error, name);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const out: string[] = [];
    await this.walk(prefix ? this.path(prefix) : this.root, (file) => {
      if (!file.endsWith('.tmp')) out.push(file.slice(this.root.length + 1));
    });
    return out.sort();
  }

  /**
   * Removes Kindred's own temporaries (`*.<12 hex>.tmp`) that nothing has written to for
   * `olderThanMs`: what a write cut short by a crash leaves. Returns their store-relative names.
   */
  async sweepTemporaries(olderThanMs = STALE_TEMPORARY_MS): Promise<string[]> {
    const stale: string[] = [];
    await this.walk(this.root, (file) => {
      if (isTemporaryName(file)) stale.push(file);
    });
    const swept: string[] = [];
    const now = Date.now();
    for (const file of stale) {
      const info = await this.adapter.stat(file);
      if (!info || now - info.mtime < olderThanMs) continue;
      await this.adapter.remove(file);
      swept.push(file.slice(this.root.length + 1));
    }
    return swept.sort();
  }

  private async walk(folder: string, visit: (file: string) => void): Promise<void> {
    if (!(await this.adapter.exists(folder))) return;
    const listed = await this.adapter.list(folder);
    for (const f of listed.files) visit(f);
    for (const sub of listed.folders) await this.walk(sub, visit);
  }

  private path(name: string): string {
    if (name.startsWith('/') || name.split('/').some((part) => part === '..')) {
      throw new StorageError('outside', name, storageMessage('outside', name));
    }
    return normalizePath(`${this.root}/${name}`);
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (!folder || (await this.adapter.exists(folder))) return;
    await this.ensureFolder(folder.slice(0, Math.max(0, folder.lastIndexOf('/'))));
    await this.adapter.mkdir(folder);
  }
}
