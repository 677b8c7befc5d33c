import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queryCommand } from '../../../src/cli/commands/query';
import { UsageError } from '../../../src/cli/command';
import { captureIO } from '../../helpers/cli-io';
import { topicSessions } from '../ranking-session-fixture';

test('kindred query --json: notes with score, path and a marked passage (hybrid by default)', async () => {
  const io = captureIO();
  assert.equal(await queryCommand(topicSessions().open).run(['galaxy', 'redshift', '--vault', 'v', '--json'], io), 0);
  const { results } = JSON.parse(io.out()) as { results: { path: string; title: string; score: number; passage: { heading: string; text: string } }[] };
  assert.equal(results[0].path, 'space/galaxies.md');
  assert.equal(results[0].title, 'galaxies');
  assert.match(results[0].passage.text, /==[Rr]edshift==/);
  assert.equal(typeof results[0].score, 'number');
});

test('filters reach the search: --folder, --tag, --author', async () => {
  const cmd = queryCommand(topicSessions().open);
  const io = captureIO();
  await cmd.run(['hot oven', '--vault', 'v', '--folder', 'kitchen', '--tag', 'cooking', '--author', 'grace', '--json'], io);
  assert.deepEqual((JSON.parse(io.out()) as { results: { path: string }[] }).results.map((r) => r.path), ['kitchen/bread.md']);
});

test('keyword mode works without the model and does not ask for it; semantic says what is missing', async () => {
  const sessions = topicSessions({ withoutModel: true });
  const io = captureIO();
  assert.equal(await queryCommand(sessions.open).run(['yeast', '--mode', 'keyword', '--vault', 'v'], io), 0);
  assert.match(io.out(), /1 note for "yeast" \(keyword\):\n {2}1\. .* bread/);
  assert.equal(sessions.requests[0].withModel, false);
  await assert.rejects(
    queryCommand(sessions.open).run(['yeast', '--mode', 'semantic', '--vault', 'v'], captureIO()),
    /semantic search needs the embedding model: model\.json is missing in \/nowhere\. Keyword search still works: --mode keyword\./,
  );
});

test('--queries FILE prints one line per query, with its id, opening the index (and model) once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-query-'));
  writeFileSync(join(dir, 'q.jsonl'), '{"id":"a","text":"yeast"}\n\n{"id":"b","text":"telescope mirror"}\n');
  const sessions = topicSessions();
  const io = captureIO(dir);
  assert.equal(await queryCommand(sessions.open).run(['--queries', 'q.jsonl', '--vault', 'v', '--k', '2'], io), 0);
  const lines = io.out().trim().split('\n').map((l) => JSON.parse(l) as { id: string; results: { path: string }[] });
  assert.deepEqual(lines.map((l) => l.id), ['a', 'b']);
  assert.equal(lines[0].results[0].path, 'kitchen/bread.md');
  assert.ok(lines.every((l) => l.results.length <= 2));
  assert.equal(sessions.requests.length, 1);
});

test('a broken query file is reported with its line before anything loads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-query-'));
  writeFileSync(join(dir, 'bad.jsonl'), '{"id":"a","text":"x"}\n{oops\n');
  const sessions = topicSessions();
  await assert.rejects(queryCommand(sessions.open).run(['--queries', 'bad.jsonl', '--vault', 'v'], captureIO(dir)), /line 2 is not valid JSON/);
  await assert.rejects(queryCommand(sessions.open).run(['--queries', 'none.jsonl', '--vault', 'v'], captureIO(dir)), /cannot read the query file/);
  assert.equal(sessions.requests.length, 0);
});

test('usage errors: no text, bad mode, text and file together', async () => {
  const cmd = queryCommand(topicSessions().open);
  for (const [argv, message] of [
    [['--vault', 'v'], /give the query text/],
    [['x', '--vault', 'v', '--mode', 'fuzzy'], /--mode must be hybrid, semantic or keyword, not 'fuzzy'/],
    [['x', '--queries', 'f', '--vault', 'v'], /not both/],
    [['x'], /--vault DIR is required/],
  ] as [string[], RegExp][]) {
    await assert.rejects(cmd.run(argv, captureIO()), (e: Error) => e instanceof UsageError && message.test(e.message));
  }
});

test('a filter that matches no note says so, instead of "No notes match" as if the query found nothing', async () => {
  const cmd = queryCommand(topicSessions().open);
  const io = captureIO();
  assert.equal(await cmd.run(['bread', '--vault', 'v', '--folder', 'Kitchen-typo', '--tag', 'cooking'], io), 0);
  assert.equal(io.out(), 'No note in the index matches --folder Kitchen-typo --tag cooking, so nothing was searched.\n');
  const json = captureIO();
  await cmd.run(['bread', '--vault', 'v', '--tag', 'nosuchtag', '--json'], json);
  assert.deepEqual(JSON.parse(json.out()), { results: [], message: 'No note in the index matches --tag nosuchtag, so nothing was searched', warnings: [] });
  // A filter that matches notes, and a query that matches none of them, is still "No notes match".
  const none = captureIO();
  await cmd.run(['zeppelin', '--vault', 'v', '--folder', 'kitchen', '--mode', 'keyword'], none);
  assert.equal(none.out(), 'No notes match "zeppelin" (keyword).\n');
});

test('a 100,000-character query is not echoed back whole', async () => {
  const io = captureIO();
  const text = 'bread '.repeat(20_000).trim();
  assert.equal(await queryCommand(topicSessions().open).run([text, '--vault', 'v', '--mode', 'keyword', '--k', '1'], io), 0);
  const header = io.out().split('\n')[0];
  assert.equal(header, `1 note for "${'bread '.repeat(10).trim()}…" (119,999 characters) (keyword):`);
  assert.ok(io.out().length < 1000);
});

test('the terminal shows passages as plain text, the query words coloured on a colour terminal', async () => {
  const plain = captureIO();
  await queryCommand(topicSessions().open).run(['redshift', '--vault', 'v', '--mode', 'keyword'], plain);
  assert.doesNotMatch(plain.out(), /==/);
  assert.match(plain.out(), /Redshift of starlight/);
  const colour = { ...captureIO(), colour: true };
  let out = '';
  colour.stdout = (t) => (out += t);
  await queryCommand(topicSessions().open).run(['redshift', '--vault', 'v', '--mode', 'keyword'], colour);
  assert.ok(out.includes('\x1b[1;33mRedshift\x1b[0m of starlight'), JSON.stringify(out));
});
