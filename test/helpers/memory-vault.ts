import type { BlobStore, FileInfo, Vault, VaultEvent } from '../../src/core/ports';
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

/** An in-memory BlobStore; `corrupt` and `truncate` damage a file the way a crash or a sync tool might. */
export class MemoryBlobStore implements BlobStore {
  readonly files = new Map<string, Uint8Array>();

  read(name: string): Promise<Uint8Array | null> {
    const data = this.files.get(name);
    return Promise.resolve(data ? data.slice() : null);
  }

  write(name: string, data: Uint8Array): Promise<void> {
    this.files.set(name, data.slice());
    return Promise.resolve();
  }

  createExclusive(name: string, data: Uint8Array): Promise<boolean> {
    if (this.files.has(name)) return Promise.resolve(false);
    this.files.set(name, data.slice());
    return Promise.resolve(true);
  }

  /** Removes a file, or every file under a folder name, as the port says. */
  remove(name: string): Promise<void> {
    this.files.delete(name);
    for (const key of [...this.files.keys()]) if (key.startsWith(name + '/')) this.files.delete(key);
    return Promise.resolve();
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
