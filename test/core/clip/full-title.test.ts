import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fullTitle } from '../../../src/core/clip/full-title';

test('a subtitle Defuddle cut together with the site name comes back', () => {
  assert.equal(fullTitle('Friday Facts #282', 'Friday Facts #282 - 0.17 in sight | Factorio', 'Factorio.com'), 'Friday Facts #282 - 0.17 in sight');
});

test('a title Defuddle left whole, or cut only of the site name, stays as it is', () => {
  assert.equal(fullTitle('Outside the web: standalone binaries', 'Outside the web: standalone binaries · V8', 'V8'), 'Outside the web: standalone binaries');
  assert.equal(fullTitle('These Weeks in Firefox: Issue 85', 'These Weeks in Firefox: Issue 85 – Firefox Nightly News', 'Firefox Nightly News'), 'These Weeks in Firefox: Issue 85');
});

test('what follows the last separator must be the site, or nothing comes back', () => {
  assert.equal(fullTitle('Part one', 'Part one - Part two | Another thing', 'Example'), 'Part one');
  assert.equal(fullTitle('Part one', 'Part one - Part two | Example', ''), 'Part one');
});

test('a title the page repeats is not doubled, and a cut inside a word is not a subtitle', () => {
  assert.equal(fullTitle('Minecraft 1.8 - The Bountiful Update', 'Minecraft 1.8 - The Bountiful Update - Minecraft 1.8 - The Bountiful Update | Tumblr', 'Tumblr'), 'Minecraft 1.8 - The Bountiful Update');
  assert.equal(fullTitle('Friday Facts #28', 'Friday Facts #282 - 0.17 in sight | Factorio', 'Factorio'), 'Friday Facts #28');
  assert.equal(fullTitle('', 'Anything | Site', 'Site'), '');
});
