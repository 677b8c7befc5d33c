import { StorageError, type BlobStore, type FileInfo, type Vault, type VaultEvent } from '../../src/core/ports';
import { parseFrontMatter } from '../../src/core/front-matter';

/**
 * An in-memory vault for tests. Besides the Vault port it has the edits a user makes in
 * Obsidian (`modify`, `rename`, `delete`), each firing the event Obsidian would fire.
 */
export class MemoryVault implements Vault {
  readonly files = new Map<string, { data: string | Uint8Array; mtime: number }>();
  private readonly listeners = new Set<(event: VaultEvent) => void>();
  private tick = 1_700_000_000_000;

  constructor(initial: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(initial)) this.files.set(path, { data: text, mtime: this.nextTime() });
  }

  private nextTime(): number {
    return (this.tick += 1000);
  }

  private info(path: string): FileInfo {
    const file = this.files.get(path)!;
    const size = typeof file.data === 'string' ? new TextEncoder().encode(file.data).length : file.data.length;
    return { path, mtime: file.mtime, size };
  }

  listMarkdown(): Promise<FileInfo[]> {
    return Promise.resolve(
      [...this.files.keys()]
        .filter((p) => p.endsWith('.md') && !p.split('/').some((part) => part.startsWith('.')))
        .sort()
        .map((p) => this.info(p)),
    );
  }

  stat(path: string): Promise<FileInfo | null> {
    return Promise.resolve(this.files.has(path) ? this.info(path) : null);
  }

  read(path: string): Promise<string> {
    const file = this.files.get(path);
    if (!file) return Promise.reject(new Error(`no such file: ${path}`));
    return Promise.resolve(typeof file.data === 'string' ? file.data : new TextDecoder().decode(file.data));
  }

  exists(path: string): Promise<boolean> {
    return Promise.resolve(this.files.has(path));
  }

  create(path: string, data: string): Promise<void> {
    return this.put(path, data);
  }

  createBinary(path: string, data: Uint8Array): Promise<void> {
    return this.put(path, data);
  }

  private put(path: string, data: string | Uint8Array): Promise<void> {
    if (this.files.has(path)) return Promise.reject(new Error(`a file already exists at ${path}`));
    this.files.set(path, { data, mtime: this.nextTime() });
    this.emit({ type: 'create', path });
    return Promise.resolve();
  }

  async process(path: string, fn: (text: string) => string): Promise<string> {
    const after = fn(await this.read(path));
    this.modify(path, after);
    return after;
  }

  remove(path: string): Promise<void> {
    this.delete(path);
    return Promise.resolve();
  }

  readFrontMatter(path: string): Promise<Record<string, unknown> | null> {
    return this.read(path).then(parseFrontMatter);
  }

  async attachmentPath(fileName: string, notePath: string): Promise<string> {
    const folder = notePath.includes('/') ? notePath.slice(0, notePath.lastIndexOf('/') + 1) : '';
    for (let n = 1; ; n++) {
      const dot = fileName.lastIndexOf('.');
      const name = n === 1 ? fileName : `${fileName.slice(0, dot)} ${n}${fileName.slice(dot)}`;
      const candidate = `${folder}attachments/${name}`;
      if (!(await this.exists(candidate))) return candidate;
    }
  }

  onChange(listener: (event: VaultEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // The user's own edits, as Obsidian reports them.

  modify(path: string, text: string): void {
    if (!this.files.has(path)) throw new Error(`no such file: ${path}`);
    this.files.set(path, { data: text, mtime: this.nextTime() });
    this.emit({ type: 'modify', path });
  }

  rename(oldPath: string, path: string): void {
    const file = this.files.get(oldPath);
    if (!file) throw new Error(`no such file: ${oldPath}`);
    if (this.files.has(path)) throw new Error(`a file already exists at ${path}`);
    this.files.delete(oldPath);
    this.files.set(path, file); // Obsidian keeps mtime on rename
    this.emit({ type: 'rename', path, oldPath });
  }

  delete(path: string): void {
    if (this.files.delete(path)) this.emit({ type: 'delete', path });
  }

  private emit(event: VaultEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * An in-memory BlobStore that keeps the port's contract, failures included. `corrupt` and
 * `truncate` damage a file the way a crash or a sync tool might; `makeFolder` puts a folder where
 * a file belongs, `readOnly` refuses every change, `fillDiskAt(n)` makes the n-th write from now
 * find the disk full. A write goes through a temporary name, as on disk, and a failed one leaves
 * none behind; `temporaries` are the ones ever left (none, if the contract holds).
 */
export class MemoryBlobStore implements BlobStore {
  readonly files = new Map<string, Uint8Array>();
  /** Folders sitting where files belong. */
  readonly folders = new Set<string>();
  readOnly = false;
  /** Writes attempted and removals done, to prove what a run did (not) change. */
  writes: string[] = [];
  removals: string[] = [];
  private fullAt: number | null = null;

  read(name: string): Promise<Uint8Array | null> {
    if (this.folders.has(name)) return Promise.reject(new StorageError('not-a-file', name, `${name} is a folder, not a file`));
    const data = this.files.get(name);
    return Promise.resolve(data ? data.slice() : null);
  }

  write(name: string, data: Uint8Array): Promise<void> {
    this.writes.push(name);
    if (this.readOnly) return Promise.reject(new StorageError('read-only', name, `EROFS: read-only file system, open '${name}'`));
    if (this.folders.has(name)) return Promise.reject(new StorageError('not-a-file', name, `EISDIR: illegal operation on a directory, rename '${name}'`));
    const temporary = `${name}.0123456789ab.tmp`;
    this.files.set(temporary, new Uint8Array(0));
    if (this.fullAt !== null && --this.fullAt === 0) {
      this.fullAt = null;
      this.files.delete(temporary);
      return Promise.reject(new StorageError('disk-full', name, `ENOSPC: no space left on device, write '${name}'`));
    }
    this.files.delete(temporary);
    this.files.set(name, data.slice());
    return Promise.resolve();
  }

  createExclusive(name: string, data: Uint8Array): Promise<boolean> {
    if (this.readOnly) return Promise.reject(new StorageError('read-only', name, `EROFS: read-only file system, open '${name}'`));
    if (this.files.has(name)) return Promise.resolve(false);
    this.files.set(name, data.slice());
    return Promise.resolve(true);
  }

  /** Removes a file, or every file under a folder name, as the port says. */
  remove(name: string): Promise<void> {
    if (this.readOnly) return Promise.reject(new StorageError('read-only', name, `EROFS: read-only file system, unlink '${name}'`));
    this.removals.push(name);
    this.files.delete(name);
    this.folders.delete(name);
    for (const key of [...this.files.keys()]) if (key.startsWith(name + '/')) this.files.delete(key);
    return Promise.resolve();
  }

  /** Replaces the file at `name` (if any) with a folder, holding `inside` files if given. */
  makeFolder(name: string, inside: string[] = []): void {
    this.files.delete(name);
    this.folders.add(name);
    for (const file of inside) this.files.set(`${name}/${file}`, new Uint8Array([1, 2, 3]));
  }

  /** The `n`-th write from now fails as on a full disk (1: the next one). */
  fillDiskAt(n: number): void {
    this.fullAt = n;
  }

  /** Temporary files left in the store. */
  get temporaries(): string[] {
    return [...this.files.keys()].filter((name) => name.endsWith('.tmp'));
  }

  resetLog(): void {
    this.writes = [];
    this.removals = [];
  }

  list(prefix: string): Promise<string[]> {
    return Promise.resolve([...this.files.keys()].filter((n) => !prefix || n.startsWith(prefix + '/') || n === prefix).sort());
  }

  corrupt(name: string, at = 0): void {
    const data = this.files.get(name);
    if (!data) throw new Error(`no such file: ${name}`);
    data[Math.min(at, data.length - 1)] ^= 0xff;
  }

  truncate(name: string, length: number): void {
    const data = this.files.get(name);
    if (!data) throw new Error(`no such file: ${name}`);
    this.files.set(name, data.slice(0, length));
  }
}
