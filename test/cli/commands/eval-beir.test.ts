import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { evalCommand, type BeirReport } from '../../../src/cli/commands/eval';
import { readBeirCollection, writeBeirVault } from '../../../src/cli/commands/beir-vault';
import { beirQueryCases, beirRelatedCases } from '../../../src/cli/commands/eval-beir';
import type { OpenSession } from '../../../src/cli/ranking-session';
import { openRankingSession } from '../../../src/cli/open-ranking-session';
import { parseBeirQrels } from '../../../src/core/eval/beir-collection';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { captureIO } from '../../helpers/cli-io';

/** A small collection in BEIR's layout: arguments and the arguments that answer them, some ids telling. */
function collection(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-beir-src-'));
  const docs = [
    { _id: 'bread-pro', title: 'food', text: 'Home baked bread with flour, yeast and a hot oven tastes better than bought bread.' },
    { _id: 'bread-con', title: 'food', text: 'Bought bread saves hours: kneading dough and waiting for yeast is not worth it.' },
    { _id: 'tax-pro', title: 'economy', text: 'A carbon tax makes polluters pay for the damage their emissions cause.' },
    { _id: 'tax-con', title: 'economy', text: 'A carbon tax hurts poor households, who spend more of their income on fuel and heating.' },
    { _id: 'zoo-pro', title: '', text: 'Zoos protect endangered animals and breed species that would die out in the wild.' },
    { _id: 'zoo-con', title: '', text: 'Animals in zoos suffer in small cages; protecting wild habitats does more for endangered species.' },
    { _id: 'moon', title: 'space', text: 'Sending people to the moon again would teach us how to live on other planets.' },
    { _id: 'mars', title: 'space', text: 'Robots explore planets like Mars more cheaply than astronauts.' },
  ];
  writeFileSync(join(dir, 'corpus.jsonl.gz'), gzipSync(docs.map((d) => JSON.stringify(d)).join('\n') + '\n'));
  const queries = [
    { _id: 'bread-pro', text: docs[0].text },
    { _id: 'tax-pro', text: docs[2].text },
    { _id: 'zoo-pro', text: docs[4].text },
    { _id: 'space-question', text: 'should astronauts or robots explore other planets' },
    { _id: 'unjudged', text: 'nothing judged' },
  ];
  writeFileSync(join(dir, 'queries.jsonl'), queries.map((q) => JSON.stringify(q)).join('\n') + '\n');
  mkdirSync(join(dir, 'qrels'));
  writeFileSync(
    join(dir, 'qrels', 'test.tsv'),
    'query-id\tcorpus-id\tscore\nbread-pro\tbread-con\t1\ntax-pro\ttax-con\t1\nzoo-pro\tzoo-con\t1\nzoo-pro\tgone-from-corpus\t1\nspace-question\tmars\t2\nspace-question\tmoon\t1\n',
  );
  return dir;
}

/** The real session over the written vault, with a fake embedder: the command's own path, minus the real model. */
const fakeModelSessions: OpenSession = (request) => openRankingSession(request, () => Promise.resolve(new FakeEmbedder(128)));

test('kindred eval --beir writes the corpus into a vault once and scores every mode, related notes and the baseline', async () => {
  const source = collection();
  const out = join(mkdtempSync(join(tmpdir(), 'kindred-beir-')), 'vault');
  const io = captureIO();
  assert.equal(await evalCommand(fakeModelSessions).run(['--beir', source, '--vault', out, '--json'], io), 0, io.err());
  const report = JSON.parse(io.out()) as BeirReport;
  assert.equal(report.documents, 8);
  assert.deepEqual(report.queries.map((q) => q.name), ['keyword', 'semantic', 'hybrid', 'MiniSearch BM25 (keyword baseline)']);
  assert.equal(report.queries[0].cases, 4, 'judged queries only');
  assert.equal(report.related[0].cases, 3, 'queries whose own document is in the corpus');
  // The keyword side finds every counter-argument at once: they share the debate's words. The
  // zoo query also has a judged document missing from the corpus, which counts as a miss.
  const keyword = report.queries[0];
  assert.ok(keyword.recallAt10 > 0.8 && keyword.recallAt10 < 1, JSON.stringify(keyword));
  assert.match(io.err(), /wrote 8 notes in /);

  // Notes are named by position, not by id, and hold the title in front matter, nothing else.
  assert.equal(readFileSync(join(out, 'documents', 'd0001.md'), 'utf8'), '---\ntitle: "food"\n---\n\nHome baked bread with flour, yeast and a hot oven tastes better than bought bread.\n');
  assert.equal(readFileSync(join(out, 'documents', 'd0005.md'), 'utf8'), 'Zoos protect endangered animals and breed species that would die out in the wild.\n');
  const written = statSync(join(out, 'documents', 'd0001.md')).mtimeMs;

  const again = captureIO();
  assert.equal(await evalCommand(fakeModelSessions).run(['--beir', source, '--vault', out], again), 0, again.err());
  assert.match(again.err(), /reusing 8 notes/);
  assert.equal(statSync(join(out, 'documents', 'd0001.md')).mtimeMs, written, 'the notes were not written again');
  assert.match(again.out(), /^kindred-beir-src-\w+: 8 documents/);
  assert.match(again.out(), /Queries \(4\), the query's own document left out:\n {2}ranking +recall@10/);
});

test('a query never finds its own document, and judged documents missing from the corpus stay misses', async () => {
  const source = await readBeirCollection(collection());
  const vault = await writeBeirVault(source, join(mkdtempSync(join(tmpdir(), 'kindred-beir-')), 'v'));
  const cases = beirQueryCases(source, vault);
  const zoo = cases.find((c) => c.id === 'zoo-pro')!;
  assert.equal(zoo.exclude, vault.pathOf.get('zoo-pro'));
  assert.deepEqual([...zoo.relevant].sort(), [vault.pathOf.get('zoo-con'), 'missing document gone-from-corpus'].sort());
  assert.equal(cases.find((c) => c.id === 'space-question')!.grades!.get(vault.pathOf.get('mars')!), 2);
  assert.deepEqual(beirRelatedCases(cases).map((c) => c.id), ['bread-pro', 'tax-pro', 'zoo-pro']);
});

test('a collection that is not one, or a folder that holds something else, gets a clear error', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'kindred-beir-src-'));
  await assert.rejects(readBeirCollection(empty), /is not a BEIR collection: it lacks corpus\.jsonl\[\.gz\], queries\.jsonl\[\.gz\], qrels\.tsv/);
  await assert.rejects(readBeirCollection(join(empty, 'nowhere')), /no BEIR collection folder/);
  writeFileSync(join(empty, 'corpus.jsonl'), '{"_id":"a","text":"x"}\n{not json\n');
  writeFileSync(join(empty, 'queries.jsonl'), '{"_id":"q","text":"x"}\n');
  writeFileSync(join(empty, 'qrels.tsv'), 'q\ta\t1\n');
  await assert.rejects(readBeirCollection(empty), /corpus\.jsonl, line 2: not valid JSON/);
  assert.throws(() => parseBeirQrels('q\ta\n'), /line 1: needs three tab-separated fields/);

  const foreign = mkdtempSync(join(tmpdir(), 'kindred-beir-'));
  writeFileSync(join(foreign, 'my note.md'), 'mine');
  await assert.rejects(writeBeirVault(await readBeirCollection(collection()), foreign), /is not empty and holds no BEIR collection written by kindred/);
  assert.equal(readFileSync(join(foreign, 'my note.md'), 'utf8'), 'mine', 'nothing of it was touched');
});

test('--beir takes its queries from the collection', async () => {
  await assert.rejects(evalCommand(fakeModelSessions).run(['--beir', 'x', '--queries', 'q.jsonl'], captureIO()), /--beir takes its queries from the collection/);
  await assert.rejects(evalCommand(fakeModelSessions).run([], captureIO()), /--vault DIR is required/);
});
