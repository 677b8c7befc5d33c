import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestPassageFor, bestPassagePair, passagePairSimilarity } from '../../../src/core/rank/best-passage-pair';
import { FakeEmbedder } from '../../helpers/fake-embedder';

const embedder = new FakeEmbedder(256);
const passage = (heading: string, text: string) => ({ headingPath: [heading], vector: embedder.vectorOf(text), text });

test('the pair with the highest cosine wins, whichever chunks they are', () => {
  const open = [passage('Intro', 'general remarks about reading'), passage('Optics', 'mirror lens telescope focus')];
  const other = [passage('History', 'kings queens battles'), passage('Build', 'grinding a telescope mirror lens')];
  const pair = bestPassagePair(open, other)!;
  assert.equal(pair.source.headingPath[0], 'Optics');
  assert.equal(pair.other.headingPath[0], 'Build');
  assert.ok(pair.score > 0.5);
});

test('no chunks on either side means no pair', () => {
  assert.equal(bestPassagePair([], [passage('a', 'b')]), null);
  assert.equal(bestPassagePair([passage('a', 'b')], []), null);
});

test('bestPassageFor picks the chunk nearest the query', () => {
  const chunks = [passage('Soup', 'onion carrot stock'), passage('Bread', 'flour yeast dough')];
  assert.equal(bestPassageFor(embedder.vectorOf('yeast dough'), chunks)!.chunk.headingPath[0], 'Bread');
  assert.equal(bestPassageFor(embedder.vectorOf('x'), []), null);
});

test('passagePairSimilarity: top 1 is the best pair, top 3 the mean of the three best pairs', () => {
  const open = [passage('A', 'mirror lens telescope'), passage('B', 'flour yeast')];
  const other = [passage('C', 'telescope mirror'), passage('D', 'yeast dough'), passage('E', 'kings')];
  const pairs = open.flatMap((a) => other.map((b) => bestPassagePair([a], [b])!.score)).sort((x, y) => y - x);
  assert.ok(Math.abs(passagePairSimilarity(open, other) - bestPassagePair(open, other)!.score) < 1e-9);
  assert.ok(Math.abs(passagePairSimilarity(open, other, 3) - (pairs[0] + pairs[1] + pairs[2]) / 3) < 1e-9);
  assert.equal(passagePairSimilarity([], other), 0);
});
