import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { backlinkCounts, mapCommand, type FactsSource } from '../../../src/cli/commands/map';
import { UsageError } from '../../../src/cli/command';
import { mapOfSource } from '../../../src/core/map/build-map';
import { layoutMap } from '../../../src/core/map/map-layout';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { captureIO } from '../../helpers/cli-io';
import { simpleTokenize } from '../../helpers/memory-index-reader';
import type { OpenSession, RankingSession, SessionModel } from '../../../src/cli/ranking-session';
import { mapFixture } from '../../core/map/map-fixture';

/** Sessions over the four-subject vault of the map's own tests; `withoutModel` as on a machine without the model files. */
function mapSessions(options: { withoutModel?: boolean } = {}) {
  let closed = 0;
  let opened = 0;
  const open: OpenSession = async () => {
    opened++;
    const { reader } = await mapFixture();
    const model: SessionModel = options.withoutModel
      ? { modelProblem: 'model.json is missing in /nowhere' }
      : { embedSource: () => Promise.reject(new Error('every note of this vault is indexed')) };
    const session: RankingSession = {
      reader,
      tokenize: simpleTokenize,
      readText: (p) => reader.text(p),
      listNotes: () => Promise.resolve([...reader.allNotes()].map((n) => ({ path: n.path, title: n.title }))),
      prepare: () => Promise.resolve(model),
      warnings: () => [],
      close: () => Promise.resolve(void closed++),
    };
    return session;
  };
  return { open, closed: () => closed, opened: () => opened };
}

/** The topic vault has no files on disk: sizes are the notes' lengths, creation times unknown. */
const memoryFacts: FactsSource = (_root, reader) => {
  const backlinks = backlinkCounts(reader);
  return (path) => {
    const note = reader.getNote(path);
    return note ? { bytes: note.chunks.reduce((s, c) => Math.max(s, c.end), 0), created: null, backlinks: backlinks.get(path) ?? 0 } : null;
  };
};

interface MapJson {
  centre: string;
  keywordOnly: boolean;
  threshold: number;
  nodes: { path: string; title: string; date: string | null; cluster: number | null; x: number; y: number }[];
  edges: { source: string; target: string; similarity: number; linked: boolean }[];
  clusters: { members: string[]; words: string[] }[];
}

test('kindred map --json: the nodes rankRelated finds, the edges, and the layout the core computes', async () => {
  const sessions = mapSessions();
  const io = captureIO('/home/me');
  const code = await mapCommand(sessions.open, memoryFacts).run(['space/telescopes.md', '--vault', 'vault', '--json', '--min-score', '-1', '--threshold', '0.3'], io);
  assert.equal(code, 0, io.err());
  const out = JSON.parse(io.out()) as MapJson;
  // The same computation, done here directly over the same notes.
  const { reader } = await mapFixture();
  const source = await sourceFromIndexedNote(reader, 'space/telescopes.md', (p) => reader.text(p));
  const answer = await rankRelated(reader, source!, { k: 25, minScore: -1, tokenize: simpleTokenize });
  assert.deepEqual(out.nodes.map((n) => n.path), ['space/telescopes.md', ...answer.results.map((r) => r.path)]);
  const deps = { reader, tokenize: simpleTokenize, readText: (p: string) => reader.text(p), facts: memoryFacts('', reader) };
  const map = await mapOfSource(deps, { ...source!, path: 'space/telescopes.md' }, { k: 25, minScore: -1 }, { threshold: 0.3 });
  const layout = layoutMap(map);
  assert.deepEqual(out.nodes.map((n) => [n.path, n.x, n.y]), layout.nodes.map((n) => [n.path, n.x, n.y]));
  assert.deepEqual(out.edges, map.edges.map((e) => ({ source: e.source, target: e.target, similarity: e.similarity, linked: e.linked })));
  assert.ok(out.edges.some((e) => e.linked) && out.edges.some((e) => !e.linked));
  assert.deepEqual(Object.keys(out.nodes[0]).filter((k) => ['path', 'title', 'date', 'cluster', 'x', 'y'].includes(k)).sort(), ['cluster', 'date', 'path', 'title', 'x', 'y']);
  assert.equal(out.threshold, 0.3);
  assert.ok(out.clusters.length >= 2 && out.nodes.some((n) => n.cluster !== null));
  assert.equal(sessions.closed(), 1);
});

test('--out writes a standalone SVG and --html a page; a file that is not a map of ours is never overwritten', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-map-cli-'));
  try {
    const sessions = mapSessions();
    const run = (args: string[]) => {
      const io = captureIO(dir);
      return mapCommand(sessions.open, memoryFacts).run(['kitchen/pizza.md', '--vault', 'vault', '--min-score', '-1', '--threshold', '0.3', ...args], io).then((code) => ({ code, io }));
    };
    const first = await run(['--out', 'map.svg', '--html', 'map.html', '--time']);
    assert.equal(first.code, 0, first.io.err());
    const svg = readFileSync(join(dir, 'map.svg'), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" class="kindred-map-svg kindred-map-file"/);
    assert.equal((svg.match(/class="kindred-map-node /g) ?? []).length, 20);
    assert.ok(svg.includes('is-unlinked') && !svg.includes('<script'));
    const html = readFileSync(join(dir, 'map.html'), 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.ok(html.includes('<svg') && html.includes('<h1>pizza</h1>'));
    assert.match(html, /<h2>Before this<\/h2>/);
    assert.match(html, /<h2>After this<\/h2>/);
    // Running again overwrites its own files.
    assert.equal((await run(['--out', 'map.svg'])).code, 0);
    // A file someone else wrote is refused, and left as it was.
    writeFileSync(join(dir, 'notes.svg'), '<svg>my drawing</svg>');
    await assert.rejects(run(['--out', 'notes.svg']), /notes\.svg exists and is not a map kindred wrote/);
    assert.equal(readFileSync(join(dir, 'notes.svg'), 'utf8'), '<svg>my drawing</svg>');
    await assert.rejects(run(['--out', 'missing/map.svg']), /is not a folder/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('without --out, --html or --json: the groups and the links you may be missing, in words', async () => {
  const sessions = mapSessions();
  const io = captureIO();
  assert.equal(await mapCommand(sessions.open, memoryFacts).run(['kitchen/bread.md', '--vault', 'v', '--min-score', '-1', '--threshold', '0.3'], io), 0);
  assert.match(io.out(), /^Map of bread \(kitchen\/bread\.md\): 19 related notes, \d+ lines at similarity 0\.3 or more\./);
  assert.match(io.out(), /Group 1: [a-z]+, [a-z]+, [a-z]+\n {2}\S/);
  assert.match(io.out(), /Links you may be missing:\n {2}\d\.\d{3} {2}\S/);
});

test('without the model the map is drawn from keywords, and says so', async () => {
  const sessions = mapSessions({ withoutModel: true });
  const io = captureIO();
  assert.equal(await mapCommand(sessions.open, memoryFacts).run(['kitchen/bread.md', '--vault', 'v', '--json', '--min-score', '-1'], io), 0, io.err());
  assert.match(io.err(), /model is not available \(model\.json is missing in \/nowhere\); this map is drawn from shared keywords only/);
  const out = JSON.parse(io.out()) as MapJson;
  assert.equal(out.keywordOnly, true);
  assert.ok(out.nodes.length > 1);
});

test('usage errors name the problem; a missing note is a plain error', async () => {
  const sessions = mapSessions();
  const cmd = mapCommand(sessions.open, memoryFacts);
  for (const [args, message] of [
    [['kitchen/bread.md'], /--vault DIR is required/],
    [['--vault', 'v'], /give the note to map/],
    [['kitchen/bread.md', '--vault', 'v', '--k', '5'], /--k must be from 10 to 60/],
    [['kitchen/bread.md', '--vault', 'v', '--colour', 'mood'], /--colour must be cluster, folder, tag or site/],
    [['kitchen/bread.md', '--vault', 'v', '--size', 'weight'], /--size must be length or backlinks/],
    [['kitchen/bread.md', '--vault', 'v', '--out', 'map.png'], /--out names an \.svg file/],
    [['kitchen/bread.md', '--vault', 'v', '--threshold', '2'], /--threshold must be a number from -1 to 1/],
  ] as const) {
    await assert.rejects(cmd.run([...args], captureIO()), (e: unknown) => e instanceof UsageError && message.test(e.message), args.join(' '));
  }
  await assert.rejects(cmd.run(['kitchen/cake.md', '--vault', 'v'], captureIO()), /no note "kitchen\/cake\.md" in the vault v/);
  assert.equal(sessions.opened(), 1, 'usage errors open nothing');
});
