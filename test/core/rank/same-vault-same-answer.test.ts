import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KindredIndex } from '../../../src/core/index/kindred-index';
import { tokenize } from '../../../src/core/index/tokenize';
import type { FileInfo } from '../../../src/core/ports';
import { rankRelated, sourceFromIndexedNote } from '../../../src/core/rank/rank-related';
import { searchNotes } from '../../../src/core/rank/search-notes';
import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryBlobStore, MemoryVault } from '../../helpers/memory-vault';
import { ManualClock, paragraph } from '../index/index-fixture';

/**
 * USE-lite's vector for a text moves in the last bits with the other texts of its batch (measured:
 * up to 7e-8 per component, the same text alone or in a batch of 16). This stand-in does the same,
 * larger, so that any change in which passages are embedded together shows in the answers.
 */
class BatchSensitiveEmbedder extends FakeEmbedder {
  override embed(texts: string[]): Promise<Float32Array[]> {
    const batch = texts.join('\u0000');
    let seed = 0;
    for (let i = 0; i < batch.length; i++) seed = (Math.imul(seed, 31) + batch.charCodeAt(i)) | 0;
    return Promise.resolve(
      texts.map((t, row) => {
        const v = this.vectorOf(t);
        for (let i = 0; i < v.length; i++) v[i] += 1e-4 * Math.sin(seed + 7 * row + i);
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      }),
    );
  }
}

/** A vault that lists its notes in a given order, as a file system's walk may. */
class ListedInOrder extends MemoryVault {
  constructor(notes: Record<string, string>, private readonly order: string[]) {
    super(notes);
  }
  override async listMarkdown(): Promise<FileInfo[]> {
    const listed = await super.listMarkdown();
    return this.order.map((p) => listed.find((f) => f.path === p)!);
  }
}

const topics = ['river', 'bridge', 'forest', 'harbour'];
/** The notes, note i clipped at `clipped(i)`: a folder of pages clipped one after another spans a few seconds. */
function notes(clipped: (i: number) => string): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: 12 }, (_, i) => [
      `Clippings/n${String(i).padStart(2, '0')}.md`,
      `---\ntitle: "Note ${i}"\nclipped: ${clipped(i)}\nsource: "https://example.org/${i}"\n---\n# ${topics[i % 4]}\n${paragraph(topics[i % 4], 60)} ${paragraph(topics[(i + 1) % 4], 20)} ${paragraph(`own${i}x`, 30)}`,
    ]),
  );
}

/** Every related list and some searches of a vault built from scratch, every number in them. */
async function build(text: Record<string, string>, order: string[]) {
  const embedder = new BatchSensitiveEmbedder(48);
  const index = await KindredIndex.open({ vault: new ListedInOrder(text, order), store: new MemoryBlobStore(), embedder, clock: new ManualClock() }, { batchNotes: 3 });
  await index.sync();
  const readWhole = (path: string) => index.passageText({ id: '', notePath: path, headingPath: [], start: 0, end: Infinity, vector: new Float32Array() });
  const answers: unknown[] = [];
  for (const path of Object.keys(text).sort()) {
    const source = await sourceFromIndexedNote(index, path, readWhole);
    answers.push(path, (await rankRelated(index, source!, { tokenize, minScore: -1 })).results.map((r) => [r.path, r.score, r.cosine, r.passage.text]));
  }
  for (const query of ['river bridge', 'forest harbour own3x', 'a question about harbours and forests']) {
    const embedQuery = (t: string) => Promise.resolve(embedder.vectorOf(t));
    answers.push(query, (await searchNotes(index, { text: query }, { tokenize, embedQuery })).map((r) => [r.path, r.score, r.passage.text]));
  }
  await index.close();
  return answers;
}

test('the same notes give the same related lists and scores, to the last bit, whatever order the vault lists them in and whenever they were clipped', async () => {
  const paths = Object.keys(notes(() => '')).sort();
  const first = await build(notes((i) => `2026-11-27T10:31:0${i < 6 ? 5 : 6}Z`), paths);
  const shuffled = [...paths.slice(5), ...paths.slice(0, 5).reverse()];
  const second = await build(notes((i) => `2026-12-01T19:02:4${i < 3 ? 8 : 9}Z`), shuffled);
  assert.deepEqual(second, first);
});
