// Prints the README's speed table from bench/results/*.json and saves it as
// bench/results/SUMMARY.md. `npm run bench` ends with it; run it alone to re-print.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const read = (name) => {
  const file = `bench/results/${name}.json`;
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
};
const n = (x, digits = 0) => (typeof x === 'number' ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');
const verdict = (ok) => (ok === undefined ? '' : ok ? 'met' : '**missed**');
const rows = [];
const row = (what, figure, target, ok, bench) => rows.push({ what, figure, target, ok: verdict(ok), bench });

const clip = read('clip');
if (clip) {
  const s = clip.summary;
  const load = s.loadAverage ? ` (load average ${n(s.loadAverage[0], 1)})` : '';
  row(`Clip: median page (${s.pages} fixture pages)`, `${n(s.medianPageMs)} ms wall, ${n(s.medianPageCpuMs)} ms CPU; CPU time ÷ Defuddle's own markdown path: ${n(s.medianRatio, 2)} on the same DOM, ${n(s.medianRatioStock, 2)} on stock linkedom${load}`, '< 100 ms', s.medianPageMs < 100, 'clip');
  row('Clip: the LessWrong post page', `${n(s.lesswrongMs)} ms wall, ${n(s.lesswrongCpuMs)} ms CPU (Defuddle's own path ${n(s.lesswrongBaselineCpuMs)} ms CPU)`, '', undefined, 'clip');
}

const embed = read('embed');
if (embed) {
  const r = embed.ratios;
  row('Embed: Kindred pipeline vs raw `model.embed`, same chunks (throughput)', `${n(r.kindredVsRawModelEmbed, 2)}×`, '≥ 0.9×', r.kindredVsRawModelEmbed >= 0.9, 'embed');
  row('Embed: Kindred + Orama insert vs `@orama/plugin-embeddings` (throughput)', `${n(r.kindredIntoOramaVsPluginEmbeddings, 2)}×`, 'a gain', r.kindredIntoOramaVsPluginEmbeddings > 1, 'embed');
  row('Embed: 2 workers vs 1 (2 cores)', `${n(r.twoWorkersVsOne, 2)}× (load average ${n(embed.machine?.loadAverageAtStart?.[0], 1)} at start)`, '≥ 1.7×', r.twoWorkersVsOne >= 1.7, 'embed');
}

const pipeline = read('embed-pipeline');
if (pipeline) {
  const load = `load average ${n(pipeline.machine?.loadAverageAtStart?.[0], 1)} at start`;
  for (const r of pipeline.todayVsBefore ?? []) {
    const target = r.corpus === '250-word passages' ? '≥ 1.25×' : '';
    row(`Embed: today's pipeline vs the one before, 2 workers, ${r.corpus} (same run)`, `${n(r.ratio, 2)}× (${n(r.todayChunksPerSecond, 2)} against ${n(r.beforeChunksPerSecond, 2)} chunks/s; ${load})`, target, target ? r.ratio >= 1.25 : undefined, 'embed-pipeline');
  }
  const best = (rows, key) => rows?.reduce((a, b) => (b.chunksPerSecond > a.chunksPerSecond ? b : a))?.[key];
  if (pipeline.batchSizes) row('Embed: fastest batch size (one thread, chunker chunks)', `${n(best(pipeline.batchSizes, 'batchSize'))} of ${pipeline.batchSizes.map((r) => r.batchSize).join(', ')}`, '', undefined, 'embed-pipeline');
  if (pipeline.workers) row('Embed: fastest worker count (2 cores)', `${n(best(pipeline.workers, 'workers'))} of ${pipeline.workers.map((r) => r.workers).join(', ')}`, '', undefined, 'embed-pipeline');
}

const quality = read('vector-quality');
if (quality) {
  for (const name of [...new Set(quality.rows.map((r) => r.collection))]) {
    const rows = quality.rows.filter((r) => r.collection === name);
    const worst = Math.max(...rows.map((r) => r.ndcg10Loss));
    row(`Compact vectors (int8): nDCG@10 lost on ${name}, worst of ${rows.map((r) => r.ranking).join(', ')}`, n(worst, 4), '≤ 0.005', worst <= 0.005, 'vector-quality');
  }
}

const build = read('index-build');
if (build) {
  const r = build.result;
  const split = r.waitingForEmbedderSeconds !== undefined ? `; waiting for the embedder ${n(r.waitingForEmbedderSeconds)} s, the rest of indexing ${n(r.otherIndexingSeconds)} s, saving ${n(r.saveSeconds, 1)} s` : '';
  const load = build.loadAverage ? ` (load average ${n(build.loadAverage[0], 1)})` : '';
  row('Index: the 337 Sequences essays as raw files, real model', `${n(r.notes)} notes, ${n(r.chunks)} chunks, ${n(r.chunksPerSecond, 2)} chunks/s, ${n(r.buildSeconds)} s; again: ${n(r.secondRunSeconds, 1)} s, ${n(r.secondRunEmbedded)} embedded${split}${load}`, '', undefined, 'index-build');
  const honesty = build.timeLeftEstimate;
  if (honesty) {
    const at = (e) => ['at25%', 'at50%', 'at75%'].map((k) => n(e?.[k], 2)).join(' / ');
    row('Index: time left, estimated ÷ actual at 25 / 50 / 75% of the notes (1 is honest)', `as reported (TimeLeft, bytes from the first batch) ${at(honesty.reported)}; notes per second since the start, as before ${at(honesty.notesSinceStart)}`, '', undefined, 'index-build');
  }
}

const scale = read('index-scale');
for (const s of scale?.sizes ?? []) {
  const at = `${n(s.notes)} notes`;
  const big = s.notes === 50000;
  // The targets of the scale work: 10,000 notes within a phone's budget, 50,000 on a laptop.
  row(`Scale, ${at}: open → related answers`, `${n(s.openToRelatedMs / 1000, 1)} s`, '≤ 2 s', s.openToRelatedMs <= 2000, 'index-scale');
  if (s.openToFirstKeywordMs !== undefined) {
    row(`Scale, ${at}: open → keyword search answers from the first buckets`, `${n(s.openToFirstKeywordMs / 1000, 1)} s (${n(s.bucketsAtFirstKeyword)} of ${n(s.keywordBuckets)} buckets)`, '≤ 3 s', s.openToFirstKeywordMs <= 3000, 'index-scale');
  }
  row(`Scale, ${at}: open → keyword search answers from every bucket`, `${n(s.openToKeywordMs / 1000, 1)} s`, '', undefined, 'index-scale');
  if (s.openToPassagesMs !== undefined) {
    row(`Scale, ${at}: open → passages shown (every vector shard loaded)`, `${n(s.openToPassagesMs / 1000, 1)} s`, '', undefined, 'index-scale');
  }
  if (s.longestBlockMs !== undefined) {
    row(`Scale, ${at}: longest event-loop block while loading`, `${n(s.longestBlockMs)} ms`, '≤ 50 ms', s.longestBlockMs <= 50, 'index-scale');
  }
  const heapTarget = big ? 800 : 300;
  const early = s.heapAtRelatedMB !== undefined ? `; ${n(s.heapAtRelatedMB)} MB when related notes first answer` : ` (vector side ${n(s.vectorSideHeapMB)} MB)`;
  row(`Scale, ${at}: heap, everything loaded`, `${n(s.totalHeapMB)} MB${early}`, `≤ ${heapTarget} MB`, s.totalHeapMB <= heapTarget, 'index-scale');
  row(`Scale, ${at}: keyword query p50 / p95`, `${n(s.oramaP50Ms, 1)} / ${n(s.oramaP95Ms, 1)} ms; MiniSearch ${n(s.miniSearchP50Ms, 1)} / ${n(s.miniSearchP95Ms, 1)} ms`, 'p95 ≤ MiniSearch', s.oramaP95Ms <= s.miniSearchP95Ms, 'index-scale');
  // Older result files name only the largest file of any kind.
  const shardMB = s.largestShardMB ?? s.largestFileMB;
  const other = s.largestOtherFileMB !== undefined ? `, largest vector shard ${n(shardMB, 1)} MB, largest other file ${n(s.largestOtherFileMB, 1)} MB` : `, largest ${n(s.largestFileMB, 1)} MB`;
  row(`Scale, ${at}: on disk`, `${n(s.diskMB)} MB in ${n(s.files)} files${other}`, 'shards ≤ 32 MB', shardMB <= 32, 'index-scale');
  row(`Scale, ${at}: a 1-note edit re-indexed from its vault event (as in Obsidian)`, `${n(s.eventEditMs / 1000, 2)} s (${n(s.editFilesWritten)} files written)`, '≤ 1 s', s.eventEditMs <= 1000, 'index-scale');
  row(`Scale, ${at}: a 1-note edit re-indexed by a full scan (as \`kindred index\`)`, `${n(s.editSeconds, 2)} s (${n(s.editEmbeddedChunks)} chunk embedded; listing the vault ${n(s.listMarkdownMs / 1000, 2)} s)`, '', undefined, 'index-scale');
}

const rank = read('rank');
if (rank) {
  for (const r of rank.rows) {
    const target = /^related, default/.test(r.name) ? '≤ 30 ms p95' : /^query (semantic|hybrid)/.test(r.name) ? '≤ 150 ms p95' : '';
    const ok = target ? r.p95_ms <= (target.startsWith('≤ 30') ? 30 : 150) : undefined;
    row(`Latency, ${n(rank.notes)} notes: ${r.name}`, `p50 ${n(r.p50_ms, 1)} / p95 ${n(r.p95_ms, 1)} ms`, target, ok, 'rank');
  }
}

const map = read('map');
if (map) {
  const load = map.loadAverage !== undefined ? ` (load average ${n(map.loadAverage, 1)})` : '';
  for (const r of map.rows) {
    if (r.name.startsWith('  ')) continue;
    const limit = r.target ? Number(r.target.replace(/[^0-9.]/g, '')) : undefined;
    row(`Map, ${n(map.notes)} notes: ${r.name}`, `p50 ${n(r.p50_ms, 1)} / p95 ${n(r.p95_ms, 1)} ms${r.name.includes('25 neighbours') ? load : ''}`, r.target ? `${r.target}${r.target.includes('p95') ? '' : ' p95'}` : '', limit === undefined ? undefined : r.p95_ms <= limit, 'map');
  }
}

const imp = read('import');
if (imp) {
  const s = imp.summary;
  const load = s.loadAverage ? ` (load average ${n(s.loadAverage[0], 1)})` : '';
  row(`Import: a ${n(s.posts)}-post archive from the loopback API, pacing off`, `${n(s.importItemsPerSecond, 1)} posts/s, peak heap ${n(s.importPeakHeapMB)} MB${load}`, '', undefined, 'import');
  row(`Import: the same ${n(s.posts)} posts as saved pages through \`kindred import\``, `${n(s.savedPagesItemsPerSecond, 1)} posts/s, peak heap ${n(s.savedPagesPeakHeapMB)} MB; archive ÷ saved pages ${n(s.throughputRatio, 2)}×`, '', undefined, 'import');
}

const ui = read('ui-responsiveness');
if (ui) {
  const load = ui.loadAverage ? ` (load average ${n(ui.loadAverage, 1)})` : '';
  row(`Obsidian: tasks over 50 ms while indexing ${n(ui.indexNotes)} notes`, `${n(ui.longTasksOver50)} (longest ${n(ui.longestTaskMs)} ms)${load}`, 'none', ui.longTasksOver50 === 0, 'ui-responsiveness');
  if (ui.firstListP50 !== undefined) {
    row(`Obsidian: pane's first list (vectors) after a switch, ${n(ui.switchNotes)} notes`, `p50 ${n(ui.firstListP50)} / p95 ${n(ui.firstListP95)} ms`, '≤ 100 ms', ui.firstListP95 <= 100, 'ui-responsiveness');
  }
  row(`Obsidian: pane's full answer after a switch, ${n(ui.switchNotes)} notes`, `p50 ${n(ui.p50)} / p95 ${n(ui.p95)} ms`, '≤ 100 ms', ui.p95 <= 100, 'ui-responsiveness');
  if (ui.mapDraws !== undefined) {
    row(`Obsidian: tasks over 50 ms while the map draws (${n(ui.mapDraws)} maps, ${n(ui.switchNotes)} notes)`, `${n(ui.mapLongTasksOver50)} (longest ${n(ui.mapLongestTaskMs)} ms)`, 'none', ui.mapLongTasksOver50 === 0, 'ui-responsiveness');
    row(`Obsidian: map drawn after a switch, ${n(ui.switchNotes)} notes`, `p50 ${n(ui.mapDrawP50)} / p95 ${n(ui.mapDrawP95)} ms`, '', undefined, 'ui-responsiveness');
  }
}

const table = [
  '| What | Measured | Target | | Bench |',
  '|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.what} | ${r.figure} | ${r.target} | ${r.ok} | \`${r.bench}\` |`),
].join('\n');
writeFileSync('bench/results/SUMMARY.md', table + '\n');
console.log(`\n${table}\n\n(saved to bench/results/SUMMARY.md)`);
