// Runs every test file under test/ with node's own test runner (TypeScript via tsx).
// `--unit` leaves out the browser and real-model suites (files ending .browser.test.ts / .model.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const unitOnly = process.argv.includes('--unit');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

let files = walk('test').sort();
if (unitOnly) files = files.filter((f) => !/\.(browser|model)\.test\.ts$/.test(f));
if (filters.length) files = files.filter((f) => filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// Every temporary file and folder the tests make goes into one folder, removed afterwards, so a
// test that forgets to clean up (or is killed) leaves nothing behind in the system's tmp.
const scratch = mkdtempSync(join(tmpdir(), 'kindred-tests-'));
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, TZ: 'UTC', TMPDIR: scratch } },
);
rmSync(scratch, { recursive: true, force: true });
process.exit(r.status ?? 1);
