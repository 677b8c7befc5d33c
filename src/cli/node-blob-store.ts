import { promises as fs } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { BlobStore } from '../core/ports';

/** The BlobStore port over a folder: the CLI's `<vault>/<configDir>/plugins/kindred/`. */
export class NodeBlobStore implements BlobStore {
  constructor(readonly root: string) {}

  private abs(name: string): string {
    if (name.split('/').includes('..')) throw new Error(`bad index file name: ${name}`);
    return join(this.root, ...name.split('/'));
  }

  async read(name: string): Promise<Uint8Array | null> {
    try {
      const buf = await fs.readFile(this.abs(name));
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async write(name: string, data: Uint8Array): Promise<void> {
    const target = this.abs(name);
    await fs.mkdir(dirname(target), { recursive: true });
    const temp = `${target}.${randomBytes(6).toString('hex')}.tmp`;
    await fs.writeFile(temp, data);
    await fs.rename(temp, target);
  }

  async remove(name: string): Promise<void> {
    await fs.rm(this.abs(name), { force: true });
  }

  async list(prefix: string): Promise<string[]> {
    const base = prefix ? this.abs(prefix) : this.root;
    const out: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (!entry.name.endsWith('.tmp')) out.push(relative(this.root, full).split(sep).join('/'));
      }
    };
    await walk(base);
    return out.sort();
  }
}
