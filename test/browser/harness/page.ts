/**
 * The harness page's script: installs the Obsidian shim as `require('obsidian')`, lays out a
 * workspace, and exposes `window.harness` for the tests to drive the built plugin.
 */
import { FakeEmbedder } from '../../helpers/fake-embedder';

/**
 * The fake embedder as the plugin meets the real one, which runs in a Web Worker: the page's
 * thread only waits for it. Each text is embedded in a task of its own, so the responsiveness
 * bench measures Kindred's own work on the UI thread, not the stand-in's.
 */
class OffThreadFakeEmbedder extends FakeEmbedder {
  /** Calls after this many fail, as a crashed worker would make them (`harness.breakEmbedder`). */
  failAfter: number | null = null;

  override async embed(texts: string[]): Promise<Float32Array[]> {
    this.calls++;
    if (this.failAfter !== null && this.calls > this.failAfter) throw new Error('the embedding worker stopped');
    this.embeddedTexts.push(...texts);
    const out: Float32Array[] = [];
    for (const text of texts) {
      await nextTask();
      out.push(this.vectorOf(text));
    }
    return out;
  }
}

/** A new task without setTimeout's 4 ms clamp (a message to ourselves). */
const taskChannel = new MessageChannel();
const taskQueue: Array<() => void> = [];
taskChannel.port1.onmessage = () => taskQueue.shift()?.();
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    taskQueue.push(resolve);
    taskChannel.port2.postMessage(null);
  });
}
import { installDomHelpers } from './dom-helpers';
import * as shim from './obsidian-shim';

// Before anything is constructed: the shim's classes build their DOM with these helpers.
installDomHelpers();

const ribbon = document.body.createDiv({ cls: 'side-dock-ribbon' });
const workspaceEl = document.body.createDiv({ cls: 'workspace' });
const mainEl = workspaceEl.createDiv({ cls: 'workspace-split mod-root' });
const rightEl = workspaceEl.createDiv({ cls: 'workspace-split mod-right-split' });
const statusBar = document.body.createDiv({ cls: 'status-bar' });
const app = new shim.App(statusBar, ribbon, mainEl, rightEl);

/** Intervals and timeouts the page has open, to prove the plugin leaves none running. */
const liveIntervals = new Set<number>();
const realSetInterval = window.setInterval.bind(window);
const realClearInterval = window.clearInterval.bind(window);
window.setInterval = ((fn: TimerHandler, ms?: number, ...args: unknown[]) => {
  const id = realSetInterval(fn, ms, ...args);
  liveIntervals.add(id);
  return id;
}) as typeof window.setInterval;
window.clearInterval = ((id?: number) => {
  if (id !== undefined) liveIntervals.delete(id);
  realClearInterval(id);
}) as typeof window.clearInterval;

(window as unknown as { require: (id: string) => unknown }).require = (id: string) => {
  if (id === 'obsidian') return shim;
  throw new Error(`the plugin required "${id}", which a mobile Obsidian does not have`);
};

interface KindredPluginLike {
  load(): void;
  unload(): void;
  engine?: { useEmbedder(e: unknown): void; sync(): Promise<unknown>; status: { kind: string }; modelState: string; index: unknown };
  settings: Record<string, unknown>;
}

let plugin: KindredPluginLike | null = null;
const previews = new Map<string, shim.NotePreview>();
let fakeEmbedder: OffThreadFakeEmbedder | null = null;

const harness = {
  app,
  shim,
  get plugin() {
    return plugin;
  },
  /** Evaluates the built main.js as Obsidian does (CommonJS with our `require`) and loads the plugin. */
  async loadPlugin(code: string, data?: unknown): Promise<void> {
    if (data !== undefined) await app.vault.adapter.write('.obsidian/plugins/kindred/data.json', JSON.stringify(data));
    const module = { exports: {} as Record<string, unknown> };
    const run = new Function('module', 'exports', 'require', code) as (m: unknown, e: unknown, r: unknown) => void;
    run(module, module.exports, (window as unknown as { require: unknown }).require);
    const Ctor = (module.exports.default ?? module.exports) as new (a: unknown, m: unknown) => KindredPluginLike;
    plugin = new Ctor(app, { id: 'kindred', name: 'Kindred', version: '0.1.0', dir: '.obsidian/plugins/kindred' });
    plugin.load();
    // Obsidian's Component.load does not await onload; settle it before declaring the layout ready.
    await new Promise((r) => setTimeout(r, 0));
  },
  layoutReady(): void {
    app.workspace.setLayoutReady();
  },
  unloadPlugin(): void {
    plugin?.unload();
  },
  addFiles(files: Record<string, string>): void {
    for (const [path, text] of Object.entries(files)) app.vault.put(path, text, false);
  },
  /** Copies a file the test server serves into the plugin's own folder (as a finished model download would). */
  async seedPluginFile(name: string, url: string): Promise<void> {
    const bytes = await (await fetch(url)).arrayBuffer();
    await app.vault.adapter.writeBinary(`.obsidian/plugins/kindred/${name}`, bytes);
  },
  addBinary(path: string, bytes: readonly number[]): void {
    app.vault.put(path, new Uint8Array(bytes), false);
  },
  async read(path: string): Promise<string | null> {
    const f = app.vault.getFileByPath(path);
    return f ? app.vault.read(f) : null;
  },
  list(): string[] {
    return app.vault.getFiles().map((f) => f.path).sort();
  },
  async openNote(path: string, newLeaf = false): Promise<void> {
    const f = app.vault.getFileByPath(path);
    if (!f) throw new Error(`no note ${path}`);
    await app.workspace.getLeaf(newLeaf).openFile(f);
  },
  runCommand(id: string): boolean {
    return app.runCommand(id);
  },
  commandIds(): string[] {
    return [...app.commands.keys()].sort();
  },
  notices(): string[] {
    return shim.notices.map((n) => n.text);
  },
  opened(): { linktext: string; newLeaf: unknown }[] {
    return app.workspace.opened;
  },
  /** The `hover-link` events the plugin triggered, and whether a page preview showed. */
  hoverLinks(): shim.HoverLink[] {
    return app.workspace.hoverLinks;
  },
  /** Writes a note as an edit in Obsidian would (a vault modify event). */
  async modifyNote(path: string, text: string): Promise<void> {
    const f = app.vault.getFileByPath(path);
    if (!f) throw new Error(`no note ${path}`);
    await app.vault.modify(f, text);
  },
  /**
   * Shows a note in reading view or live preview (the code blocks drawn by the plugin's
   * processors), in the main area; `data-renders` on the element counts the renders.
   */
  async renderNote(path: string, mode: 'reading' | 'live' = 'reading'): Promise<void> {
    previews.get(`${mode}:${path}`)?.destroy();
    const preview = new shim.NotePreview(app, path, mode, mainEl);
    previews.set(`${mode}:${path}`, preview);
    await preview.render();
  },
  closeRendered(): void {
    for (const p of previews.values()) p.destroy();
    previews.clear();
  },
  /** Opens the file menu of a note (as a right-click in the file explorer does) and returns its items. */
  fileMenu(path: string): string[] {
    const f = app.vault.getAbstractFileByPath(path);
    if (!f) throw new Error(`no file ${path}`);
    const menu = new shim.Menu();
    app.workspace.trigger('file-menu', menu, f, 'file-explorer');
    menu.showAtPosition({ x: 20, y: 20 });
    return [...menu.dom.querySelectorAll('.menu-item-title')].map((e) => e.textContent ?? '');
  },
  /** Replaces the model with the deterministic bag-of-words embedder (no weights needed). */
  useFakeEmbedder(dims = 64): void {
    if (!plugin?.engine) throw new Error('the plugin has no engine yet');
    fakeEmbedder = new OffThreadFakeEmbedder(dims);
    plugin.engine.useEmbedder(fakeEmbedder);
  },
  /** From the fake embedder's `calls`-th call from now on, every call fails. */
  breakEmbedder(calls: number): void {
    if (!fakeEmbedder) throw new Error('no fake embedder in use');
    fakeEmbedder.failAfter = fakeEmbedder.calls + calls - 1;
  },
  /** Names of the files in the plugin's own folder (the index), relative to it. */
  pluginFiles(): string[] {
    const root = '.obsidian/plugins/kindred/';
    return [...app.vault.adapter.files.keys()].filter((p) => p.startsWith(root)).map((p) => p.slice(root.length)).sort();
  },
  /** Makes reads of the plugin's files whose names (relative to its folder) match `source` wait until {@link releasePluginReads}. */
  holdPluginReads(source: string): void {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    app.vault.adapter.held = { pattern: new RegExp(`^\\.obsidian/plugins/kindred/(?:${source})$`), gate, release };
  },
  releasePluginReads(): void {
    app.vault.adapter.held?.release();
    app.vault.adapter.held = null;
  },
  /** Flips one byte of a file in the plugin's folder, as a disk or a sync tool might. */
  damagePluginFile(name: string, at: number): void {
    const bytes = app.vault.adapter.files.get(`.obsidian/plugins/kindred/${name}`);
    if (!bytes) throw new Error(`no plugin file ${name}`);
    bytes[Math.min(at, bytes.length - 1)] ^= 0xff;
  },
  /** What is still attached after unload: listeners, intervals, DOM the plugin added. */
  leftovers(): Record<string, number> {
    return {
      workspaceListeners: app.workspace.listenerCount(),
      vaultListeners: app.vault.listenerCount(),
      metadataListeners: app.metadataCache.listenerCount(),
      domListeners: shim.harnessCounters.domListeners,
      intervals: liveIntervals.size,
      statusBarItems: statusBar.childElementCount,
      ribbonIcons: ribbon.childElementCount,
      kindredLeaves: app.workspace.leaves.filter((l) => l.view?.getViewType().startsWith('kindred')).length,
      commands: app.commands.size,
      settingTabs: app.settingTabs.length,
      modals: document.querySelectorAll('.modal-container').length,
    };
  },
  /** Shows the plugin's settings tab in a settings window, for the screenshot. */
  openSettings(): void {
    const tab = app.settingTabs[0];
    const modal = document.body.createDiv({ cls: 'modal-container mod-dim' });
    modal.createDiv({ cls: 'modal-bg' });
    const box = modal.createDiv({ cls: 'modal mod-settings' });
    box.appendChild(tab.containerEl);
    tab.display();
  },
  setTheme(theme: 'light' | 'dark'): void {
    document.body.toggleClass('theme-dark', theme === 'dark');
    document.body.toggleClass('theme-light', theme === 'light');
  },
};

(window as unknown as { harness: typeof harness }).harness = harness;
export type Harness = typeof harness;
