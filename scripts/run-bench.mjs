// `npm run bench`: runs every bench/*.bench.ts in turn (one at a time: the figures are
// ratios against a baseline measured in the same process, and two benches at once would
// steal each other's cores). Each bench prints its table and writes bench/results/<name>.json.
// `npm run bench -- --quick` passes --quick to each (small inputs, for a smoke run);
// `npm run bench -- clip rank` runs only the benches whose names contain those words.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flags = args.filter((a) => a.startsWith('--'));
const names = args.filter((a) => !a.startsWith('--'));
const benches = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => names.length === 0 || names.some((n) => f.includes(n)))
  .sort();

if (benches.length === 0) {
  console.error('no benchmark matched');
  process.exit(1);
}
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', join('bench', file), ...flags], {
    stdio: 'inherit',
  });
  console.log(`(${file}: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${r.status})`);
  if (r.status !== 0) failed++;
}
console.log(`\nResults in bench/results/. ${benches.length - failed} of ${benches.length} benchmarks finished.`);
// The README's table, from every result on disk (benches not run this time keep their last figures).
spawnSync(process.execPath, ['scripts/bench-summary.mjs'], { stdio: 'inherit' });
process.exit(failed ? 1 : 0);
