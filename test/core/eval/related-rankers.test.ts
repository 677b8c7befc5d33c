import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linkGraphCases } from '../../../src/core/eval/link-graph-cases';
import { relatedRanker, withoutWikiLinks } from '../../../src/core/eval/related-rankers';
import { RELATED_SWEEP } from '../../../src/cli/commands/eval-sweeps';
import { MemoryIndexReader, simpleTokenize } from '../../helpers/memory-index-reader';
import { FakeEmbedder } from '../../helpers/fake-embedder';

test('withoutWikiLinks removes every wiki link, shown text and embeds included', () => {
  assert.equal(withoutWikiLinks('a [[b|c d]] e ![[f]] [[g]] h').replace(/\s+/g, ' '), 'a e h');
  assert.equal(withoutWikiLinks('no links [here](x.md)'), 'no links [here](x.md)');
});

async function vault() {
  return MemoryIndexReader.build(
    [
      // The only thing "alpha" shares with "omega" is the link's own text.
      { path: 'alpha.md', text: '# Alpha\nflour yeast dough. See [[omega]].' },
      { path: 'omega.md', text: '# Omega\ntelescope mirror lens' },
      { path: 'bread.md', text: '# Bread\nflour yeast dough oven' },
      { path: 'stars.md', text: '# Stars\ntelescope galaxy redshift' },
    ],
    new FakeEmbedder(256),
  );
}

test('the no-link-text control hides the link from the keyword side: the linked note drops out', async () => {
  const reader = await vault();
  const context = { reader, tokenize: simpleTokenize, readText: (p: string) => reader.text(p) };
  const [alpha] = linkGraphCases(reader);
  assert.equal(alpha.id, 'alpha.md');
  const withLink = await relatedRanker(context, { strategy: 'keyword' })(alpha);
  const withoutLink = await relatedRanker(context, { strategy: 'keyword', withoutLinkText: true })(alpha);
  assert.ok(withLink.includes('omega.md'), 'the shown link text "omega" matches the omega note');
  assert.ok(!withoutLink.includes('omega.md'));
  assert.equal(withoutLink[0], 'bread.md');
});

test('every sweep variant runs and ranks without the note itself', async () => {
  const reader = await vault();
  const context = { reader, tokenize: simpleTokenize, readText: (p: string) => reader.text(p) };
  const [alpha] = linkGraphCases(reader);
  assert.ok(Object.keys(RELATED_SWEEP).length >= 20);
  for (const [name, variant] of Object.entries(RELATED_SWEEP)) {
    const ranked = await relatedRanker(context, variant)(alpha);
    assert.ok(ranked.length > 0 && !ranked.includes('alpha.md'), name);
  }
});
