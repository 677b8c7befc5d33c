import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MapNode } from '../../../src/core/map/map-types';
import { noteDate, splitByTime } from '../../../src/core/map/time-split';

const CREATED = Date.UTC(2024, 4, 1);

test('a date from `published` in the forms clipped notes carry, else the creation time', () => {
  assert.deepEqual(noteDate({ published: '2008-03-14' }, CREATED), { date: Date.UTC(2008, 2, 14), from: 'published' });
  assert.deepEqual(noteDate({ published: '2008-03-14T10:30:00Z' }, CREATED), { date: Date.UTC(2008, 2, 14, 10, 30), from: 'published' });
  assert.deepEqual(noteDate({ published: '2008-03' }, CREATED), { date: Date.UTC(2008, 2, 1), from: 'published' });
  assert.deepEqual(noteDate({ published: 2008 }, CREATED), { date: Date.UTC(2008, 0, 1), from: 'published' });
  assert.deepEqual(noteDate({ published: '2008' }, CREATED), { date: Date.UTC(2008, 0, 1), from: 'published' });
  assert.deepEqual(noteDate({ published: new Date(Date.UTC(2009, 1, 2)) }, CREATED), { date: Date.UTC(2009, 1, 2), from: 'published' });
  // What is not a date a person wrote year first falls back to the file's creation time.
  for (const published of ['03/04/2008', 'last spring', '', null, 12, ['2008-01-01']]) {
    assert.deepEqual(noteDate({ published }, CREATED), { date: CREATED, from: 'created' }, String(published));
  }
  assert.deepEqual(noteDate({}, null), { date: null, from: null });
  assert.deepEqual(noteDate({}, 0), { date: null, from: null });
});

function node(path: string, rank: number, date: number | null): MapNode {
  return {
    path, title: path, rank, score: rank === 0 ? null : 1 - rank / 10, folder: '', tags: [], site: null,
    date, dateFrom: date === null ? null : 'published', bytes: 100, backlinks: 0, cluster: null, linkedFromCentre: false,
  };
}

test('before and after the centre, each in rank order; undated notes in neither', () => {
  const y = (year: number) => Date.UTC(year, 0, 1);
  const split = splitByTime([
    node('centre', 0, y(2010)),
    node('later-a', 1, y(2015)),
    node('earlier-a', 2, y(2001)),
    node('undated', 3, null),
    node('earlier-b', 4, y(2009)),
    node('same-day', 5, y(2010)),
    node('later-b', 6, y(2011)),
  ]);
  assert.deepEqual(split, {
    centreDate: y(2010),
    centreDateFrom: 'published',
    before: ['earlier-a', 'earlier-b'],
    after: ['later-a', 'later-b'],
    unplaced: ['undated', 'same-day'],
  });
});

test('a centre without a date: no before, no after', () => {
  const split = splitByTime([node('centre', 0, null), node('a', 1, Date.UTC(2001, 0, 1)), node('b', 2, null)]);
  assert.deepEqual(split, { centreDate: null, centreDateFrom: null, before: [], after: [], unplaced: ['a', 'b'] });
});

test('the lists follow rank, not the order the nodes come in', () => {
  const y = (year: number) => Date.UTC(year, 0, 1);
  const split = splitByTime([node('centre', 0, y(2010)), node('c', 3, y(2000)), node('a', 1, y(2001)), node('b', 2, y(2020))]);
  assert.deepEqual([split.before, split.after], [['a', 'c'], ['b']]);
});
