import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** `../shared` beside the project: fixtures every developer and CI has, read-only. */
export const SHARED = resolve(__dirname, '../../../../shared');
export const DEFUDDLE_FIXTURES = join(SHARED, 'fixtures/html/defuddle/tests');
export const READABILITY_PAGES = join(SHARED, 'fixtures/html/readability/test/test-pages');

/**
 * The skip reason when a shared folder is missing, or `false` when it is there. Under CI=true
 * a missing folder is a failure, not a skip: CI must never pass by skipping the measurements.
 */
export function missingShared(path: string): string | false {
  if (existsSync(path)) return false;
  if (process.env.CI === 'true') throw new Error(`CI=true but the shared fixtures are missing: ${path}`);
  return `needs ${path} (the project's ../shared folder), which is not on this machine`;
}

/** Entries of a folder, or none when it is missing (the tests then skip with `missingShared`). */
export function listOrNone(path: string): string[] {
  return existsSync(path) ? readdirSync(path).sort() : [];
}
