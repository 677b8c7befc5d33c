import { promises as fs } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StorageError, type BlobStore } from '../core/ports';
import { storageMessage, toStorageError } from '../core/storage-errors';
import { isTemporaryName, STALE_TEMPORARY_MS, temporaryName } from '../core/temporary-names';

/**
 * The BlobStore port over a folder: the CLI's `<vault>/<configDir>/plugins/kindred/`. Keeps the
 * port's contract: failures reject with a `StorageError`, a failed write leaves no temporary
 * file and the previous file whole, nothing is read or written outside the folder.
 */
export class NodeBlobStore implements BlobStore {
  private realRoot: string | null = null;

  constructor(readonly root: string) {}

  private abs(name: string): string {
    const parts = name.split('/');
    if (name.startsWith('/') || parts.includes('..')) throw new StorageError('outside', name, storageMessage('outside', name));
    return join(this.root, ...parts);
  }

  /** Refuses a file whose real path (symbolic links followed) is not inside the store. */
  private async inside(name: string, path: string): Promise<void> {
    const root = (this.realRoot ??= await fs.realpath(this.root));
    const real = await fs.realpath(path);
    if (real !== root && !real.startsWith(root + sep)) throw new StorageError('outside', name, storageMessage('outside', name));
  }

  async read(name: string): Promise<Uint8Array | null> {
    const path = this.abs(name);
    try {
      await this.inside(name, path);
      const buf = await fs.readFile(path);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw toStorageError(error, name);
    }
  }

  async write(name: string, data: Uint8Array): Promise<void> {
    const target = this.abs(name);
    await this.writeTemporary(name, target, data, (temp) => fs.rename(temp, target));
  }

  async createExclusive(name: string, data: Uint8Array): Promise<boolean> {
    const target = this.abs(name);
    let created = true;
    // link() refuses an existing target: the file appears whole, and only one creator wins.
    await this.writeTemporary(name, target, data, async (temp) => {
      try {
        await fs.link(temp, target);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        created = false;
      }
      await fs.rm(temp, { force: true });
    });
    return created;
  }

  /** Writes `data` to a temporary name beside `target` and hands it to `place`; on any failure the temporary is removed. */
  private async writeTemporary(name: string, target: string, data: Uint8Array, place: (temp: string) => Promise<void>): Promise<void> {
    const temp = temporaryName(target, randomBytes(6));
    try {
      await makeFolder(dirname(target));
      await this.inside(name, dirname(target));
      await fs.writeFile(temp, data, { flag: 'wx' });
      await place(temp);
    } catch (error) {
      await fs.rm(temp, { force: true }).catch(() => undefined);
      throw toStorageError(error, name);
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await fs.rm(this.abs(name), { recursive: true, force: true });
    } catch (error) {
      throw toStorageError(error, name);
    }
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix ? this.abs(prefix) : this.root;
    const out: string[] = [];
    await this.walk(base, (full, entry) => {
      if (!entry.name.endsWith('.tmp')) out.push(relative(this.root, full).split(sep).join('/'));
    });
    return out.sort();
  }

  /**
   * Removes Kindred's own temporaries (`*.<12 hex>.tmp`) left in the store by a writer that was
   * killed: only those not written to for `olderThanMs`, so a write in progress is never cut.
   * Returns their store-relative names. Run by the holder of the writer lock.
   */
  async sweepTemporaries(olderThanMs = STALE_TEMPORARY_MS): Promise<string[]> {
    const swept: string[] = [];
    const now = Date.now();
    const stale: string[] = [];
    await this.walk(this.root, (full, entry) => {
      if (isTemporaryName(entry.name)) stale.push(full);
    });
    for (const full of stale) {
      const info = await fs.stat(full).catch(() => null);
      if (!info || now - info.mtimeMs < olderThanMs) continue;
      await fs.rm(full, { force: true });
      swept.push(relative(this.root, full).split(sep).join('/'));
    }
    return swept.sort();
  }

  private async walk(dir: string, visit: (full: string, entry: { name: string }) => void): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await this.walk(full, visit);
      else if (entry.isFile()) visit(full, entry);
    }
  }
}

/** `mkdir -p`, where a file in the way is a `not-a-file` problem rather than "already exists". */
async function makeFolder(path: string): Promise<void> {
  try {
    await fs.mkdir(path, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw Object.assign(new Error(`a file sits where the folder ${path} belongs`), { code: 'ENOTDIR' });
    throw error;
  }
}
