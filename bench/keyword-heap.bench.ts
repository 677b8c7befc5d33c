/**
 * What a keyword bucket's memory is made of, to know what one shared vocabulary could save: the
 * same notes (about 950 words each, cut from the Sequences as in the scale bench) put in a
 * `NoteStore` of 1 and of 8 buckets, then taken apart piece by piece with the heap measured after
 * each (after a full GC): the postings (each radix node's set of note ids), the radix trees
 * themselves (nodes, their words and child maps: the vocabulary), Orama's per-term counts
 * (`tokenOccurrences`, a second copy of the vocabulary as object keys), and the rest (document
 * store, `TermCounts`, ids, field lengths). Also how many words each bucket's trees hold against
 * the vault's distinct words: how many copies of the vocabulary the buckets keep.
 *
 * `node --expose-gc --import tsx bench/keyword-heap.bench.ts [--notes N] [--buckets 1,8]` → bench/results/keyword-heap.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { AnyOrama } from '@orama/orama';
import { NoteStore } from '../src/core/index/note-store';
import { indexOf, type RadixNode } from '../src/core/index/orama-internals';
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

function nodesOf(root: RadixNode): RadixNode[] {
  const out: RadixNode[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    out.push(n);
    for (const c of n.c.values()) stack.push(c);
  }
  return out;
}

function measure(count: number, buckets: number, paragraphs: string[], headings: string[]): Record<string, number> {
  const base = heapMB();
  let store: NoteStore | null = new NoteStore(buckets);
  for (const doc of notes(count, paragraphs, headings)) store.upsert(doc);
  // Orama's databases, read before the store is dropped; emptied below (nothing then holds the rest).
  const dbs = [...(store as unknown as { buckets: AnyOrama[] }).buckets];
  const vault = new Set<string>();
  let wordsInBuckets = 0;
  let nodes = 0;
  let postings = 0;
  for (const db of dbs) {
    for (const [prop, tree] of Object.entries(indexOf(db).indexes)) {
      if (tree.type !== 'Radix') continue;
      for (const n of nodesOf(tree.node)) {
        nodes++;
        postings += n.d.size;
        if (n.e) {
          wordsInBuckets++;
          vault.add(`${prop} ${n.w}`);
        }
      }
    }
  }
  const full = heapMB() - base;
  const empty = new Set<number>();
  for (const db of dbs) for (const tree of Object.values(indexOf(db).indexes)) if (tree.type === 'Radix') for (const n of nodesOf(tree.node)) n.d = empty;
  const withoutPostings = heapMB() - base;
  for (const db of dbs) {
    for (const tree of Object.values(indexOf(db).indexes)) {
      if (tree.type === 'Radix') (tree as { node: RadixNode }).node = emptyLike(tree.node);
    }
  }
  const withoutTrees = heapMB() - base;
  for (const db of dbs) {
    const index = indexOf(db);
    for (const prop of Object.keys(index.tokenOccurrences)) index.tokenOccurrences[prop] = {};
  }
  const withoutOccurrences = heapMB() - base;
  store = null;
  dbs.length = 0;
  const nothing = heapMB() - base;
  return {
    notes: count,
    buckets,
    heapMB: full - nothing,
    postingsMB: full - withoutPostings,
    treesMB: withoutPostings - withoutTrees,
    tokenOccurrencesMB: withoutTrees - withoutOccurrences,
    restMB: withoutOccurrences - nothing,
    radixNodes: nodes,
    postingEntries: postings,
    wordsInBuckets,
    distinctWords: vault.size,
    vocabularyCopies: wordsInBuckets / vault.size,
  };
}

/** A fresh empty node of the tree's own class, so Orama's index stays well formed. */
function emptyLike(root: RadixNode): RadixNode {
  const Node = root.constructor as new (key: string, subWord: string, end: boolean) => RadixNode;
  return new Node('', '', false);
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
      { notes: r.notes, buckets: r.buckets, measure: 'keyword side, heap', value: mb(r.heapMB) },
      { notes: r.notes, buckets: r.buckets, measure: '  postings (note ids in the radix nodes)', value: mb(r.postingsMB) },
      { notes: r.notes, buckets: r.buckets, measure: '  radix trees without postings (the vocabulary)', value: mb(r.treesMB) },
      { notes: r.notes, buckets: r.buckets, measure: "  Orama's tokenOccurrences (the vocabulary again)", value: mb(r.tokenOccurrencesMB) },
      { notes: r.notes, buckets: r.buckets, measure: '  the rest (documents, term counts, ids, lengths)', value: mb(r.restMB) },
      { notes: r.notes, buckets: r.buckets, measure: 'radix nodes / posting entries', value: `${r.radixNodes} / ${r.postingEntries}` },
      { notes: r.notes, buckets: r.buckets, measure: 'words in the buckets / distinct in the vault (by field)', value: `${r.wordsInBuckets} / ${r.distinctWords} (${r.vocabularyCopies.toFixed(2)} copies)` },
    ]),
  );
  process.stdout.write(`load average ${load.toFixed(2)} at start (heap figures do not depend on it)\n`);
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results', 'keyword-heap.json'), JSON.stringify({ bench: 'keyword-heap', loadAverage: load, results }, null, 2) + '\n');
}

main();
