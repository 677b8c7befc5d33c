/**
 * What the keyword side's memory is: the same notes (about 950 words each, cut from the Sequences
 * as in the scale bench) in Kindred's `NoteStore` (Orama databases with packed postings and one
 * shared vocabulary) and, as the baseline in the same process, in Orama's own components (its
 * radix-tree index and document store, one database per bucket, the notes' text inserted as it
 * is), and in MiniSearch (one index, its own shared vocabulary). Heap after a full GC, the index
 * alone (what it holds once the notes' text is gone).
 *
 * `node --expose-gc --import tsx bench/keyword-heap.bench.ts [--notes N] [--buckets 1,8]` → bench/results/keyword-heap.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { create, insert, type AnyOrama } from '@orama/orama';
import MiniSearch from 'minisearch';
import { NoteStore } from '../src/core/index/note-store';
import { bucketOf } from '../src/core/index/keyword-layout';
import { tokenize } from '../src/core/index/tokenize';
import { printTable } from './print-table';
import { proseParagraphs, readEssaysOrExit } from './sequences-passages';
const WORDS_PER_NOTE = 950;

function heapMB(): number {
  global.gc?.();
  global.gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1024 / 1024;
}

function* notes(count: number, paragraphs: string[], headings: string[]): Generator<{ path: string; title: string; headings: string; text: string; meta: string }> {
  let seed = count;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  for (let i = 0; i < count; i++) {
    const heads: string[] = [];
    const parts: string[] = [];
    for (let words = 0; words < WORDS_PER_NOTE; ) {
      heads.push(headings[Math.floor(random() * headings.length)]);
      const p = paragraphs[Math.floor(random() * paragraphs.length)];
      parts.push(p);
      words += p.split(/\s+/).length;
    }
    yield { path: `Notes/f${i % 100}/note-${i}.md`, title: `Note ${i}`, headings: heads.join(' '), text: parts.join('\n\n'), meta: `t${i % 37}` };
  }
}

type Doc = { path: string; title: string; headings: string; text: string; meta: string };

/** Heap held by what `build` returns, in MB: measured with it alive, then without. */
function heldBy(build: () => unknown): number {
  const base = heapMB();
  let held: unknown = build();
  const full = heapMB();
  void held;
  held = null;
  return full - base - Math.max(0, heapMB() - base);
}

function measure(count: number, buckets: number, paragraphs: string[], headings: string[]): Record<string, number> {
  const docs = (): Generator<Doc> => notes(count, paragraphs, headings);
  let postings = 0;
  const kindred = heldBy(() => {
    const store = new NoteStore(buckets);
    for (const doc of docs()) {
      store.upsert(doc);
      postings += new Set(tokenize(doc.text)).size;
    }
    store.search('evidence', 1); // seals every bucket, as the first search does
    return store;
  });
  const orama = heldBy(() => {
    const dbs: AnyOrama[] = Array.from({ length: buckets }, () => create({ schema: { title: 'string', headings: 'string', text: 'string', meta: 'string' }, sort: { enabled: false } }) as AnyOrama);
    for (const doc of docs()) void insert(dbs[bucketOf(doc.path, buckets)], { id: doc.path, title: doc.title, headings: doc.headings, text: doc.text, meta: doc.meta });
    return dbs;
  });
  const miniSearch = heldBy(() => {
    const index = new MiniSearch<Doc>({ idField: 'path', fields: ['title', 'headings', 'text', 'meta'], tokenize: (t) => tokenize(t), processTerm: (t) => t });
    for (const doc of docs()) index.add(doc);
    return index;
  });
  return { notes: count, buckets, kindredMB: kindred, oramaMB: orama, miniSearchMB: miniSearch, bodyPostings: postings, kindredBytesPerBodyPosting: (kindred * 1024 * 1024) / postings };
}

function main(): void {
  const at = (flag: string): string | undefined => {
    const i = process.argv.indexOf(flag);
    return i === -1 ? undefined : process.argv[i + 1];
  };
  const count = Number(at('--notes') ?? 10_000);
  const counts = (at('--buckets') ?? '1,8').split(',').map(Number);
  const essays = readEssaysOrExit();
  const paragraphs = proseParagraphs(essays);
  const headings = essays.map((e) => /^#\s+(.+)$/m.exec(e)?.[1] ?? 'Section').slice(0, 300);
  const load = loadavg()[0];
  const results = counts.map((b) => measure(count, b, paragraphs, headings));
  const mb = (x: number): string => `${x.toFixed(1)} MB`;
  printTable(
    results.flatMap((r) => [
      { notes: r.notes, buckets: r.buckets, measure: 'Kindred: packed postings, one vocabulary', value: mb(r.kindredMB) },
      { notes: r.notes, buckets: r.buckets, measure: "Orama's own index and documents, same buckets", value: `${mb(r.oramaMB)} (Kindred ÷ Orama ${(r.kindredMB / r.oramaMB).toFixed(2)})` },
      { notes: r.notes, buckets: r.buckets, measure: 'MiniSearch, one index', value: `${mb(r.miniSearchMB)} (Kindred ÷ MiniSearch ${(r.kindredMB / r.miniSearchMB).toFixed(2)})` },
      { notes: r.notes, buckets: r.buckets, measure: 'body postings / Kindred bytes per body posting', value: `${r.bodyPostings} / ${r.kindredBytesPerBodyPosting.toFixed(1)}` },
    ]),
  );
  process.stdout.write(`load average ${load.toFixed(2)} at start (heap figures do not depend on it)\n`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'keyword-heap.json'), JSON.stringify({ bench: 'keyword-heap', loadAverage: load, results }, null, 2) + '\n');
}

main();
