import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestPassageFor, bestPassagePair } from '../../../src/core/rank/best-passage-pair';
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
