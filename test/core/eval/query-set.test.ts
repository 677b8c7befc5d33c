import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import {
  normaliseSlug,
  parseQueryLines,
  QueryFileError,
  resolveQueryCases,
} from '../../../src/core/eval/query-set';

test('query lines parse; blank lines are skipped', () => {
  const lines = parseQueryLines('{"id":"q1","text":"why do groups fail to help?","relevant":["Bystander-Apathy"]}\n\n{"id":"q2","text":"x"}\n');
  assert.deepEqual(lines.map((l) => l.id), ['q1', 'q2']);
  assert.deepEqual(lines[0].relevant, ['Bystander-Apathy']);
});

test('a bad query file names the line and what is wrong', () => {
  assert.throws(() => parseQueryLines('{"id":"a","text":"t"}\nnot json'), /line 2 is not valid JSON/);
  assert.throws(() => parseQueryLines('{"id":"a"}'), /line 1 needs a string "id" and a non-empty string "text"/);
  assert.throws(() => parseQueryLines('{"id":"a","text":" "}'), QueryFileError);
  assert.throws(() => parseQueryLines('{"id":"a","text":"t"}\n{"id":"a","text":"u"}'), /line 2 repeats the id "a"/);
  assert.throws(() => parseQueryLines('{"id":"a","text":"t","relevant":"x"}'), /must be a list of strings/);
});

test('slugs compare lower-cased without punctuation, as the Sequences links need', () => {
  assert.equal(normaliseSlug('Why-Our-Kind-Cant-Cooperate'), normaliseSlug('whyourkindcantcooperate'));
  const cases = resolveQueryCases(
    [
      { id: 'q', text: 't', relevant: ['Bystander-Apathy'] },
      { id: 'unjudged', text: 'u' },
    ],
    ['essays/bystander-apathy.md', 'essays/other.md'],
  );
  assert.deepEqual(cases.map((c) => [c.id, [...c.relevant]]), [['q', ['essays/bystander-apathy.md']]]);
  assert.throws(
    () => resolveQueryCases([{ id: 'q', text: 't', relevant: ['No-Such-Essay'] }], ['a.md']),
    /query "q": no note matches "No-Such-Essay"/,
  );
});

// The shipped query set must point at real essays: a typo would silently lower every score.
const essays = '../shared/corpora/sequences/content/essays';
test('every relevant slug in eval/queries.jsonl names a Sequences essay', { skip: !existsSync(essays) && process.env.CI !== 'true' ? `${essays} is missing` : false }, () => {
  const lines = parseQueryLines(readFileSync('eval/queries.jsonl', 'utf8'));
  assert.ok(lines.length >= 30, `${lines.length} queries`);
  const cases = resolveQueryCases(lines, readdirSync(essays));
  assert.equal(cases.length, lines.length, 'every query has relevant essays');
});
