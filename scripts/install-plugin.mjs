// Copies the built plugin (main.js, manifest.json, styles.css) into a vault:
//   npm run install-plugin -- /path/to/vault [--config-dir .obsidian] [--create]
// The vault needs its configuration folder (Obsidian makes it the first time it opens the
// folder); --create makes it for a folder Obsidian has not opened yet. Then enable Kindred under
// Settings → Community plugins. Run `npm run build` first.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const USAGE = 'usage: npm run install-plugin -- /path/to/vault [--config-dir .obsidian] [--create]';
const args = process.argv.slice(2);
let configDir = '.obsidian';
let create = false;
const positionals = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--config-dir') {
    configDir = args[++i];
    if (!configDir || configDir.startsWith('--')) fail(2, '--config-dir needs a folder name');
  } else if (args[i] === '--create') create = true;
  else if (args[i] === '--help' || args[i] === '-h') {
    console.log(USAGE);
    process.exit(0);
  } else if (args[i].startsWith('-')) fail(2, `unknown option ${args[i]}`);
  else positionals.push(args[i]);
}
if (positionals.length !== 1) fail(2, positionals.length ? 'give one vault folder' : 'give the vault folder');

function fail(code, message) {
  console.error(`install-plugin: ${message}\n${USAGE}`);
  process.exit(code);
}

const vault = resolve(positionals[0]);
if (!existsSync(vault) || !statSync(vault).isDirectory()) fail(2, `${vault} is not a folder. Give the path of an Obsidian vault.`);
const root = resolve(import.meta.dirname, '..');
const files = ['main.js', 'manifest.json', 'styles.css'];
const missing = files.filter((f) => !existsSync(join(root, f)));
if (missing.length) {
  console.error(`install-plugin: missing ${missing.join(', ')}: run npm run build first.`);
  process.exit(1);
}
const config = join(vault, configDir);
if (!existsSync(config)) {
  if (!create) {
    fail(
      2,
      `${vault} has no ${configDir} folder, so it is not an Obsidian vault yet: open it in Obsidian once ` +
        `(Obsidian makes the folder), pass --create to make it now, or --config-dir if the vault uses another.`,
    );
  }
  mkdirSync(config, { recursive: true });
}
const target = join(config, 'plugins', 'kindred');
mkdirSync(target, { recursive: true });
for (const f of files) copyFileSync(join(root, f), join(target, f));
console.log(`Installed Kindred into ${target}. Enable it in Settings → Community plugins.`);
