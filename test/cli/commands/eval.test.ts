import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evalCommand, type EvalReport } from '../../../src/cli/commands/eval';
import { captureIO } from '../../helpers/cli-io';
import { topicSessions } from '../ranking-session-fixture';

test('kindred eval --json scores every ranker on the vault links, and the query set when given', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-eval-'));
  writeFileSync(join(dir, 'q.jsonl'), '{"id":"bake","text":"dough in a hot oven","relevant":["bread","pizza"]}\n');
  const io = captureIO(dir);
  assert.equal(await evalCommand(topicSessions().open).run(['--vault', 'v', '--queries', 'q.jsonl', '--json', '--sweep'], io), 0, io.err());
  const report = JSON.parse(io.out()) as EvalReport;
  assert.equal(report.notes, 7);
  assert.deepEqual(report.related.map((r) => r.name), [
    'related (full)',
    'vector only',
    'keyword more-like-this only',
    'MiniSearch BM25 (whole note)',
  ]);
  // The one linked pair (telescopes → galaxies) is found within 6 other notes by every ranker.
  for (const r of report.related) assert.equal(r.recallAt20, 1, r.name);
  assert.deepEqual(report.queries!.map((q) => q.name), ['keyword', 'semantic', 'hybrid', 'MiniSearch BM25 (keyword baseline)']);
  assert.equal(report.queries![0].recallAt10, 1);
  assert.equal(report.sameGroup, null, 'no note has a sequence in front matter');
  assert.ok(report.sweep!.minScore!.length > 3 && report.sweep!.related!.length > 5 && report.sweep!.queries!.length > 5);
});

test('kindred eval --sweep-queries compares the query fusions alone', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-eval-'));
  writeFileSync(join(dir, 'q.jsonl'), '{"id":"bake","text":"dough in a hot oven","relevant":["bread","pizza"]}\n');
  const io = captureIO(dir);
  assert.equal(await evalCommand(topicSessions().open).run(['--vault', 'v', '--queries', 'q.jsonl', '--json', '--sweep-queries'], io), 0, io.err());
  const { sweep } = JSON.parse(io.out()) as EvalReport;
  assert.equal(sweep?.related, undefined, 'no related sweep');
  assert.ok(sweep?.queries?.some((q) => q.name === 'rrf k=60 1/1'), JSON.stringify(sweep));
});

test('kindred eval --sweep-only keeps the sweep rows whose names contain one of its parts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-eval-'));
  writeFileSync(join(dir, 'q.jsonl'), '{"id":"bake","text":"dough in a hot oven","relevant":["bread","pizza"]}\n');
  const io = captureIO(dir);
  assert.equal(await evalCommand(topicSessions().open).run(['--vault', 'v', '--queries', 'q.jsonl', '--json', '--sweep-only', 'rrf k=60 1/1, semantic mode'], io), 0, io.err());
  const names = (JSON.parse(io.out()) as EvalReport).sweep!.queries!.map((q) => q.name);
  assert.ok(names.includes('rrf k=60 1/1') && names.includes('semantic mode, best chunk'), names.join('; '));
  assert.ok(names.every((n) => n.includes('rrf k=60 1/1') || n.includes('semantic mode')), names.join('; '));
});

test('kindred eval prints readable tables', async () => {
  const io = captureIO();
  await evalCommand(topicSessions().open).run(['--vault', 'v'], io);
  assert.match(io.out(), /^Related notes, 1 notes with links \(of 7\):\n {2}ranking +recall@10 {2}recall@20 {2}nDCG@10\n {2}related \(full\) +1\.000/);
});

test('eval without the model says so', async () => {
  await assert.rejects(
    evalCommand(topicSessions({ withoutModel: true }).open).run(['--vault', 'v'], captureIO()),
    /evaluation needs the embedding model/,
  );
});
