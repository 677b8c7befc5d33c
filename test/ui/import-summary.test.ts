import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClipOutcome } from '../../src/core/clip/types';
import { buildImportSummary, summariseOutcomes } from '../../src/ui/import-summary';

const outcomes: ClipOutcome[] = [
  { input: 'https://example.org/a', status: 'created', path: 'Clippings/A.md' },
  { input: 'https://example.org/b', status: 'skipped', path: 'Clippings/B | old.md' },
  { input: 'saved/c.html', status: 'failed', error: 'no article content found in saved/c.html' },
];

test('the summary line counts each outcome and leaves out zeros', () => {
  assert.equal(summariseOutcomes(outcomes), '1 created, 1 already clipped, 1 failed');
  assert.equal(summariseOutcomes([], true), 'nothing imported (cancelled)');
});

test('the summary note lists every input with its outcome; pipes in names cannot break the table', () => {
  const md = buildImportSummary('Saved', '2026-11-27 00:00:00', outcomes, false);
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Input') && !l.startsWith('| ---'));
  assert.deepEqual(rows, [
    '| https://example.org/a | created | [[Clippings/A]] |',
    '| https://example.org/b | already clipped | [[Clippings/B \\| old]] |',
    '| saved/c.html | failed: no article content found in saved/c.html |  |',
  ]);
  assert.match(md, /^# Import of Saved\n\n2026-11-27 00:00:00 — 1 created, 1 already clipped, 1 failed\.\n/);
});
