import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildCommands } from '../../src/cli/main';

// The README's terminal synopsis is the program's: every flag of every command, and no other.

const README = readFileSync(resolve(__dirname, '../../README.md'), 'utf8');

/** Flags per command in the README's "From a terminal" block (continued lines joined). */
function synopsis(): Map<string, Set<string>> {
  const section = README.slice(README.indexOf('### From a terminal'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1].replace(/\\\n\s*/g, ' ');
  const flags = new Map<string, Set<string>>();
  for (const line of block.split('\n')) {
    const m = /^npx kindred (\S+)(.*)$/.exec(line.replace(/#.*$/, ''));
    if (!m) continue;
    const set = flags.get(m[1]) ?? new Set<string>();
    for (const f of m[2].matchAll(/--[a-z][a-z-]*/g)) set.add(f[0]);
    flags.set(m[1], set);
  }
  return flags;
}

/** Flags a command's --help lists under "Options:" (lines that start with a flag; "--site S, --author A" counts both). */
function usageFlags(usage: string): Set<string> {
  const options = usage.slice(usage.indexOf('Options:'));
  const flags = new Set<string>();
  for (const line of options.split('\n')) {
    const lead = /^ {2}(--[a-z][^ ]*(?: [A-Z|a-z.]+)?(?:, --[a-z][^ ]*(?: [A-Z]+)?)*)/.exec(line);
    if (lead) for (const f of lead[1].matchAll(/--[a-z][a-z-]*/g)) flags.add(f[0]);
  }
  return flags;
}

test('the README synopsis names every command and every flag each takes, and no flag it does not', () => {
  const readme = synopsis();
  const commands = buildCommands();
  assert.deepEqual([...readme.keys()].sort(), commands.map((c) => c.name).sort());
  for (const command of commands) {
    const fromUsage = usageFlags(command.usage);
    assert.ok(fromUsage.has('--vault'), `${command.name}: the usage parser found its options`);
    assert.deepEqual([...readme.get(command.name)!].sort(), [...fromUsage].sort(), `kindred ${command.name}`);
  }
});

test('the search modal\'s tabs are the names the README gives its modes', () => {
  const modal = readFileSync(resolve(__dirname, '../../src/ui/search-modal.ts'), 'utf8');
  const tabs = [...modal.matchAll(/\{ mode: '(\w+)', label: '(\w+)' \}/g)].map((m) => m[2]);
  assert.deepEqual(tabs, ['Hybrid', 'Meaning', 'Keywords']);
  const row = README.split('\n').find((l) => l.startsWith('| Search notes by meaning |'))!;
  for (const tab of tabs) assert.ok(row.includes(tab), `the README's command table names the ${tab} tab`);
});
