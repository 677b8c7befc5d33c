// How the map's edge thresholds were chosen: `npx tsx scripts/map-edge-sweep.ts --vault DIR [--k 25]`.
// DIR is a vault indexed with the real model (`kindred index`), such as the Sequences vault of
// scripts/make-sequences-vault.mjs. For every note that links to others, its map (rankRelated's
// neighbours, minimum score as the plugin's) is built at each threshold; among the neighbours
// (the centre left out), it counts the pairs joined per map and how many of them are existing
// links, against the share of linked pairs among all neighbour pairs (lift). Twice: with the
// note vectors (the map with the model) and with keyword profiles only (the map without it).
// The vectors are read from the saved index: no model is loaded.
//
// `--beir QRELS.tsv` reports the thresholds on a BEIR vault instead (ArguAna's development half:
// a vault whose .kindred-beir.json maps note paths to corpus ids, QRELS its judgements): for the
// map of each judged argument, whether its counter-argument is joined to it against the other
// neighbours (only the development half's judgements are read), and how many of the lines among
// the neighbours join two arguments of the same debate (the id before "-pro"/"-con").
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMap } from '../src/core/map/build-map';
import { tokenize } from '../src/core/index/tokenize';
import { rankRelated, RELATED_DEFAULTS, sourceFromIndexedNote } from '../src/core/rank/rank-related';
import { openIndex } from '../src/cli/open-index';
import { locateVault } from '../src/cli/vault-request';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const vaultDir = flag('vault');
if (!vaultDir) {
  process.stderr.write('usage: npx tsx scripts/map-edge-sweep.ts --vault DIR [--k 25]\n');
  process.exit(2);
}
const k = Number(flag('k') ?? 25);
const qrelsFile = flag('beir');
const GRID = {
  vector: [0.65, 0.675, 0.7, 0.725, 0.75, 0.775, 0.8, 0.825],
  keyword: [0.075, 0.1, 0.125, 0.15, 0.175, 0.2],
};

async function main(): Promise<void> {
  const location = await locateVault({ vault: vaultDir!, cwd: process.cwd(), configDir: '.obsidian', init: false });
  const { index, vault } = await openIndex(location, null);
  await index.whenKeywordReady();
  if (qrelsFile) {
    await beirReport(index, vault, location.root);
    await index.close();
    return;
  }
  const notes = [...index.allNotes()].filter((n) => n.links.length > 0 && n.vector);
  const deps = { reader: index, tokenize, readText: (p: string) => vault.read(p), facts: () => null };
  for (const kind of ['vector', 'keyword'] as const) {
    // Every neighbour pair of every map, with its similarity and whether it is linked.
    const maps: { s: number; linked: boolean }[][] = [];
    for (const note of notes) {
      let source = (await sourceFromIndexedNote(index, note.path, (p) => vault.read(p)))!;
      if (kind === 'keyword') source = { ...source, vector: null, chunks: [] };
      const answer = await rankRelated(index, source, {
        k,
        minScore: RELATED_DEFAULTS.minScore,
        tokenize,
        strategy: kind === 'keyword' ? 'keyword' : 'fused',
        withoutPassages: true,
      });
      const map = await buildMap(deps, note.path, answer, { threshold: -2 });
      maps.push(map.edges.filter((e) => e.source !== note.path && e.target !== note.path).map((e) => ({ s: e.similarity, linked: e.linked })));
    }
    const all = maps.flat();
    const base = all.filter((p) => p.linked).length / all.length;
    process.stdout.write(`\n${kind} similarity: ${maps.length} maps of ${k} neighbours, ${all.length} neighbour pairs, ${(base * 100).toFixed(1)}% of them linked\n`);
    process.stdout.write('threshold  edges/map  median  maps without an edge  linked share  lift\n');
    for (const t of GRID[kind]) {
      const counts = maps.map((m) => m.filter((p) => p.s >= t).length).sort((a, b) => a - b);
      const above = all.filter((p) => p.s >= t);
      const share = above.filter((p) => p.linked).length / Math.max(1, above.length);
      process.stdout.write(
        `${String(t).padEnd(9)}  ${(above.length / maps.length).toFixed(1).padStart(9)}  ${String(counts[Math.floor(counts.length / 2)]).padStart(6)}  ${String(counts.filter((c) => c === 0).length).padStart(20)}  ${(share * 100).toFixed(1).padStart(11)}%  ${(share / base).toFixed(2).padStart(4)}\n`,
      );
    }
  }
  await index.close();
}

type Index = Awaited<ReturnType<typeof openIndex>>['index'];
type NodeVault = Awaited<ReturnType<typeof openIndex>>['vault'];

async function beirReport(index: Index, vault: NodeVault, root: string): Promise<void> {
  const ids = (JSON.parse(readFileSync(join(root, '.kindred-beir.json'), 'utf8')) as { ids: Record<string, string> }).ids;
  const pathOf = new Map(Object.entries(ids).map(([path, id]) => [id, path]));
  const judged = readFileSync(qrelsFile!, 'utf8').split('\n').slice(1).map((l) => l.split('\t')).filter((c) => c.length >= 2 && pathOf.has(c[0]) && pathOf.has(c[1]));
  const debate = (path: string) => (ids[path] ?? '').replace(/-(pro|con)\d+[ab]$/, '');
  const deps = { reader: index, tokenize, readText: (p: string) => vault.read(p), facts: () => null };
  const counterSims: number[] = [];
  const otherSims: number[] = [];
  const pairs: { s: number; same: boolean }[] = [];
  let shown = 0;
  for (const [queryId, counterId] of judged) {
    const path = pathOf.get(queryId)!;
    const source = await sourceFromIndexedNote(index, path, (p) => vault.read(p));
    if (!source) continue;
    const answer = await rankRelated(index, source, { k, minScore: RELATED_DEFAULTS.minScore, tokenize, withoutPassages: true });
    const map = await buildMap(deps, path, answer, { threshold: -2 });
    const counter = pathOf.get(counterId)!;
    if (map.nodes.some((n) => n.path === counter)) shown++;
    for (const e of map.edges) {
      const spoke = e.source === path || e.target === path;
      if (!spoke) pairs.push({ s: e.similarity, same: debate(e.source) === debate(e.target) });
      else if (e.source === counter || e.target === counter) counterSims.push(e.similarity);
      else otherSims.push(e.similarity);
    }
  }
  const base = pairs.filter((p) => p.same).length / pairs.length;
  process.stdout.write(`\n${judged.length} judged arguments; the counter-argument is among the ${k} neighbours in ${shown} maps; ${(base * 100).toFixed(1)}% of neighbour pairs are of one debate\n`);
  process.stdout.write('threshold  counter joined  other neighbours joined  lines among neighbours/map  same debate  lift\n');
  for (const t of GRID.vector) {
    const counter = counterSims.filter((s) => s >= t).length / Math.max(1, counterSims.length);
    const other = otherSims.filter((s) => s >= t).length / Math.max(1, otherSims.length);
    const above = pairs.filter((p) => p.s >= t);
    const same = above.filter((p) => p.same).length / Math.max(1, above.length);
    process.stdout.write(
      `${String(t).padEnd(9)}  ${(counter * 100).toFixed(1).padStart(13)}%  ${(other * 100).toFixed(1).padStart(22)}%  ${(above.length / judged.length).toFixed(1).padStart(26)}  ${(same * 100).toFixed(1).padStart(10)}%  ${(same / base).toFixed(2).padStart(4)}\n`,
    );
  }
}

void main();
