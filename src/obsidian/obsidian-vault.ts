import { normalizePath, TFile, TFolder, type App, type EventRef, type TAbstractFile } from 'obsidian';
import { StorageError, type FileInfo, type Vault, type VaultEvent } from '../core/ports';
import { storageMessage, toStorageError } from '../core/storage-errors';

/** Longest stretch of reads before the main thread is handed back (see `breathe`). */
const YIELD_EVERY_MS = 8;

/**
 * The core's `Vault` port over `app.vault`. Writes go through `Vault.process` so a concurrent
 * edit in the editor is never lost; front matter comes from the metadata cache.
 */
export class ObsidianVault implements Vault {
  /**
   * @param register hands every vault event subscription to the plugin (`Plugin.registerEvent`)
   * so none outlives it, even when a caller forgets to unsubscribe.
   */
  constructor(
    private readonly app: App,
    private readonly register: (ref: EventRef) => void = () => {},
  ) {}

  listMarkdown(): Promise<FileInfo[]> {
    return Promise.resolve(this.app.vault.getMarkdownFiles().map(toInfo));
  }

  stat(path: string): Promise<FileInfo | null> {
    const file = this.app.vault.getAbstractFileByPath(normalizePath(path));
    return Promise.resolve(file instanceof TFile ? toInfo(file) : null);
  }

  async read(path: string): Promise<string> {
    const file = this.file(path);
    const text = await this.app.vault.cachedRead(file).catch((error: unknown) => Promise.reject(toStorageError(error, file.path)));
    await this.breathe();
    return text;
  }

  /**
   * The index runs on Obsidian's main thread and reads every note through here. Cached reads
   * resolve as microtasks, so a whole sync would otherwise be one long task that freezes the
   * editor; every few milliseconds this hands the thread back to the event loop instead.
   */
  private async breathe(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield < YIELD_EVERY_MS) return;
    await new Promise<void>((resolve) => window.setTimeout(resolve, 0));
    this.lastYield = performance.now();
  }

  private lastYield = 0;

  exists(path: string): Promise<boolean> {
    return Promise.resolve(this.app.vault.getAbstractFileByPath(normalizePath(path)) !== null);
  }

  async create(path: string, data: string): Promise<void> {
    const p = this.inside(path);
    if (this.app.vault.getAbstractFileByPath(p)) throw new Error(`"${p}" already exists`);
    await this.ensureFolder(parentOf(p));
    await this.app.vault.create(p, data).catch((error: unknown) => Promise.reject(toStorageError(error, p)));
  }

  async createBinary(path: string, data: Uint8Array): Promise<void> {
    const p = this.inside(path);
    if (this.app.vault.getAbstractFileByPath(p)) throw new Error(`"${p}" already exists`);
    await this.ensureFolder(parentOf(p));
    // Copy into a fresh ArrayBuffer: `data` may be a view into a larger buffer.
    await this.app.vault.createBinary(p, data.slice().buffer).catch((error: unknown) => Promise.reject(toStorageError(error, p)));
  }

  async process(path: string, fn: (text: string) => string): Promise<string> {
    const file = this.file(path);
    return this.app.vault.process(file, fn).catch((error: unknown) => Promise.reject(toStorageError(error, file.path)));
  }

  async remove(path: string): Promise<void> {
    const file = this.app.vault.getAbstractFileByPath(normalizePath(path));
    // Kindred only removes what it just created (a half-finished clip): the system trash keeps it recoverable.
    if (file) await this.app.fileManager.trashFile(file);
  }

  readFrontMatter(path: string): Promise<Record<string, unknown> | null> {
    const file = this.app.vault.getAbstractFileByPath(normalizePath(path));
    if (!(file instanceof TFile)) return Promise.resolve(null);
    const fm: Record<string, unknown> | undefined = this.app.metadataCache.getFileCache(file)?.frontmatter;
    return Promise.resolve(fm ? { ...fm } : null);
  }

  attachmentPath(fileName: string, notePath: string): Promise<string> {
    return this.app.fileManager.getAvailablePathForAttachment(fileName, normalizePath(notePath));
  }

  onChange(listener: (event: VaultEvent) => void): () => void {
    const vault = this.app.vault;
    const md = (f: TAbstractFile) => f instanceof TFile && f.extension === 'md';
    const refs: EventRef[] = [
      vault.on('create', (f) => md(f) && listener({ type: 'create', path: f.path })),
      vault.on('modify', (f) => md(f) && listener({ type: 'modify', path: f.path })),
      vault.on('delete', (f) => md(f) && listener({ type: 'delete', path: f.path })),
      vault.on('rename', (f, oldPath) => md(f) && listener({ type: 'rename', path: f.path, oldPath })),
    ];
    refs.forEach((ref) => this.register(ref));
    return () => refs.forEach((ref) => vault.offref(ref));
  }

  /** A vault path, refused with `StorageError('outside')` when it climbs out of the vault. */
  private inside(path: string): string {
    if (path.replace(/\\/g, '/').split('/').includes('..')) throw new StorageError('outside', path, storageMessage('outside', path));
    return normalizePath(path);
  }

  private file(path: string): TFile {
    const p = this.inside(path);
    const file = this.app.vault.getAbstractFileByPath(p);
    if (file instanceof TFolder) throw new StorageError('not-a-file', p, storageMessage('not-a-file', p));
    if (!(file instanceof TFile)) throw new Error(`no note at "${p}"`);
    return file;
  }

  private async ensureFolder(folder: string): Promise<void> {
    if (folder === '' || folder === '/') return;
    const existing = this.app.vault.getAbstractFileByPath(folder);
    if (existing instanceof TFolder) return;
    if (existing) throw new StorageError('not-a-file', folder, `"${folder}" is a file, not a folder`);
    await this.ensureFolder(parentOf(folder));
    await this.app.vault.createFolder(folder).catch((error: unknown) => {
      // Two clips writing into one new folder at once: the other one made it first.
      if (this.app.vault.getAbstractFileByPath(folder) instanceof TFolder) return;
      throw error;
    });
  }
}

function toInfo(file: TFile): FileInfo {
  return { path: file.path, mtime: file.stat.mtime, size: file.stat.size };
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
