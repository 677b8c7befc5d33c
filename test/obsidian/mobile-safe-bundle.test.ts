/**
 * Obsidian on iOS and Android has no Node built-ins and no Electron: every `require` in the
 * built main.js other than Obsidian's own modules must sit behind a guard that is false there.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';

const MAIN = resolve(__dirname, '../../main.js');
/** Modules Obsidian itself provides on every platform. */
const PROVIDED = /^(obsidian|@codemirror\/[a-z]+|@lezer\/[a-z]+)$/;
/**
 * Guards that are false on mobile, as they appear in the bundle. ENVIRONMENT_IS_NODE is the
 * Emscripten check in tfjs-backend-wasm's threaded-worker source (a string never run by Kindred,
 * which uses the non-threaded build), kept in the bundle by the library.
 */
const GUARDS = ['Platform.isDesktopApp', 'ENVIRONMENT_IS_NODE'];

/** Every `require("x")` in `code` with the 400 characters before it. */
export function findRequires(code: string): { module: string; before: string }[] {
  const found: { module: string; before: string }[] = [];
  for (const m of code.matchAll(/\brequire\(\\?["']([^"'\\]+)\\?["']\)/g)) {
    found.push({ module: m[1], before: code.slice(Math.max(0, m.index - 400), m.index) });
  }
  return found;
}

test('findRequires sees plain, escaped and guarded requires', () => {
  const sample = 'var o=require("obsidian");if(Platform.isDesktopApp){var fs=require("fs")}var s="x=require(\\"path\\")";';
  assert.deepEqual(findRequires(sample).map((r) => r.module), ['obsidian', 'fs', 'path']);
});

test('the built main.js requires nothing a phone lacks, except behind a guard', (t) => {
  if (!existsSync(MAIN)) {
    if (process.env.CI === 'true') throw new Error('main.js is missing: run npm run build first');
    return t.skip('main.js is missing: run npm run build first');
  }
  const requires = findRequires(readFileSync(MAIN, 'utf8'));
  assert.ok(requires.some((r) => r.module === 'obsidian'), 'the scan finds the plugin\'s own require("obsidian")');
  const unguarded = requires.filter((r) => !PROVIDED.test(r.module) && !GUARDS.some((g) => r.before.includes(g)));
  assert.deepEqual(
    unguarded.map((r) => `${r.module} after …${r.before.slice(-80)}`),
    [],
    'unguarded requires of Node or Electron modules',
  );
  const guarded = requires.filter((r) => !PROVIDED.test(r.module));
  t.diagnostic(`guarded requires: ${guarded.map((r) => r.module).join(', ') || 'none'}`);
});
