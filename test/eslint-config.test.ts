/**
 * The guard rails in eslint.config.mjs bite: linting real paths of src/core with the project's
 * own config, a core file that imports Node, Obsidian or TensorFlow.js fails, and so does an
 * import cycle. (The texts are linted in memory under the paths of existing files, so the
 * TypeScript project knows them and nothing is written to src.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(__dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function lint(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result.messages.map((m) => `${m.ruleId ?? 'parser'}: ${m.message}`);
}

test('a core file may not import Node built-ins (with or without node:), obsidian or TensorFlow.js; its own modules it may', { timeout: 300_000 }, async () => {
  const file = 'src/core/front-matter.ts';
  const forbidden = {
    "import { readFile } from 'node:fs';": /never imports Node built-ins/,
    "import { readFile } from 'fs/promises';": /never imports Node built-ins/,
    "import { join } from 'path';": /never imports Node built-ins/,
    "import { Notice } from 'obsidian';": /never imports obsidian/,
    "import * as tf from '@tensorflow/tfjs-core';": /never imports TensorFlow\.js/,
    "import { createNodeEmbedder } from '../embed/node/create-node-embedder';": /depends on nothing outside src\/core/,
  };
  for (const [line, rule] of Object.entries(forbidden)) {
    const messages = await lint(file, `${line}\nexport const x = 1;\n`);
    assert.ok(messages.some((m) => m.startsWith('no-restricted-imports: ') && rule.test(m)), `${line}\n${messages.join('\n')}`);
  }
  assert.deepEqual(await lint(file, "import { StorageError } from './ports';\nexport const x = StorageError;\n"), []);
  // Outside the core, Node is allowed where it runs (the CLI).
  assert.deepEqual((await lint('src/cli/node-clock.ts', "import { join } from 'node:path';\nexport const x = join;\n")).filter((m) => m.startsWith('no-restricted-imports')), []);
});

test('an import cycle fails the lint', { timeout: 300_000 }, async () => {
  // note-record.ts imports checksum.ts; checksum.ts importing note-record.ts closes a cycle.
  assert.match(readFileSync(join(ROOT, 'src/core/index/note-record.ts'), 'utf8'), /from '\.\/checksum'/);
  const messages = await lint('src/core/index/checksum.ts', "import { encodeNoteRecords } from './note-record';\nexport const x = encodeNoteRecords;\n");
  assert.ok(messages.some((m) => m.startsWith('import-x/no-cycle: ')), messages.join('\n'));
  // sha256.ts imports nothing: no cycle.
  assert.deepEqual(await lint('src/core/index/checksum.ts', "import { sha256Hex } from './sha256';\nexport const x = sha256Hex;\n"), []);
});
