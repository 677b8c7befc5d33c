import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hasFilter, matchesFilter, normaliseFolder } from '../../../src/core/rank/note-filter';
import { topicReader } from './fixtures';

test('folder filters include subfolders and forgive slashes', async () => {
  const reader = await topicReader();
  const galaxies = reader.getNote('space/galaxies.md')!;
  assert.ok(matchesFilter(galaxies, { folder: 'space' }));
  assert.ok(matchesFilter(galaxies, { folder: '/space/' }));
  assert.ok(!matchesFilter(galaxies, { folder: 'spa' }), 'a folder is not a name prefix');
  assert.equal(normaliseFolder('./Clippings/'), 'Clippings');
});

test('tags match with or without #, any case, and nested tags under their parent', async () => {
  const reader = await topicReader();
  const galaxies = reader.getNote('space/galaxies.md')!;
  assert.ok(matchesFilter(galaxies, { tag: '#Astronomy' }));
  assert.ok(matchesFilter(galaxies, { tag: 'astronomy/deep-sky' }));
  assert.ok(!matchesFilter(galaxies, { tag: 'astro' }));
});

test('site and author come from front matter; an author list matches any of its names', async () => {
  const reader = await topicReader();
  const galaxies = reader.getNote('space/galaxies.md')!;
  assert.ok(matchesFilter(galaxies, { author: 'grace' }));
  assert.ok(matchesFilter(galaxies, { site: 'Example.org', author: 'Ada' }));
  assert.ok(!matchesFilter(galaxies, { site: 'food.example' }));
  assert.ok(!matchesFilter(reader.getNote('space/planets.md')!, { author: 'Ada' }), 'no front matter, no match');
  assert.ok(!hasFilter({}) && hasFilter({ tag: 'x' }));
});
