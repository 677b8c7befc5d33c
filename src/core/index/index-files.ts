import type { BlobStore } from '../ports';
import { DamagedFileError, sealedChecksum } from './checksum';
import { INDEX_FORMAT, MANIFEST_NAME, decodeManifest, encodeManifest, type Manifest } from './manifest-codec';
import type { TimeSlicer } from './time-slicer';

/** Where each part of the index lives in the plugin folder. */
export const INDEX_FOLDER = 'index';
export const VECTOR_FOLDER = 'index/vectors';
export const NOTES_FILE = (b: number): string => `index/notes-${String(b).padStart(2, '0')}.bin`;
export const KEYWORD_FILE = (b: number): string => `index/keyword-${String(b).padStart(2, '0')}.bin`;

/**
 * The index's files in the plugin folder: the manifest read first, the files it pins by checksum
 * (note and keyword buckets; a pinned file that does not match is stale and rebuilt, never
 * trusted), and the sweep of whatever else is left under `index/` after a save. It knows the
 * size of every file it read or wrote, so stats never read the disk.
 */
export class IndexFiles {
  /** The bucket files the next manifest pins: name → checksum. */
  private readonly pinned = new Map<string, string>();
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly store: BlobStore,
    private readonly slicer: TimeSlicer,
    private readonly warn: (message: string) => void,
  ) {}

  /** The saved manifest, or `null` (with a warning saying why) when there is none to trust. */
  async readManifest(): Promise<Manifest | null> {
    const bytes = await this.read(MANIFEST_NAME);
    let manifest: Manifest | null = null;
    if (bytes) {
      try {
        manifest = decodeManifest(bytes);
      } catch (error) {
        this.warn(`The index manifest is damaged (${messageOf(error)}); the index will be rebuilt.`);
      }
    } else if ((await this.store.list(INDEX_FOLDER)).length > 0) {
      this.warn('The index manifest is missing; the index will be rebuilt from the notes.');
    }
    if (manifest && manifest.format !== INDEX_FORMAT) {
      this.warn('The index was made by another version of Kindred; it will be rebuilt.');
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
  async readPinned<T>(manifest: Manifest, name: string, decode: (bytes: Uint8Array) => T): Promise<T | undefined> {
    const expected = manifest.files[name];
    if (expected === undefined) return undefined;
    const bytes = await this.read(name);
    try {
      if (!bytes) throw new DamagedFileError('missing');
      if (sealedChecksum(bytes) !== expected) throw new DamagedFileError('left over from an interrupted save');
      return decode(bytes);
    } catch (error) {
      this.warn(`Index file ${name} is unusable (${messageOf(error)}); its part will be rebuilt.`);
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

  async read(name: string): Promise<Uint8Array | null> {
    const bytes = await this.store.read(name);
    if (bytes) this.sizes.set(name, bytes.length);
    return bytes;
  }

  list(folder: string): Promise<string[]> {
    return this.store.list(folder);
  }

  /** Writes a file (the store writes it whole or not at all); `pin` makes the next manifest pin it. */
  async write(name: string, bytes: Uint8Array, pin = false): Promise<void> {
    await this.store.write(name, bytes);
    this.sizes.set(name, bytes.length);
    if (pin) this.pinned.set(name, sealedChecksum(bytes));
    await this.slicer.breathe();
  }

  /** Writes the manifest, pinning the files pinned now (written last: it is what makes a save count). */
  async writeManifest(fields: Omit<Manifest, 'files' | 'sizes'>): Promise<void> {
    // In name order, so the same index always makes the same bytes.
    const names = [...this.pinned.keys()].sort();
    const manifest: Manifest = {
      ...fields,
      files: Object.fromEntries(names.map((name) => [name, this.pinned.get(name)!])),
      sizes: Object.fromEntries(names.map((name) => [name, this.sizes.get(name) ?? 0])),
    };
    await this.write(MANIFEST_NAME, encodeManifest(manifest));
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

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
