import { StorageError, type BlobStore } from '../ports';
import { messageOf, problems, type Problem } from '../problems';
import { DamagedFileError, sealedChecksum } from './checksum';
import { INDEX_FORMAT, MANIFEST_NAME, decodeManifest, encodeManifest, type Manifest } from './manifest-codec';
import type { TimeSlicer } from './time-slicer';

/** Where each part of the index lives in the plugin folder. */
export const INDEX_FOLDER = 'index';
export const VECTOR_FOLDER = 'index/vectors';
export const NOTES_FILE = (b: number): string => `index/notes-${String(b).padStart(2, '0')}.bin`;
export const KEYWORD_FILE = (b: number): string => `index/keyword-${String(b).padStart(2, '0')}.bin`;
export const NOTE_VECTORS_FILE = (b: number): string => `index/notevec-${String(b).padStart(2, '0')}.bin`;

/**
 * The index's files in the plugin folder: the manifest read first, the files it pins by checksum
 * (note and keyword buckets; a pinned file that does not match is stale and rebuilt, never
 * trusted), and the sweep of whatever else is left under `index/` after a save. It knows the
 * size of every file it read or wrote, so stats never read the disk.
 *
 * Anything at an index file's name that is not what Kindred wrote is damage: a folder there is
 * removed (the store reaches nothing outside the plugin folder, so never a note) and its part
 * rebuilt, with one warning naming it. Nothing is written unless it changed: a manifest that
 * would come out byte for byte the same is not written again, so reading never writes.
 */
export class IndexFiles {
  /** The bucket files the next manifest pins: name → checksum. */
  private readonly pinned = new Map<string, string>();
  private readonly sizes = new Map<string, number>();
  /** The manifest as on disk (read or last written), to know whether a new one differs. */
  private savedManifest: Uint8Array | null = null;

  constructor(
    private readonly store: BlobStore,
    private readonly slicer: TimeSlicer,
    private readonly report: (problem: Problem) => void,
  ) {}

  /** The saved manifest, or `null` (with a warning saying why) when there is none to trust. */
  async readManifest(): Promise<Manifest | null> {
    let manifest: Manifest | null = null;
    try {
      const bytes = await this.read(MANIFEST_NAME);
      this.savedManifest = bytes;
      if (bytes) manifest = decodeManifest(bytes);
      else if ((await this.store.list(INDEX_FOLDER)).length > 0) this.report(problems.manifestMissing(MANIFEST_NAME));
    } catch (error) {
      this.report(problems.manifestDamaged(MANIFEST_NAME, messageOf(error)));
    }
    if (manifest && manifest.format !== INDEX_FORMAT) {
      this.report(problems.indexOutdated());
      return null;
    }
    if (manifest) {
      for (const [name, bytes] of Object.entries(manifest.sizes ?? {})) {
        if (manifest.files[name] !== undefined && typeof bytes === 'number') this.sizes.set(name, bytes);
      }
    }
    return manifest;
  }

  /** A file the manifest pins; `undefined` (with a warning) when missing, stale or damaged. */
  async readPinned<T>(manifest: Manifest, name: string, decode: (bytes: Uint8Array) => T | Promise<T>): Promise<T | undefined> {
    const expected = manifest.files[name];
    if (expected === undefined) return undefined;
    try {
      const bytes = await this.read(name);
      if (!bytes) throw new DamagedFileError('missing');
      if (sealedChecksum(bytes) !== expected) throw new DamagedFileError('left over from an interrupted save');
      return await decode(bytes);
    } catch (error) {
      this.report(problems.indexFileUnusable(name, messageOf(error)));
      return undefined;
    }
  }

  /** Keeps `name` pinned at the checksum `manifest` gave it (a file loaded as saved). */
  keepPinned(manifest: Manifest, name: string): void {
    this.pinned.set(name, manifest.files[name]);
  }

  unpin(name: string): void {
    this.pinned.delete(name);
  }

  /**
   * The bytes at `name`, `null` when nothing is there. A folder in the file's place is removed
   * and reported through the caller, as a `DamagedFileError`; so is a file the store cannot read.
   */
  async read(name: string): Promise<Uint8Array | null> {
    let bytes: Uint8Array | null;
    try {
      bytes = await this.store.read(name);
    } catch (error) {
      if (!(error instanceof StorageError && error.kind === 'not-a-file')) throw new DamagedFileError(`it could not be read: ${messageOf(error)}`);
      await this.store.remove(name);
      throw new DamagedFileError('a folder sat where the file belongs; Kindred removed it');
    }
    if (bytes) this.sizes.set(name, bytes.length);
    return bytes;
  }

  list(folder: string): Promise<string[]> {
    return this.store.list(folder);
  }

  /**
   * Writes a file (the store writes it whole or not at all); `pin` makes the next manifest pin it.
   * A folder in its place is removed first, once, with a warning naming it.
   */
  async write(name: string, bytes: Uint8Array, pin = false): Promise<void> {
    try {
      await this.store.write(name, bytes);
    } catch (error) {
      if (!(error instanceof StorageError && error.kind === 'not-a-file')) throw error;
      await this.store.remove(name);
      this.report(problems.folderRemoved(name));
      await this.store.write(name, bytes);
    }
    this.sizes.set(name, bytes.length);
    if (pin) this.pinned.set(name, sealedChecksum(bytes));
    await this.slicer.breathe();
  }

  /**
   * Writes the manifest, pinning the files pinned now (written last: it is what makes a save
   * count), unless the one on disk already says the same. Returns whether it wrote.
   */
  async writeManifest(fields: Omit<Manifest, 'files' | 'sizes'>): Promise<boolean> {
    // In name order, so the same index always makes the same bytes.
    const names = [...this.pinned.keys()].sort();
    const manifest: Manifest = {
      ...fields,
      files: Object.fromEntries(names.map((name) => [name, this.pinned.get(name)!])),
      sizes: Object.fromEntries(names.map((name) => [name, this.sizes.get(name) ?? 0])),
    };
    const bytes = encodeManifest(manifest);
    if (this.savedManifest && sameBytes(bytes, this.savedManifest)) return false;
    await this.write(MANIFEST_NAME, bytes);
    this.savedManifest = bytes;
    return true;
  }

  /** Removes everything under `index/` but the manifest, the pinned files and `keep`. */
  async sweep(keep: Iterable<string>): Promise<void> {
    const kept = new Set([MANIFEST_NAME, ...this.pinned.keys(), ...keep]);
    for (const name of await this.store.list(INDEX_FOLDER)) {
      if (kept.has(name)) continue;
      await this.store.remove(name);
      this.sizes.delete(name);
    }
  }

  /** What the index takes on disk, from the sizes seen. */
  usage(): { bytesOnDisk: number; files: number; largestFile: { name: string; bytes: number } | null } {
    let bytesOnDisk = 0;
    let largestFile: { name: string; bytes: number } | null = null;
    for (const [name, bytes] of this.sizes) {
      bytesOnDisk += bytes;
      if (!largestFile || bytes > largestFile.bytes) largestFile = { name, bytes };
    }
    return { bytesOnDisk, files: this.sizes.size, largestFile };
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
