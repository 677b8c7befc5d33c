/**
 * `npm version <new>` keeps the plugin's manifest.json and versions.json in step with
 * package.json and tags the release the way Obsidian wants it (the bare version, no "v").
 * Run for real: npm, git and the project's own script, in a throwaway copy of the three files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

function run(cwd: string, command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 'test@example.invalid' },
  });
}

test('npm version bumps manifest.json and versions.json with package.json and tags the bare version', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-version-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string; scripts: Record<string, string> };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: pkg.name, version: pkg.version, private: true, scripts: { version: pkg.scripts.version } }, null, 2));
  for (const file of ['manifest.json', 'versions.json', '.npmrc']) copyFileSync(join(ROOT, file), join(dir, file));
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(ROOT, 'scripts', 'version-bump.mjs'), join(dir, 'scripts', 'version-bump.mjs'));
  const manifestBefore = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string; minAppVersion: string };
  assert.equal(manifestBefore.version, pkg.version, 'manifest.json and package.json agree before the bump');
  run(dir, 'git', ['init', '-q']);
  run(dir, 'git', ['add', '-A']);
  run(dir, 'git', ['commit', '-qm', 'start']);

  run(dir, 'npm', ['version', '9.8.7', '--no-fund', '--no-audit']);

  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string; minAppVersion: string };
  const versions = JSON.parse(readFileSync(join(dir, 'versions.json'), 'utf8')) as Record<string, string>;
  assert.equal(manifest.version, '9.8.7');
  assert.equal(manifest.minAppVersion, manifestBefore.minAppVersion, 'minAppVersion is kept');
  assert.equal(versions['9.8.7'], manifestBefore.minAppVersion, 'versions.json maps the new version to minAppVersion');
  assert.equal(versions[pkg.version], manifestBefore.minAppVersion, 'earlier versions stay listed');
  assert.equal(run(dir, 'git', ['tag', '--list']).trim(), '9.8.7', 'the tag is the bare version, as Obsidian releases need');
  assert.equal(run(dir, 'git', ['status', '--porcelain']).trim(), '', 'the bump is committed whole');
  const committed = run(dir, 'git', ['show', '--name-only', '--format=', 'HEAD']).trim().split('\n').sort();
  assert.deepEqual(committed, ['manifest.json', 'package.json', 'versions.json']);
});

test('the release workflow builds on a tag and attaches the three files Obsidian installs', () => {
  const workflow = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
  assert.match(workflow, /tags:\s*\['\*'\]/);
  assert.match(workflow, /npm run build/);
  assert.match(workflow, /gh release create "\$tag"[^\n]* main\.js manifest\.json styles\.css/);
});
