/**
 * A small stand-in for the `obsidian` module, good enough to run the built `main.js` in a page:
 * an in-memory vault with events, a workspace with a markdown pane (a textarea editor) and a
 * right sidebar, modals with Obsidian's own class names, settings, notices and menus. It
 * records what the plugin did (opened links, notices, commands) for the tests to read.
 */
import YAML from 'yaml';
import { parseFrontMatter, splitFrontMatter } from '../../../src/core/front-matter';

type Listener = (...args: unknown[]) => unknown;
export interface EventRef {
  events: Events;
  name: string;
  fn: Listener;
}

export class Events {
  private handlers = new Map<string, Set<EventRef>>();
  on(name: string, fn: Listener): EventRef {
    const ref = { events: this, name, fn };
    if (!this.handlers.has(name)) this.handlers.set(name, new Set());
    this.handlers.get(name)!.add(ref);
    return ref;
  }
  off(name: string, fn: Listener): void {
    for (const ref of this.handlers.get(name) ?? []) if (ref.fn === fn) this.handlers.get(name)!.delete(ref);
  }
  offref(ref: EventRef): void {
    this.handlers.get(ref.name)?.delete(ref);
  }
  trigger(name: string, ...args: unknown[]): void {
    for (const ref of [...(this.handlers.get(name) ?? [])]) ref.fn(...args);
  }
  /** For the "leaves no listener behind" test. */
  listenerCount(): number {
    let n = 0;
    for (const set of this.handlers.values()) n += set.size;
    return n;
  }
}

export class Component {
  private cleanups: (() => void)[] = [];
  private children: Component[] = [];
  _loaded = false;
  load(): void {
    if (this._loaded) return;
    this._loaded = true;
    void this.onload();
    this.children.forEach((c) => c.load());
  }
  unload(): void {
    if (!this._loaded) return;
    this._loaded = false;
    this.children.splice(0).forEach((c) => c.unload());
    this.cleanups.splice(0).forEach((f) => f());
    this.onunload();
  }
  onload(): void | Promise<void> {}
  onunload(): void {}
  addChild<T extends Component>(c: T): T {
    this.children.push(c);
    if (this._loaded) c.load();
    return c;
  }
  removeChild<T extends Component>(c: T): T {
    this.children = this.children.filter((x) => x !== c);
    c.unload();
    return c;
  }
  register(fn: () => void): void {
    this.cleanups.push(fn);
  }
  registerEvent(ref: EventRef): void {
    this.register(() => ref.events.offref(ref));
  }
  registerDomEvent(el: EventTarget, type: string, fn: EventListener, options?: AddEventListenerOptions | boolean): void {
    el.addEventListener(type, fn, options);
    harnessCounters.domListeners++;
    this.register(() => {
      el.removeEventListener(type, fn, options);
      harnessCounters.domListeners--;
    });
  }
  registerInterval(id: number): number {
    this.register(() => window.clearInterval(id));
    return id;
  }
}

/** What the tests read to prove the plugin cleans up after itself. */
export const harnessCounters = { domListeners: 0 };

export class TAbstractFile {
  vault!: Vault;
  parent: TFolder | null = null;
  constructor(
    public path: string,
    public name: string,
  ) {}
}
export class TFile extends TAbstractFile {
  stat = { ctime: Date.now(), mtime: Date.now(), size: 0 };
  get basename(): string {
    return this.name.replace(/\.[^.]+$/, '');
  }
  get extension(): string {
    const i = this.name.lastIndexOf('.');
    return i < 0 ? '' : this.name.slice(i + 1);
  }
}
export class TFolder extends TAbstractFile {
  children: TAbstractFile[] = [];
  isRoot(): boolean {
    return this.path === '/';
  }
}

export function normalizePath(path: string): string {
  const p = path.replace(/\\/g, '/').replace(/\/+/g, '/').replace(/^\/|\/$/g, '');
  return p === '' ? '/' : p;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A message to ourselves: a new task, without setTimeout's 4 ms clamp. */
const diskChannel = new MessageChannel();
const diskQueue: Array<() => void> = [];
diskChannel.port1.onmessage = () => diskQueue.shift()?.();
const nextDiskTask = () =>
  new Promise<void>((resolve) => {
    diskQueue.push(resolve);
    diskChannel.port2.postMessage(null);
  });

/**
 * A copy of `bytes` made 1 MB per task. Obsidian reads and writes a file off the UI thread (Node's
 * file system on desktop), so one synchronous copy of a 32 MB vector shard here would be a long
 * task of the harness's own (60 ms in Chromium), not the plugin's, in the benches that count them.
 */
async function copyAsADiskWould(bytes: Uint8Array): Promise<ArrayBuffer> {
  const out = new Uint8Array(bytes.length);
  const piece = 1 << 20;
  for (let at = 0; at < bytes.length; at += piece) {
    if (at > 0) await nextDiskTask();
    out.set(bytes.subarray(at, at + piece), at);
  }
  return out.buffer;
}

/** Files under the config folder: plugin data and the index. */
export class MemoryAdapter {
  files = new Map<string, Uint8Array>();
  folders = new Set<string>();
  /** While set, binary reads of the paths it matches wait for its `gate` (a slow disk at start-up). */
  held: { pattern: RegExp; gate: Promise<void>; release: () => void } | null = null;
  exists(p: string): Promise<boolean> {
    p = normalizePath(p);
    // A folder exists once anything is inside it, as on disk.
    const inside = [...this.files.keys()].some((f) => f.startsWith(`${p}/`));
    return Promise.resolve(this.files.has(p) || this.folders.has(p) || inside);
  }
  read(p: string): Promise<string> {
    const b = this.files.get(normalizePath(p));
    if (!b) return Promise.reject(new Error(`ENOENT: ${p}`));
    return Promise.resolve(decoder.decode(b));
  }
  async readBinary(p: string): Promise<ArrayBuffer> {
    if (this.held?.pattern.test(normalizePath(p))) await this.held.gate;
    const b = this.files.get(normalizePath(p));
    if (!b) throw new Error(`ENOENT: ${p}`);
    return copyAsADiskWould(b);
  }
  write(p: string, data: string): Promise<void> {
    this.files.set(normalizePath(p), encoder.encode(data));
    return Promise.resolve();
  }
  async writeBinary(p: string, data: ArrayBuffer): Promise<void> {
    const path = normalizePath(p);
    this.files.set(path, new Uint8Array(await copyAsADiskWould(new Uint8Array(data))));
  }
  remove(p: string): Promise<void> {
    this.files.delete(normalizePath(p));
    return Promise.resolve();
  }
  rename(a: string, b: string): Promise<void> {
    const data = this.files.get(normalizePath(a));
    if (!data) return Promise.reject(new Error(`ENOENT: ${a}`));
    this.files.delete(normalizePath(a));
    this.files.set(normalizePath(b), data);
    return Promise.resolve();
  }
  mkdir(p: string): Promise<void> {
    this.folders.add(normalizePath(p));
    return Promise.resolve();
  }
  async stat(p: string): Promise<{ type: 'file' | 'folder'; ctime: number; mtime: number; size: number } | null> {
    const file = this.files.get(normalizePath(p));
    if (file) return { type: 'file', ctime: 0, mtime: Date.now(), size: file.length };
    return (await this.exists(p)) ? { type: 'folder', ctime: 0, mtime: Date.now(), size: 0 } : null;
  }
  rmdir(p: string, recursive: boolean): Promise<void> {
    const prefix = `${normalizePath(p)}/`;
    const inside = [...this.files.keys()].filter((f) => f.startsWith(prefix));
    if (inside.length && !recursive) return Promise.reject(new Error(`ENOTEMPTY: ${p}`));
    for (const f of inside) this.files.delete(f);
    for (const f of [...this.folders]) if (f === normalizePath(p) || f.startsWith(prefix)) this.folders.delete(f);
    return Promise.resolve();
  }
  list(p: string): Promise<{ files: string[]; folders: string[] }> {
    const prefix = normalizePath(p) + '/';
    const files: string[] = [];
    const folders = new Set<string>();
    for (const f of this.files.keys()) {
      if (!f.startsWith(prefix)) continue;
      const rest = f.slice(prefix.length);
      const i = rest.indexOf('/');
      if (i < 0) files.push(f);
      else folders.add(prefix + rest.slice(0, i));
    }
    return Promise.resolve({ files, folders: [...folders] });
  }
}

/** The user's notes, in memory. */
export class Vault extends Events {
  configDir = '.obsidian';
  adapter = new MemoryAdapter();
  private data = new Map<string, string | Uint8Array>();
  private items = new Map<string, TAbstractFile>();
  private root: TFolder;

  constructor() {
    super();
    this.root = new TFolder('/', '');
    this.root.vault = this;
    this.items.set('/', this.root);
  }

  getRoot(): TFolder {
    return this.root;
  }
  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.items.get(normalizePath(path)) ?? null;
  }
  getFileByPath(path: string): TFile | null {
    const f = this.getAbstractFileByPath(path);
    return f instanceof TFile ? f : null;
  }
  getAllLoadedFiles(): TAbstractFile[] {
    return [...this.items.values()];
  }
  getFiles(): TFile[] {
    return [...this.items.values()].filter((f): f is TFile => f instanceof TFile);
  }
  getMarkdownFiles(): TFile[] {
    return this.getFiles().filter((f) => f.extension === 'md');
  }
  cachedRead(file: TFile): Promise<string> {
    return this.read(file);
  }
  read(file: TFile): Promise<string> {
    const d = this.data.get(file.path);
    if (d === undefined) return Promise.reject(new Error(`ENOENT: ${file.path}`));
    return Promise.resolve(typeof d === 'string' ? d : decoder.decode(d));
  }
  readBinary(file: TFile): Promise<ArrayBuffer> {
    const d = this.data.get(file.path);
    if (d === undefined) return Promise.reject(new Error(`ENOENT: ${file.path}`));
    return Promise.resolve((typeof d === 'string' ? encoder.encode(d) : d).slice().buffer);
  }
  async createFolder(path: string): Promise<TFolder> {
    const p = normalizePath(path);
    if (this.items.has(p)) throw new Error('Folder already exists.');
    const parent = this.ensureParent(p);
    const folder = new TFolder(p, p.split('/').pop()!);
    this.attach(folder, parent);
    return Promise.resolve(folder);
  }
  create(path: string, data: string): Promise<TFile> {
    return Promise.resolve(this.put(path, data, true));
  }
  createBinary(path: string, data: ArrayBuffer): Promise<TFile> {
    return Promise.resolve(this.put(path, new Uint8Array(data), true));
  }
  modify(file: TFile, data: string): Promise<void> {
    this.put(file.path, data, false);
    return Promise.resolve();
  }
  async process(file: TFile, fn: (data: string) => string): Promise<string> {
    const next = fn(await this.read(file));
    this.put(file.path, next, false);
    return next;
  }
  delete(file: TAbstractFile): Promise<void> {
    this.items.delete(file.path);
    this.data.delete(file.path);
    if (file.parent) file.parent.children = file.parent.children.filter((c) => c !== file);
    this.trigger('delete', file);
    return Promise.resolve();
  }
  rename(file: TAbstractFile, newPath: string): Promise<void> {
    const old = file.path;
    const p = normalizePath(newPath);
    const d = this.data.get(old);
    this.items.delete(old);
    this.data.delete(old);
    if (file.parent) file.parent.children = file.parent.children.filter((c) => c !== file);
    file.path = p;
    file.name = p.split('/').pop()!;
    this.attach(file, this.ensureParent(p));
    if (d !== undefined) this.data.set(p, d);
    this.trigger('rename', file, old);
    return Promise.resolve();
  }

  /** Every markdown note's text (for the metadata cache's links). */
  *texts(): Iterable<[string, string]> {
    for (const [path, d] of this.data) if (path.endsWith('.md')) yield [path, typeof d === 'string' ? d : decoder.decode(d)];
  }

  /** Writes a file, firing create or modify as Obsidian does; used by the harness to seed the vault. */
  put(path: string, data: string | Uint8Array, mustBeNew: boolean): TFile {
    const p = normalizePath(path);
    const existing = this.items.get(p);
    if (existing && mustBeNew) throw new Error('File already exists.');
    let file = existing as TFile | undefined;
    const isNew = !file;
    if (!file) {
      file = new TFile(p, p.split('/').pop()!);
      this.attach(file, this.ensureParent(p));
    }
    this.data.set(p, data);
    file.stat = { ctime: file.stat.ctime, mtime: Date.now(), size: typeof data === 'string' ? encoder.encode(data).length : data.length };
    this.trigger(isNew ? 'create' : 'modify', file);
    return file;
  }

  private ensureParent(p: string): TFolder {
    const i = p.lastIndexOf('/');
    if (i < 0) return this.root;
    const parentPath = p.slice(0, i);
    const existing = this.items.get(parentPath);
    if (existing instanceof TFolder) return existing;
    const folder = new TFolder(parentPath, parentPath.split('/').pop()!);
    this.attach(folder, this.ensureParent(parentPath));
    return folder;
  }

  private attach(item: TAbstractFile, parent: TFolder): void {
    item.vault = this;
    item.parent = parent;
    parent.children.push(item);
    this.items.set(item.path, item);
  }
}

export class MetadataCache extends Events {
  constructor(private readonly vault: Vault) {
    super();
  }
  /** Parsed eagerly from the stored text (Obsidian's cache is asynchronous; tests do not need that). */
  fmCache = new Map<string, Record<string, unknown> | null>();
  getFileCache(file: TFile): { frontmatter?: Record<string, unknown> } | null {
    const fm = this.fmCache.get(file.path);
    return fm ? { frontmatter: fm } : {};
  }
  getFirstLinkpathDest(linkpath: string, _sourcePath?: string): TFile | null {
    return resolveLink(this.vault, linkpath);
  }
  /** Source path → linked path → count, from the notes' [[wiki links]] (Obsidian keeps it up to date; this reads it fresh). */
  get resolvedLinks(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [path, text] of this.vault.texts()) {
      const targets: Record<string, number> = {};
      for (const m of text.matchAll(/\[\[([^\]|#]+)/g)) {
        const file = resolveLink(this.vault, m[1].trim());
        if (file) targets[file.path] = (targets[file.path] ?? 0) + 1;
      }
      out[path] = targets;
    }
    return out;
  }
}

function resolveLink(vault: Vault, linktext: string): TFile | null {
  const target = linktext.split('#')[0];
  const direct = vault.getFileByPath(target) ?? vault.getFileByPath(`${target}.md`);
  if (direct) return direct;
  const name = target.split('/').pop()!.toLowerCase();
  return vault.getMarkdownFiles().find((f) => f.basename.toLowerCase() === name) ?? null;
}

export class FileManager {
  constructor(private readonly app: App) {}
  trashFile(file: TAbstractFile): Promise<void> {
    return this.app.vault.delete(file);
  }
  getAvailablePathForAttachment(filename: string, sourcePath?: string): Promise<string> {
    const folder = sourcePath && sourcePath.includes('/') ? sourcePath.slice(0, sourcePath.lastIndexOf('/')) : '';
    const dot = filename.lastIndexOf('.');
    const stem = dot > 0 ? filename.slice(0, dot) : filename;
    const ext = dot > 0 ? filename.slice(dot) : '';
    let candidate = normalizePath(`${folder}/${filename}`);
    for (let n = 1; this.app.vault.getAbstractFileByPath(candidate); n++) candidate = normalizePath(`${folder}/${stem} ${n}${ext}`);
    return Promise.resolve(candidate);
  }
  /** Obsidian's default for new notes: the vault's root folder. */
  getNewFileParent(_sourcePath: string): TFolder {
    return this.app.vault.getRoot();
  }
  generateMarkdownLink(file: TFile, _sourcePath: string, subpath = '', alias = ''): string {
    return `[[${file.basename}${subpath}${alias ? `|${alias}` : ''}]]`;
  }
  async processFrontMatter(file: TFile, fn: (fm: Record<string, unknown>) => void): Promise<void> {
    await this.app.vault.process(file, (text) => {
      const { frontMatter, body } = splitFrontMatter(text) as unknown as { frontMatter: string | null; body: string };
      const fm = (frontMatter ? (YAML.parse(frontMatter) as Record<string, unknown>) : {}) ?? {};
      fn(fm);
      return `---\n${YAML.stringify(fm)}---\n${body}`;
    });
  }
}

/** A markdown editor good enough for the tests: a textarea. */
export class Editor {
  constructor(readonly textarea: HTMLTextAreaElement) {}
  getValue(): string {
    return this.textarea.value;
  }
  setValue(v: string): void {
    this.textarea.value = v;
  }
  getSelection(): string {
    return this.textarea.value.slice(this.textarea.selectionStart, this.textarea.selectionEnd);
  }
  replaceSelection(text: string): void {
    this.textarea.setRangeText(text, this.textarea.selectionStart, this.textarea.selectionEnd, 'end');
    this.textarea.dispatchEvent(new Event('input'));
  }
  getCursor(which: 'from' | 'to' | 'head' | 'anchor' = 'head'): { line: number; ch: number } {
    return this.offsetToPos(which === 'to' ? this.textarea.selectionEnd : this.textarea.selectionStart);
  }
  setCursor(pos: { line: number; ch: number }): void {
    const at = this.posToOffset(pos);
    this.textarea.setSelectionRange(at, at);
  }
  offsetToPos(offset: number): { line: number; ch: number } {
    const before = this.textarea.value.slice(0, offset).split('\n');
    return { line: before.length - 1, ch: before[before.length - 1].length };
  }
  posToOffset(pos: { line: number; ch: number }): number {
    const lines = this.textarea.value.split('\n');
    let offset = 0;
    for (let i = 0; i < Math.min(pos.line, lines.length); i++) offset += lines[i].length + 1;
    return Math.min(this.textarea.value.length, offset + pos.ch);
  }
  replaceRange(text: string, from: { line: number; ch: number }, to?: { line: number; ch: number }): void {
    const start = this.posToOffset(from);
    this.textarea.setRangeText(text, start, to ? this.posToOffset(to) : start, 'end');
    this.textarea.dispatchEvent(new Event('input'));
  }
}

export class View extends Component {
  containerEl: HTMLElement;
  app: App;
  icon = '';
  navigation = false;
  constructor(public leaf: WorkspaceLeaf) {
    super();
    this.app = leaf.app;
    this.containerEl = createDiv({ cls: 'view-content-container' });
  }
  getViewType(): string {
    return '';
  }
  getDisplayText(): string {
    return '';
  }
  getIcon(): string {
    return this.icon;
  }
  getState(): Record<string, unknown> {
    return {};
  }
  onOpen(): Promise<void> {
    return Promise.resolve();
  }
  onClose(): Promise<void> {
    return Promise.resolve();
  }
}

export class ItemView extends View {
  contentEl: HTMLElement;
  private actionsEl: HTMLElement;
  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    this.containerEl.addClass('workspace-leaf-content');
    const header = this.containerEl.createDiv({ cls: 'view-header' });
    header.createDiv({ cls: 'view-header-title', text: '' });
    this.actionsEl = header.createDiv({ cls: 'view-actions' });
    this.contentEl = this.containerEl.createDiv({ cls: 'view-content' });
  }
  /** A button in the view's header, as Obsidian draws it (newest first). */
  addAction(icon: string, title: string, callback: (evt: MouseEvent) => unknown): HTMLElement {
    const el = createEl('a', { cls: 'view-action clickable-icon', attr: { 'aria-label': title } });
    setIcon(el, icon);
    this.actionsEl.prepend(el);
    el.addEventListener('click', callback as EventListener);
    return el;
  }
}

export class MarkdownView extends View {
  file: TFile | null = null;
  editor: Editor;
  constructor(leaf: WorkspaceLeaf) {
    super(leaf);
    this.containerEl.addClass('workspace-leaf-content', 'markdown-view');
    const textarea = this.containerEl.createEl('textarea', { cls: 'kindred-harness-editor' });
    this.editor = new Editor(textarea);
    // As in Obsidian, every edit is announced (the file itself is saved later, by the test).
    textarea.addEventListener('input', () => this.app.workspace.trigger('editor-change', this.editor, this));
  }
  override getViewType(): string {
    return 'markdown';
  }
  override getDisplayText(): string {
    return this.file?.basename ?? '';
  }
  async setFile(file: TFile): Promise<void> {
    this.file = file;
    this.editor.setValue(await this.app.vault.read(file));
    this.containerEl.dataset.path = file.path;
  }
}

export class WorkspaceLeaf {
  view: View | null = null;
  readonly el: HTMLElement;
  constructor(
    readonly app: App,
    readonly side: 'main' | 'right',
  ) {
    this.el = createDiv({ cls: 'workspace-leaf' });
  }
  async setViewState(state: { type: string; active?: boolean }): Promise<void> {
    await this.closeView();
    const factory = this.app.workspace.viewFactories.get(state.type);
    const view = state.type === 'markdown' ? new MarkdownView(this) : factory?.(this);
    if (!view) throw new Error(`no view registered for ${state.type}`);
    this.view = view;
    this.el.dataset.type = state.type;
    this.el.appendChild(view.containerEl);
    view.load();
    await view.onOpen();
    // As Obsidian's tab header: the view's own title.
    const title = view.containerEl.querySelector('.view-header-title');
    if (title) title.textContent = view.getDisplayText();
    if (state.active) this.app.workspace.setActiveLeaf(this);
  }
  getViewState(): { type: string } {
    return { type: this.view?.getViewType() ?? 'empty' };
  }
  async openFile(file: TFile): Promise<void> {
    if (!(this.view instanceof MarkdownView)) await this.setViewState({ type: 'markdown' });
    await (this.view as MarkdownView).setFile(file);
    this.app.workspace.setActiveLeaf(this);
    this.app.workspace.trigger('file-open', file);
  }
  private async closeView(): Promise<void> {
    if (!this.view) return;
    await this.view.onClose();
    this.view.unload();
    this.view.containerEl.remove();
    this.view = null;
  }
  async detach(): Promise<void> {
    await this.closeView();
    this.el.remove();
    this.app.workspace.removeLeaf(this);
  }
}

/** A page preview the workspace showed for a `hover-link` event. */
export interface HoverLink {
  source: string;
  linktext: string;
  sourcePath: string;
  /** The class of the element hovered. */
  targetClass: string;
  /** A page preview was shown (Obsidian's core plugin: Mod held, or the source needs no Mod). */
  shown: boolean;
}

export class Workspace extends Events {
  viewFactories = new Map<string, (leaf: WorkspaceLeaf) => View>();
  /** Every `hover-link` the plugin triggered, for the tests. */
  hoverLinks: HoverLink[] = [];
  leaves: WorkspaceLeaf[] = [];
  activeLeaf: WorkspaceLeaf | null = null;
  /** Every link the plugin opened, for the tests. */
  opened: { linktext: string; newLeaf: unknown }[] = [];
  layoutReady = false;
  private readyCallbacks: (() => void)[] = [];
  constructor(
    readonly app: App,
    readonly mainEl: HTMLElement,
    readonly rightEl: HTMLElement,
  ) {
    super();
  }
  get activeEditor(): { editor: Editor; file: TFile | null } | null {
    const view = this.getActiveViewOfType(MarkdownView);
    return view ? { editor: view.editor, file: view.file } : null;
  }
  /**
   * As Obsidian's page preview does for `hover-link`: a source it knows (registered with
   * `registerHoverLinkSource`) gets a preview of the note, at once when the source needs no
   * Mod key or Mod is held.
   */
  override trigger(name: string, ...args: unknown[]): void {
    if (name === 'hover-link') this.showHoverPreview(args[0] as { event: MouseEvent; source: string; linktext: string; sourcePath?: string; targetEl: Element });
    super.trigger(name, ...args);
  }
  private showHoverPreview(info: { event: MouseEvent; source: string; linktext: string; sourcePath?: string; targetEl: Element }): void {
    const registered = this.app.hoverSources.get(info.source) as { defaultMod?: boolean } | undefined;
    const mod = Boolean(info.event?.ctrlKey || info.event?.metaKey);
    const shown = registered !== undefined && (!registered.defaultMod || mod);
    this.hoverLinks.push({ source: info.source, linktext: info.linktext, sourcePath: info.sourcePath ?? '', targetClass: info.targetEl?.getAttribute('class') ?? '', shown });
    if (!shown) return;
    const file = resolveLink(this.app.vault, info.linktext);
    document.querySelectorAll('.hover-popover').forEach((p) => p.remove());
    const popover = document.body.createDiv({ cls: 'popover hover-popover' });
    popover.dataset.path = file?.path ?? '';
    popover.createDiv({ cls: 'markdown-preview-view', text: file ? `${file.basename}` : `No note ${info.linktext}` });
  }
  onLayoutReady(fn: () => void): void {
    if (this.layoutReady) fn();
    else this.readyCallbacks.push(fn);
  }
  /** The harness calls this once the plugin has loaded, as Obsidian does after restoring the layout. */
  setLayoutReady(): void {
    this.layoutReady = true;
    this.readyCallbacks.splice(0).forEach((f) => f());
    this.trigger('layout-ready');
  }
  getActiveFile(): TFile | null {
    const markdown = this.activeLeaf?.view instanceof MarkdownView ? this.activeLeaf : this.lastMarkdownLeaf;
    return (markdown?.view as MarkdownView | undefined)?.file ?? null;
  }
  private lastMarkdownLeaf: WorkspaceLeaf | null = null;
  getActiveViewOfType<T>(type: new (...args: never[]) => T): T | null {
    const view = this.activeLeaf?.view;
    return view instanceof type ? (view) : null;
  }
  setActiveLeaf(leaf: WorkspaceLeaf): void {
    this.activeLeaf = leaf;
    if (leaf.view instanceof MarkdownView) this.lastMarkdownLeaf = leaf;
    for (const l of this.leaves) l.el.toggleClass('mod-active', l === leaf);
    this.trigger('active-leaf-change', leaf);
  }
  getLeaf(newLeaf?: boolean | string): WorkspaceLeaf {
    const mains = this.leaves.filter((l) => l.side === 'main');
    if (!newLeaf && this.lastMarkdownLeaf) return this.lastMarkdownLeaf;
    if (!newLeaf && mains[0]) return mains[0];
    return this.addLeaf('main');
  }
  getRightLeaf(): WorkspaceLeaf {
    return this.addLeaf('right');
  }
  getLeavesOfType(type: string): WorkspaceLeaf[] {
    return this.leaves.filter((l) => l.view?.getViewType() === type);
  }
  revealLeaf(leaf: WorkspaceLeaf): Promise<void> {
    leaf.el.scrollIntoView();
    return Promise.resolve();
  }
  detachLeavesOfType(type: string): void {
    for (const leaf of this.getLeavesOfType(type)) void leaf.detach();
  }
  async openLinkText(linktext: string, _source: string, newLeaf?: unknown): Promise<void> {
    this.opened.push({ linktext, newLeaf: newLeaf ?? false });
    const file = resolveLink(this.app.vault, linktext);
    if (!file) return;
    await this.getLeaf(newLeaf as boolean).openFile(file);
  }
  removeLeaf(leaf: WorkspaceLeaf): void {
    this.leaves = this.leaves.filter((l) => l !== leaf);
    if (this.activeLeaf === leaf) this.activeLeaf = null;
    if (this.lastMarkdownLeaf === leaf) this.lastMarkdownLeaf = null;
  }
  private addLeaf(side: 'main' | 'right'): WorkspaceLeaf {
    const leaf = new WorkspaceLeaf(this.app, side);
    this.leaves.push(leaf);
    (side === 'main' ? this.mainEl : this.rightEl).appendChild(leaf.el);
    return leaf;
  }
}

export class App {
  vault = new Vault();
  metadataCache = new MetadataCache(this.vault);
  fileManager = new FileManager(this);
  workspace: Workspace;
  commands = new Map<string, { id: string; name: string; callback?: () => unknown; editorCallback?: (e: Editor, v: unknown) => unknown; checkCallback?: (checking: boolean) => unknown }>();
  settingTabs: PluginSettingTab[] = [];
  hoverSources = new Map<string, unknown>();
  codeBlockProcessors = new Map<string, CodeBlockHandler>();
  constructor(
    readonly statusBarEl: HTMLElement,
    readonly ribbonEl: HTMLElement,
    mainEl: HTMLElement,
    rightEl: HTMLElement,
  ) {
    this.workspace = new Workspace(this, mainEl, rightEl);
    // Obsidian's metadata cache follows the vault; this one parses front matter on every write.
    const refresh = (file: unknown) => {
      if (!(file instanceof TFile) || file.extension !== 'md') return;
      void this.vault.read(file).then((text) => this.metadataCache.fmCache.set(file.path, parseFrontMatter(text)));
    };
    this.vault.on('create', refresh);
    this.vault.on('modify', refresh);
  }
  /** Runs a command as the palette would. */
  runCommand(id: string): boolean {
    const cmd = this.commands.get(id);
    if (!cmd) throw new Error(`no command ${id}`);
    if (cmd.callback) void cmd.callback();
    else if (cmd.editorCallback) {
      const view = this.workspace.getActiveViewOfType(MarkdownView);
      if (!view) return false;
      void cmd.editorCallback(view.editor, view);
    } else if (cmd.checkCallback) void cmd.checkCallback(false);
    return true;
  }
}

export interface PluginManifest {
  id: string;
  name: string;
  version: string;
  dir?: string;
}

export class Plugin extends Component {
  constructor(
    public app: App,
    public manifest: PluginManifest,
  ) {
    super();
  }
  private get dataPath(): string {
    return `${this.app.vault.configDir}/plugins/${this.manifest.id}/data.json`;
  }
  async loadData(): Promise<unknown> {
    if (!(await this.app.vault.adapter.exists(this.dataPath))) return null;
    return JSON.parse(await this.app.vault.adapter.read(this.dataPath)) as unknown;
  }
  saveData(data: unknown): Promise<void> {
    return this.app.vault.adapter.write(this.dataPath, JSON.stringify(data));
  }
  addCommand(cmd: { id: string; name: string; callback?: () => unknown; editorCallback?: (e: Editor, v: unknown) => unknown; checkCallback?: (c: boolean) => unknown; hotkeys?: unknown[] }): typeof cmd {
    const full = { ...cmd, id: `${this.manifest.id}:${cmd.id}` };
    this.app.commands.set(full.id, full);
    this.register(() => this.app.commands.delete(full.id));
    return full;
  }
  registerView(type: string, factory: (leaf: WorkspaceLeaf) => View): void {
    this.app.workspace.viewFactories.set(type, factory);
    this.register(() => {
      this.app.workspace.viewFactories.delete(type);
      this.app.workspace.detachLeavesOfType(type);
    });
  }
  addStatusBarItem(): HTMLElement {
    const el = this.app.statusBarEl.createDiv({ cls: 'status-bar-item' });
    this.register(() => el.remove());
    return el;
  }
  addRibbonIcon(icon: string, title: string, cb: (evt: MouseEvent) => unknown): HTMLElement {
    const el = this.app.ribbonEl.createDiv({ cls: 'side-dock-ribbon-action clickable-icon', attr: { 'aria-label': title, 'data-icon': icon } });
    el.addEventListener('click', cb as EventListener);
    this.register(() => el.remove());
    return el;
  }
  addSettingTab(tab: PluginSettingTab): void {
    this.app.settingTabs.push(tab);
    this.register(() => (this.app.settingTabs = this.app.settingTabs.filter((t) => t !== tab)));
  }
  registerMarkdownCodeBlockProcessor(language: string, handler: CodeBlockHandler): void {
    this.app.codeBlockProcessors.set(language, handler);
    this.register(() => this.app.codeBlockProcessors.delete(language));
  }
  registerHoverLinkSource(id: string, info: unknown): void {
    this.app.hoverSources.set(id, info);
    this.register(() => this.app.hoverSources.delete(id));
  }
}

export class Scope {
  keys: { modifiers: string[]; key: string; fn: (evt: KeyboardEvent) => unknown }[] = [];
  register(modifiers: string[], key: string, fn: (evt: KeyboardEvent) => unknown): unknown {
    const k = { modifiers, key, fn };
    this.keys.push(k);
    return k;
  }
  /** True when a registered handler took the event. */
  handle(evt: KeyboardEvent): boolean {
    const mods = new Set<string>();
    if (evt.ctrlKey || evt.metaKey) mods.add('Mod');
    if (evt.shiftKey) mods.add('Shift');
    if (evt.altKey) mods.add('Alt');
    for (const k of this.keys) {
      if (k.key !== evt.key) continue;
      if (k.modifiers.length !== mods.size || !k.modifiers.every((m) => mods.has(m))) continue;
      if (k.fn(evt) === false) return true;
    }
    return false;
  }
}

export class Keymap {
  static isModEvent(evt?: MouseEvent | KeyboardEvent | null): boolean | string {
    if (!evt) return false;
    return evt.ctrlKey || evt.metaKey ? 'tab' : false;
  }
}

export class Modal {
  containerEl: HTMLElement;
  modalEl: HTMLElement;
  titleEl: HTMLElement;
  contentEl: HTMLElement;
  scope = new Scope();
  private onKey = (evt: KeyboardEvent) => {
    if (this.scope.handle(evt)) evt.preventDefault();
    else if (evt.key === 'Escape') this.close();
  };
  constructor(public app: App) {
    this.containerEl = createDiv({ cls: 'modal-container mod-dim' });
    this.containerEl.createDiv({ cls: 'modal-bg' });
    this.modalEl = this.containerEl.createDiv({ cls: 'modal' });
    const close = this.modalEl.createDiv({ cls: 'modal-close-button', attr: { 'aria-label': 'Close' } });
    close.addEventListener('click', () => this.close());
    const header = this.modalEl.createDiv({ cls: 'modal-header' });
    this.titleEl = header.createDiv({ cls: 'modal-title' });
    this.contentEl = this.modalEl.createDiv({ cls: 'modal-content' });
  }
  setTitle(title: string): this {
    this.titleEl.setText(title);
    return this;
  }
  open(): void {
    document.body.appendChild(this.containerEl);
    document.addEventListener('keydown', this.onKey, true);
    this.onOpen();
  }
  close(): void {
    document.removeEventListener('keydown', this.onKey, true);
    this.containerEl.remove();
    this.onClose();
  }
  onOpen(): void {}
  onClose(): void {}
}

export abstract class SuggestModal<T> extends Modal {
  inputEl: HTMLInputElement;
  resultContainerEl: HTMLElement;
  limit = 50;
  emptyStateText = 'No results found.';
  private instructionsEl: HTMLElement;
  private values: T[] = [];
  private selected = 0;
  private generation = 0;
  chooser = { useSelectedItem: (evt: KeyboardEvent | MouseEvent) => this.useSelected(evt) };
  constructor(app: App) {
    super(app);
    this.modalEl.addClass('prompt');
    this.modalEl.empty();
    const box = this.modalEl.createDiv({ cls: 'prompt-input-container' });
    this.inputEl = box.createEl('input', { cls: 'prompt-input', type: 'text' });
    this.resultContainerEl = this.modalEl.createDiv({ cls: 'prompt-results' });
    this.instructionsEl = this.modalEl.createDiv({ cls: 'prompt-instructions' });
    this.contentEl = this.resultContainerEl;
    this.inputEl.addEventListener('input', () => void this.update());
    this.scope.register([], 'Enter', (evt) => {
      this.useSelected(evt);
      return false;
    });
    this.scope.register([], 'ArrowDown', () => {
      this.select(this.selected + 1);
      return false;
    });
    this.scope.register([], 'ArrowUp', () => {
      this.select(this.selected - 1);
      return false;
    });
  }
  setPlaceholder(text: string): void {
    this.inputEl.placeholder = text;
  }
  setInstructions(items: { command: string; purpose: string }[]): void {
    this.instructionsEl.empty();
    for (const i of items) {
      const el = this.instructionsEl.createDiv({ cls: 'prompt-instruction' });
      el.createSpan({ cls: 'prompt-instruction-command', text: i.command });
      el.createSpan({ text: i.purpose });
    }
  }
  override open(): void {
    super.open();
    this.inputEl.focus();
    void this.update();
  }
  abstract getSuggestions(query: string): T[] | Promise<T[]>;
  abstract renderSuggestion(value: T, el: HTMLElement): void;
  abstract onChooseSuggestion(item: T, evt: MouseEvent | KeyboardEvent): void;
  private async update(): Promise<void> {
    const generation = ++this.generation;
    const values = await this.getSuggestions(this.inputEl.value);
    // As in Obsidian, only the answer to the latest input is shown.
    if (generation !== this.generation) return;
    this.values = values.slice(0, this.limit);
    this.resultContainerEl.empty();
    if (this.values.length === 0 && this.inputEl.value) this.resultContainerEl.createDiv({ cls: 'suggestion-empty', text: this.emptyStateText });
    this.values.forEach((v, i) => {
      const el = this.resultContainerEl.createDiv({ cls: 'suggestion-item' });
      this.renderSuggestion(v, el);
      el.addEventListener('click', (evt) => {
        this.selected = i;
        this.useSelected(evt);
      });
    });
    this.select(0);
    this.resultContainerEl.dataset.generation = String(generation);
  }
  private select(i: number): void {
    if (this.values.length === 0) return;
    this.selected = Math.max(0, Math.min(this.values.length - 1, i));
    [...this.resultContainerEl.children].forEach((el, j) => el.toggleClass('is-selected', j === this.selected));
  }
  private useSelected(evt: KeyboardEvent | MouseEvent): boolean {
    const item = this.values[this.selected];
    if (item === undefined) return false;
    this.close();
    this.onChooseSuggestion(item, evt);
    return true;
  }
}

export abstract class FuzzySuggestModal<T> extends SuggestModal<{ item: T; match: { score: number; matches: [] } }> {
  abstract getItems(): T[];
  abstract getItemText(item: T): string;
  abstract onChooseItem(item: T, evt: MouseEvent | KeyboardEvent): void;
  getSuggestions(query: string): { item: T; match: { score: number; matches: [] } }[] {
    const q = query.toLowerCase();
    return this.getItems()
      .filter((i) => this.getItemText(i).toLowerCase().includes(q))
      .map((item) => ({ item, match: { score: 0, matches: [] as [] } }));
  }
  renderSuggestion(value: { item: T }, el: HTMLElement): void {
    el.setText(this.getItemText(value.item));
  }
  onChooseSuggestion(value: { item: T }, evt: MouseEvent | KeyboardEvent): void {
    this.onChooseItem(value.item, evt);
  }
}

class ValueComponent<V> {
  protected handlers: ((v: V) => unknown)[] = [];
  onChange(fn: (v: V) => unknown): this {
    this.handlers.push(fn);
    return this;
  }
  protected fire(v: V): void {
    this.handlers.forEach((h) => h(v));
  }
}
class TextComponent extends ValueComponent<string> {
  inputEl: HTMLInputElement | HTMLTextAreaElement;
  constructor(parent: HTMLElement, area = false) {
    super();
    this.inputEl = area ? parent.createEl('textarea') : parent.createEl('input', { type: 'text' });
    this.inputEl.addEventListener('input', () => this.fire(this.inputEl.value));
  }
  setValue(v: string): this {
    this.inputEl.value = v;
    return this;
  }
  getValue(): string {
    return this.inputEl.value;
  }
  setPlaceholder(v: string): this {
    this.inputEl.placeholder = v;
    return this;
  }
}
class ToggleComponent extends ValueComponent<boolean> {
  toggleEl: HTMLElement;
  private value = false;
  constructor(parent: HTMLElement) {
    super();
    this.toggleEl = parent.createDiv({ cls: 'checkbox-container', attr: { role: 'switch' } });
    this.toggleEl.addEventListener('click', () => {
      this.setValue(!this.value);
      this.fire(this.value);
    });
  }
  setValue(v: boolean): this {
    this.value = v;
    this.toggleEl.toggleClass('is-enabled', v);
    this.toggleEl.setAttr('aria-checked', String(v));
    return this;
  }
  getValue(): boolean {
    return this.value;
  }
}
class ButtonComponent {
  buttonEl: HTMLButtonElement;
  constructor(parent: HTMLElement) {
    this.buttonEl = parent.createEl('button');
  }
  setButtonText(t: string): this {
    this.buttonEl.setText(t);
    return this;
  }
  setCta(): this {
    this.buttonEl.addClass('mod-cta');
    return this;
  }
  setWarning(): this {
    this.buttonEl.addClass('mod-warning');
    return this;
  }
  setDisabled(d: boolean): this {
    this.buttonEl.disabled = d;
    return this;
  }
  setIcon(icon: string): this {
    this.buttonEl.dataset.icon = icon;
    return this;
  }
  setTooltip(t: string): this {
    this.buttonEl.setAttr('aria-label', t);
    return this;
  }
  onClick(fn: (evt: MouseEvent) => unknown): this {
    this.buttonEl.addEventListener('click', fn as EventListener);
    return this;
  }
}
class DropdownComponent extends ValueComponent<string> {
  selectEl: HTMLSelectElement;
  constructor(parent: HTMLElement) {
    super();
    this.selectEl = parent.createEl('select', { cls: 'dropdown' });
    this.selectEl.addEventListener('change', () => this.fire(this.selectEl.value));
  }
  addOption(v: string, label: string): this {
    this.selectEl.createEl('option', { text: label, value: v });
    return this;
  }
  addOptions(o: Record<string, string>): this {
    for (const [v, l] of Object.entries(o)) this.addOption(v, l);
    return this;
  }
  setValue(v: string): this {
    this.selectEl.value = v;
    return this;
  }
}
class SliderComponent extends ValueComponent<number> {
  sliderEl: HTMLInputElement;
  constructor(parent: HTMLElement) {
    super();
    this.sliderEl = parent.createEl('input', { type: 'range', cls: 'slider' });
    this.sliderEl.addEventListener('input', () => this.fire(Number(this.sliderEl.value)));
  }
  setLimits(min: number, max: number, step: number): this {
    Object.assign(this.sliderEl, { min: String(min), max: String(max), step: String(step) });
    return this;
  }
  setValue(v: number): this {
    this.sliderEl.value = String(v);
    return this;
  }
  setDynamicTooltip(): this {
    return this;
  }
}

export class Setting {
  settingEl: HTMLElement;
  infoEl: HTMLElement;
  nameEl: HTMLElement;
  descEl: HTMLElement;
  controlEl: HTMLElement;
  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv({ cls: 'setting-item' });
    this.infoEl = this.settingEl.createDiv({ cls: 'setting-item-info' });
    this.nameEl = this.infoEl.createDiv({ cls: 'setting-item-name' });
    this.descEl = this.infoEl.createDiv({ cls: 'setting-item-description' });
    this.controlEl = this.settingEl.createDiv({ cls: 'setting-item-control' });
  }
  setName(n: string | DocumentFragment): this {
    this.nameEl.setText(n);
    return this;
  }
  setDesc(d: string | DocumentFragment): this {
    this.descEl.setText(d);
    return this;
  }
  setHeading(): this {
    this.settingEl.addClass('setting-item-heading');
    return this;
  }
  setClass(c: string): this {
    this.settingEl.addClass(c);
    return this;
  }
  setDisabled(d: boolean): this {
    this.settingEl.toggleClass('is-disabled', d);
    return this;
  }
  addText(cb: (t: TextComponent) => unknown): this {
    cb(new TextComponent(this.controlEl));
    return this;
  }
  addTextArea(cb: (t: TextComponent) => unknown): this {
    cb(new TextComponent(this.controlEl, true));
    return this;
  }
  addToggle(cb: (t: ToggleComponent) => unknown): this {
    cb(new ToggleComponent(this.controlEl));
    return this;
  }
  addButton(cb: (b: ButtonComponent) => unknown): this {
    cb(new ButtonComponent(this.controlEl));
    return this;
  }
  addExtraButton(cb: (b: ButtonComponent) => unknown): this {
    cb(new ButtonComponent(this.controlEl));
    return this;
  }
  addDropdown(cb: (d: DropdownComponent) => unknown): this {
    cb(new DropdownComponent(this.controlEl));
    return this;
  }
  addSlider(cb: (s: SliderComponent) => unknown): this {
    cb(new SliderComponent(this.controlEl));
    return this;
  }
}

export class PluginSettingTab {
  containerEl: HTMLElement;
  constructor(
    public app: App,
    public plugin: Plugin,
  ) {
    this.containerEl = createDiv({ cls: 'vertical-tab-content' });
  }
  display(): void {}
  hide(): void {}
}

/** Every notice shown, for the tests; the element stays in the page until it times out. */
export const notices: { text: string; el: HTMLElement }[] = [];
export class Notice {
  noticeEl: HTMLElement;
  constructor(message: string | DocumentFragment, duration = 5000) {
    let container = document.querySelector<HTMLElement>('.notice-container');
    if (!container) container = document.body.createDiv({ cls: 'notice-container' });
    this.noticeEl = container.createDiv({ cls: 'notice' });
    this.noticeEl.setText(message);
    notices.push({ text: this.noticeEl.textContent ?? '', el: this.noticeEl });
    if (duration > 0) window.setTimeout(() => this.hide(), duration);
  }
  setMessage(m: string | DocumentFragment): this {
    this.noticeEl.setText(m);
    return this;
  }
  hide(): void {
    this.noticeEl.remove();
  }
}

class MenuItem {
  el: HTMLElement;
  private fn: ((evt: MouseEvent) => unknown) | null = null;
  constructor(parent: HTMLElement, menu: Menu) {
    this.el = parent.createDiv({ cls: 'menu-item' });
    this.el.addEventListener('click', (evt) => {
      menu.hide();
      this.fn?.(evt);
    });
  }
  setTitle(t: string): this {
    this.el.createDiv({ cls: 'menu-item-title', text: t });
    return this;
  }
  setIcon(i: string): this {
    this.el.dataset.icon = i;
    return this;
  }
  onClick(fn: (evt: MouseEvent) => unknown): this {
    this.fn = fn;
    return this;
  }
}
export class Menu {
  dom = createDiv({ cls: 'menu' });
  addItem(cb: (item: MenuItem) => unknown): this {
    cb(new MenuItem(this.dom, this));
    return this;
  }
  addSeparator(): this {
    this.dom.createDiv({ cls: 'menu-separator' });
    return this;
  }
  showAtMouseEvent(evt: MouseEvent): this {
    document.querySelectorAll('.menu').forEach((m) => m.remove());
    document.body.appendChild(this.dom);
    this.dom.setCssStyles({ left: `${evt.clientX}px`, top: `${evt.clientY}px` });
    return this;
  }
  showAtPosition(p: { x: number; y: number }): this {
    return this.showAtMouseEvent({ clientX: p.x, clientY: p.y } as MouseEvent);
  }
  hide(): void {
    this.dom.remove();
  }
}

export function setIcon(el: HTMLElement, icon: string): void {
  el.empty();
  el.addClass('svg-icon-holder');
  el.dataset.icon = icon;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', `svg-icon lucide-${icon}`);
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', icon.startsWith('chevron') ? 'M9 6l6 6-6 6' : 'M4 12h16');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke-width', '2');
  svg.appendChild(path);
  el.appendChild(svg);
}

/** `requestUrl` over the page's fetch; the harness page and the test server share an origin. */
export async function requestUrl(req: { url: string; method?: string; body?: string; headers?: Record<string, string>; throw?: boolean } | string): Promise<{
  status: number;
  headers: Record<string, string>;
  arrayBuffer: ArrayBuffer;
  text: string;
  json: unknown;
}> {
  const r = typeof req === 'string' ? { url: req } : req;
  const res = await fetch(r.url, { method: r.method ?? 'GET', body: r.body, headers: r.headers, redirect: 'follow' });
  const buf = await res.arrayBuffer();
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  const text = decoder.decode(buf);
  if (r.throw !== false && res.status >= 400) throw new Error(`Request failed, status ${res.status}`);
  return { status: res.status, headers, arrayBuffer: buf, text, get json() { return JSON.parse(text) as unknown; } };
}

export const Platform = { isDesktop: true, isDesktopApp: false, isMobile: false, isMobileApp: false, isIosApp: false, isAndroidApp: false };

export function debounce<A extends unknown[]>(fn: (...a: A) => unknown, ms = 0): ((...a: A) => void) & { cancel(): void } {
  let id: number | null = null;
  const f = (...a: A) => {
    if (id !== null) window.clearTimeout(id);
    id = window.setTimeout(() => fn(...a), ms);
  };
  f.cancel = () => id !== null && window.clearTimeout(id);
  return f;
}

export function getLanguage(): string {
  return 'en';
}

export class MarkdownRenderChild extends Component {
  constructor(public containerEl: HTMLElement) {
    super();
  }
}

export interface MarkdownPostProcessorContext {
  docId: string;
  sourcePath: string;
  frontmatter: unknown;
  addChild(child: MarkdownRenderChild): void;
  getSectionInfo(el: HTMLElement): { text: string; lineStart: number; lineEnd: number } | null;
}
export type CodeBlockHandler = (source: string, el: HTMLElement, ctx: MarkdownPostProcessorContext) => Promise<unknown> | void;

/** One rendered part of a note: a code block for a registered language, or plain text. */
interface PreviewSection {
  /** The section's markdown, as the note has it. */
  markdown: string;
  el: HTMLElement;
  children: MarkdownRenderChild[];
}

const FENCED = /^```([\w-]+)[^\n]*\n([\s\S]*?)^```[ \t]*$/gm;

/**
 * The harness's stand-in for Obsidian's reading view and live preview of a note: code blocks
 * in a language a plugin registered are handed to its processor, inside the container each
 * mode uses (reading: `.markdown-preview-section > div`, live preview: `.cm-embed-block`);
 * other text is shown as text. As in Obsidian, when the note changes only the sections whose
 * markdown changed are drawn again, and the children of a replaced section are unloaded.
 */
export class NotePreview {
  readonly el: HTMLElement;
  private readonly body: HTMLElement;
  private sections: PreviewSection[] = [];
  private readonly onModify = (file: unknown) => {
    if (file instanceof TFile && file.path === this.path) void this.render();
  };

  constructor(
    readonly app: App,
    readonly path: string,
    readonly mode: 'reading' | 'live',
    parent: HTMLElement,
  ) {
    this.el = parent.createDiv({ cls: mode === 'reading' ? 'markdown-reading-view' : 'markdown-source-view mod-cm6 is-live-preview' });
    this.el.dataset.path = path;
    this.body = this.el.createDiv({ cls: mode === 'reading' ? 'markdown-preview-view markdown-rendered' : 'cm-content' });
    app.vault.on('modify', this.onModify);
  }

  async render(): Promise<void> {
    const file = this.app.vault.getFileByPath(this.path);
    if (!file) throw new Error(`no note ${this.path}`);
    const text = await this.app.vault.read(file);
    const parts: { markdown: string; language: string | null; source: string; line: number }[] = [];
    let at = 0;
    for (const m of text.matchAll(FENCED)) {
      if (m.index > at) parts.push({ markdown: text.slice(at, m.index), language: null, source: '', line: 0 });
      parts.push({ markdown: m[0], language: m[1], source: m[2].replace(/\n$/, ''), line: text.slice(0, m.index).split('\n').length - 1 });
      at = m.index + m[0].length;
    }
    if (at < text.length) parts.push({ markdown: text.slice(at), language: null, source: '', line: 0 });
    const next: PreviewSection[] = [];
    const old = [...this.sections];
    for (const part of parts) {
      const kept = old.findIndex((s) => s.markdown === part.markdown);
      if (kept >= 0) {
        next.push(old[kept]);
        old.splice(kept, 1);
        continue;
      }
      next.push(await this.renderPart(part, text));
    }
    for (const gone of old) this.drop(gone);
    this.body.empty();
    for (const section of next) this.body.appendChild(section.el);
    this.sections = next;
    this.el.dataset.renders = String(Number(this.el.dataset.renders ?? 0) + 1);
  }

  private async renderPart(part: { markdown: string; language: string | null; source: string; line: number }, text: string): Promise<PreviewSection> {
    const section: PreviewSection = { markdown: part.markdown, el: createDiv({ cls: this.mode === 'reading' ? 'markdown-preview-section' : 'cm-line' }), children: [] };
    const handler = part.language ? this.app.codeBlockProcessors.get(part.language) : undefined;
    if (!handler) {
      section.el.createEl('p', { text: part.markdown.trim() });
      return section;
    }
    const holder = this.mode === 'reading' ? section.el.createDiv() : section.el.createDiv({ cls: `cm-preview-code-block cm-embed-block cm-lang-${part.language}` });
    const el = holder.createDiv({ cls: `block-language-${part.language}` });
    const lines = part.markdown.split('\n').length;
    const ctx: MarkdownPostProcessorContext = {
      docId: this.path,
      sourcePath: this.path,
      frontmatter: parseFrontMatter(text),
      addChild: (child) => {
        section.children.push(child);
        child.load();
      },
      getSectionInfo: () => ({ text, lineStart: part.line, lineEnd: part.line + lines - 1 }),
    };
    await handler(part.source, el, ctx);
    return section;
  }

  private drop(section: PreviewSection): void {
    section.children.splice(0).forEach((c) => c.unload());
    section.el.remove();
  }

  destroy(): void {
    this.app.vault.off('modify', this.onModify);
    this.sections.splice(0).forEach((s) => this.drop(s));
    this.el.remove();
  }
}
