import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateRankings } from '../../../src/core/eval/evaluate-rankings';
import { linkGraphCases, topResultSameGroupRate } from '../../../src/core/eval/link-graph-cases';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { MemoryIndexReader } from '../../helpers/memory-index-reader';
import { FakeEmbedder } from '../../helpers/fake-embedder';

async function linkedVault() {
  return MemoryIndexReader.build(
    [
      { path: 'bread.md', text: '# Bread\nflour yeast dough oven. See [[Pizza]] and [[bread]] and [[Nowhere]].' },
      { path: 'pizza.md', text: '# Pizza\ndough oven tomato cheese. See [[Bread]].' },
      { path: 'stars.md', text: '# Stars\ntelescope galaxy redshift. See [[Planets]].' },
      { path: 'planets.md', text: '# Planets\ntelescope saturn rings orbit' },
      { path: 'draft.md', text: '# Draft\nSee [[Stars]].', unembedded: true },
    ],
    new FakeEmbedder(256),
  );
}

test('link-graph cases: embedded notes with links to other embedded notes, self-links dropped', async () => {
  const reader = await linkedVault();
  const cases = linkGraphCases(reader);
  assert.deepEqual(cases.map((c) => [c.id, [...c.relevant]]), [
    ['bread.md', ['pizza.md']],
    ['pizza.md', ['bread.md']],
    ['stars.md', ['planets.md']],
  ]);
});

test('evaluateRankings averages recall and nDCG per ranker: a perfect ranker scores 1, a wrong one 0', async () => {
  const reader = await linkedVault();
  const cases = linkGraphCases(reader);
  const scores = await evaluateRankings(cases, {
    perfect: (c) => Promise.resolve([...c.relevant]),
    wrong: () => Promise.resolve(['draft.md']),
    related: async (c) => {
      const source = (await sourceFromIndexedNote(reader, c.path, (p) => reader.text(p)))!;
      const { results } = await rankRelated(reader, source, { strategy: 'vector', minScore: -1, withoutPassages: true });
      return results.map((r) => r.path);
    },
  });
  const byName = Object.fromEntries(scores.map((s) => [s.name, s]));
  assert.equal(byName.perfect.ndcgAt10, 1);
  assert.equal(byName.perfect.recallAt10, 1);
  assert.equal(byName.wrong.recallAt20, 0);
  assert.equal(byName.related.cases, 3);
  assert.equal(byName.related.recallAt10, 1, 'in a 4-note vault every linked note is in the top 10');
  assert.ok(byName.related.ndcgAt10 > 0.6);
});

test('same-group rate counts notes whose top result shares their group; notes without a group are skipped', () => {
  const group: Record<string, string> = { a: 's1', b: 's1', c: 's2', d: 's2' };
  const tops = new Map<string, string | undefined>([
    ['a', 'b'],
    ['c', 'a'],
    ['d', undefined],
    ['z', 'a'],
  ]);
  assert.deepEqual(topResultSameGroupRate(tops, (p) => group[p]), { rate: 1 / 3, cases: 3 });
  assert.equal(topResultSameGroupRate(new Map([['z', 'a']]), () => undefined), null);
});
