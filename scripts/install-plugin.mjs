// Copies the built plugin (main.js, manifest.json, styles.css) into a vault:
//   npm run install-plugin -- /path/to/vault [--config-dir .obsidian]
// Then enable Kindred under Settings → Community plugins. Run `npm run build` first.
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const at = args.indexOf('--config-dir');
const configDir = at >= 0 ? args[at + 1] : '.obsidian';
const vaultArg = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--config-dir');
if (!vaultArg) {
  console.error('usage: npm run install-plugin -- /path/to/vault [--config-dir .obsidian]');
  process.exit(2);
}
const vault = resolve(vaultArg);
if (!existsSync(vault) || !statSync(vault).isDirectory()) {
  console.error(`${vault} is not a folder. Give the path of an Obsidian vault.`);
  process.exit(2);
}
if (!existsSync(join(vault, configDir))) {
  console.error(`${vault} has no ${configDir} folder: open it in Obsidian once first, or pass --config-dir.`);
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const files = ['main.js', 'manifest.json', 'styles.css'];
const missing = files.filter((f) => !existsSync(join(root, f)));
if (missing.length) {
  console.error(`missing ${missing.join(', ')}: run npm run build first.`);
  process.exit(1);
}
const target = join(vault, configDir, 'plugins', 'kindred');
mkdirSync(target, { recursive: true });
for (const f of files) copyFileSync(join(root, f), join(target, f));
console.log(`Installed Kindred into ${target}. Enable it in Settings → Community plugins.`);
