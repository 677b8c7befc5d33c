// Run by `npm version <new>` (the "version" script): the plugin's manifest.json takes the new
// version, and versions.json maps it to the manifest's minAppVersion, as Obsidian's community
// directory reads them. npm then commits both files with package.json and tags the commit.
import { readFileSync, writeFileSync } from 'node:fs';

const version = process.env.npm_package_version;
if (!version) {
  console.error('version-bump: run me through `npm version <new version>`');
  process.exit(2);
}
const manifest = JSON.parse(readFileSync('manifest.json', 'utf8'));
manifest.version = version;
writeFileSync('manifest.json', JSON.stringify(manifest, null, 2) + '\n');

const versions = JSON.parse(readFileSync('versions.json', 'utf8'));
versions[version] = manifest.minAppVersion;
writeFileSync('versions.json', JSON.stringify(versions, null, 2) + '\n');
