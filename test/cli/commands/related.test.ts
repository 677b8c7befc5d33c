import { test } from 'node:test';
import assert from 'node:assert/strict';
import { relatedCommand } from '../../../src/cli/commands/related';
import { InputError, UsageError } from '../../../src/cli/command';
import { captureIO } from '../../helpers/cli-io';
import { topicSessions } from '../ranking-session-fixture';

test('kindred related <note> --json: results with passages, the note itself absent, links marked', async () => {
  const sessions = topicSessions();
  const io = captureIO('/home/me');
  const code = await relatedCommand(sessions.open).run(['space/telescopes.md', '--vault', 'vault', '--json', '--min-score', '-1'], io);
  assert.equal(code, 0, io.err());
  const { results } = JSON.parse(io.out()) as { results: Record<string, unknown>[] };
  assert.equal(results.length, 6);
  assert.ok(!results.some((r) => r.path === 'space/telescopes.md'));
  const galaxies = results.find((r) => r.path === 'space/galaxies.md')!;
  assert.equal(galaxies.linked, true);
  assert.deepEqual(Object.keys(galaxies).sort(), ['linked', 'otherPassage', 'passage', 'path', 'score', 'title']);
  assert.equal(results.filter((r) => 'linked' in r).length, 1, 'linked appears only when true');
  assert.equal(sessions.closed(), 1);
});

test('a path under the vault folder, or without .md, names the same note; --k limits', async () => {
  const sessions = topicSessions();
  const io = captureIO('/home/me');
  assert.equal(await relatedCommand(sessions.open).run(['vault/kitchen/bread', '--vault', 'vault', '--k', '2', '--min-score', '0'], io), 0, io.err());
  assert.match(io.out(), /^Related to kitchen\/bread\.md \(2 notes, minimum similarity 0\):\n {2}1\. -?\d\.\d{3} \(similarity -?\d\.\d{3}\) /);
  assert.match(io.out(), /1\. .*pizza/);
  assert.match(io.out(), /there: Pizza: /);
  assert.match(io.out(), /here: {2}Bread/);
});

test('nothing above the minimum similarity is said plainly, in text and JSON', async () => {
  const sessions = topicSessions();
  const io = captureIO();
  await relatedCommand(sessions.open).run(['garden/roses.md', '--vault', 'v', '--min-score', '0.99'], io);
  assert.match(io.out(), /nothing above the minimum similarity 0\.99 \(\d+ notes scored lower; lower it with --min-score\)/);
  const json = captureIO();
  await relatedCommand(sessions.open).run(['garden/roses.md', '--vault', 'v', '--min-score', '0.99', '--json'], json);
  assert.deepEqual(Object.keys(JSON.parse(json.out()) as object), ['results', 'message', 'warnings']);
});

test('--text finds notes related to a passage that is in no note', async () => {
  const sessions = topicSessions();
  const io = captureIO();
  await relatedCommand(sessions.open).run(['--text', 'yeast flour dough', '--vault', 'v', '--json', '--k', '1', '--min-score', '0'], io);
  const { results } = JSON.parse(io.out()) as { results: { path: string; otherPassage: { text: string } }[] };
  assert.equal(results[0].path, 'kitchen/bread.md');
  assert.equal(results[0].otherPassage.text, 'yeast flour dough');
});

test('a note that is not in the vault is a clear error before the model loads; the session is closed', async () => {
  const sessions = topicSessions();
  await assert.rejects(
    relatedCommand(sessions.open).run(['space/nothing.md', '--vault', 'v'], captureIO()),
    (e: Error) => e instanceof InputError && /no note "space\/nothing\.md" in the vault v/.test(e.message),
  );
  assert.deepEqual(sessions.events, ['open', 'close'], 'the model was never asked for');
});

test('usage errors: no vault, no note, both note and text, bad numbers, unknown flags', async () => {
  const cmd = relatedCommand(topicSessions().open);
  const cases: [string[], RegExp][] = [
    [['a.md'], /--vault DIR is required/],
    [['--vault', 'v'], /give a note or --text/],
    [['a.md', '--text', 'x', '--vault', 'v'], /not both/],
    [['a.md', '--vault', 'v', '--k', '0'], /--k must be a whole number, 1 or more/],
    [['a.md', '--vault', 'v', '--min-score', '2'], /--min-score must be a number from -1 to 1/],
    [['a.md', '--vault', 'v', '--kk', '3'], /unknown option --kk/],
    [['a.md', '../outside.md', '--vault', 'v'], /give one note, not 2/],
  ];
  for (const [argv, message] of cases) {
    await assert.rejects(cmd.run(argv, captureIO()), (e: Error) => e instanceof UsageError && message.test(e.message), argv.join(' '));
  }
  await assert.rejects(cmd.run(['../outside.md', '--vault', 'v'], captureIO()), /not inside the vault/);
});

test('without the model, related says why instead of guessing', async () => {
  const sessions = topicSessions({ withoutModel: true });
  await assert.rejects(
    relatedCommand(sessions.open).run(['kitchen/bread.md', '--vault', 'v'], captureIO()),
    /related notes need the embedding model: model\.json is missing/,
  );
});

test('a note is found by its name; a name several notes share lists them', async () => {
  const sessions = topicSessions();
  const io = captureIO();
  assert.equal(await relatedCommand(sessions.open).run(['Bread', '--vault', 'v', '--k', '1', '--min-score', '0'], io), 0, io.err());
  assert.match(io.out(), /^Related to kitchen\/bread\.md \(1 note, minimum similarity 0\):/);
  const twins = topicSessions({ moreNotes: [{ path: 'old/bread.md' }] });
  await assert.rejects(relatedCommand(twins.open).run(['bread', '--vault', 'v'], captureIO()), /"bread" names 2 notes; give one of their paths:\n {2}kitchen\/bread\.md\n {2}old\/bread\.md/);
  assert.deepEqual(twins.events, ['open', 'close'], 'listed before the model loads');
});

test('the terminal shows passages as plain text; --json keeps the markdown and lists the warnings', async () => {
  const sessions = topicSessions({ warnings: ['The index manifest is damaged (bad checksum); the index will be rebuilt.'] });
  const io = captureIO();
  await relatedCommand(sessions.open).run(['space/telescopes.md', '--vault', 'v', '--min-score', '-1'], io);
  assert.doesNotMatch(io.out(), /\[\[|\]\]/, 'no raw wiki links in the terminal');
  assert.match(io.out(), /here: {2}Telescopes > Mirrors: .*See Galaxies\./);
  assert.equal(io.err(), 'warning: The index manifest is damaged (bad checksum); the index will be rebuilt.\n');
  const json = captureIO();
  await relatedCommand(sessions.open).run(['space/telescopes.md', '--vault', 'v', '--min-score', '-1', '--json'], json);
  const answer = JSON.parse(json.out()) as { results: { otherPassage?: { text: string } }[]; warnings: string[] };
  assert.ok(answer.results.some((r) => r.otherPassage?.text.includes('[[Galaxies]]')));
  assert.deepEqual(answer.warnings, ['The index manifest is damaged (bad checksum); the index will be rebuilt.']);
  assert.equal(json.err(), '', 'in JSON mode the warnings are in the JSON, not on stderr');
});
