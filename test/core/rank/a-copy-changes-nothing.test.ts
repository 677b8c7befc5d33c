import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { tokenize } from '../../../src/core/index/tokenize';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { searchNotes } from '../../../src/core/rank/search-notes';
import { sequencesNotes } from '../../browser/harness/sequences-vault';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { ManualClock } from '../index/index-fixture';

/**
 * A vault holds outliers: a post clipped twice, a note that quotes another, a query pasted from a
 * note. Such a hit stands far above the rest of its list, and if it set the list's scale the
 * other notes' scores would be squashed together and the other list would decide alone. These
 * tests put a copy of one essay into Books I and II of the Sequences and check that, in the two
 * fused rankings, the other notes keep their order; each also checks that, with the dominant hit
 * allowed to set the scale (`dominantGap: null`), the order does change, so the copy is a real
 * test of the fusion. (Keyword or semantic search alone has no scale to set; BM25's statistics
 * still move with one more note holding the essay's words.)
 */

const notes = { ...sequencesNotes(), ...sequencesNotes('book-ii-how-to-actually-change-your-mind') };
const ESSAY = Object.keys(notes).find((p) => p.includes('making-beliefs-pay-rent'))!;
const COPY = ESSAY.replace(/\.md$/, ' (clipped again).md');
const embedder = new FakeEmbedder(64);

async function open(text: Record<string, string>): Promise<KindredIndex> {
  const index = await KindredIndex.open({ vault: new MemoryVault(text), store: new MemoryBlobStore(), embedder, clock: new ManualClock() });
  await index.sync();
  return index;
}

let without: KindredIndex;
let withCopy: KindredIndex;
before(async () => {
  [without, withCopy] = await Promise.all([open(notes), open({ ...notes, [COPY]: notes[ESSAY] })]);
});

/** The paths and scores of a ranking, without the essay and its copy. */
type Ranked = Array<{ path: string; score: number }>;
const others = (ranked: Ranked): Ranked => ranked.filter((r) => r.path !== ESSAY && r.path !== COPY);

/**
 * How `after` departs from `before`'s first eight, or '' when it keeps them: the same eight come
 * first, each within one place of where it was. The copy's words are in one more note and its
 * vector moves the vault's mean, so BM25's idf and the centred cosine move a little; that may
 * swap two neighbours that nearly tie, where a scale set by a dominant hit reorders the list.
 */
function departure(before: Ranked, after: Ranked): string {
  const first = others(before).slice(0, 8).map((r) => r.path);
  const order = others(after).map((r) => r.path);
  for (const [i, path] of first.entries()) {
    const now = order.indexOf(path);
    if (now === -1 || now >= 10) return `${path} left the first ten`;
    if (Math.abs(now - i) > 1) return `${path} moved from ${i + 1} to ${now + 1}`;
  }
  return '';
}

/** A paragraph of the essay, pasted as a query: the essay (and its copy) match it best by far. */
const pasted = notes[ESSAY].split('\n\n').find((p) => p.split(' ').length > 60 && !p.startsWith('#'))!;

test('hybrid search: a copy of the note a query was pasted from leaves the other notes in their order', async () => {
  const embedQuery = (t: string) => Promise.resolve(embedder.vectorOf(t));
  const search = async (index: KindredIndex, dominantGap?: null): Promise<Ranked> =>
    searchNotes(index, { text: pasted, mode: 'hybrid', k: 12 }, { tokenize, embedQuery, dominantGap, withoutPassages: true });
  const before = await search(without);
  assert.equal(departure(before, await search(withCopy)), '');
  assert.notEqual(departure(before, await search(withCopy, null)), '', 'scaled by the copy, the order changes');
});

test('related notes: a copy of the note comes first and leaves the others in their order', async () => {
  const related = async (index: KindredIndex, dominantGap?: null): Promise<Ranked> => {
    const readWhole = (path: string) => index.passageText({ id: '', notePath: path, headingPath: [], start: 0, end: Infinity, vector: new Float32Array() });
    const source = await sourceFromIndexedNote(index, ESSAY, readWhole);
    return (await rankRelated(index, source!, { tokenize, minScore: -1, k: 11, dominantGap, withoutPassages: true })).results;
  };
  const before = await related(without);
  const after = await related(withCopy);
  assert.equal(after[0].path, COPY, 'the copy is the most related note');
  assert.equal(departure(before, after), '');
  assert.notEqual(departure(before, await related(withCopy, null)), '', 'scaled by the copy, the order changes');
});
