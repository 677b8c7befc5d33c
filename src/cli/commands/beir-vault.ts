import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  beirNotePaths,
  beirNoteText,
  parseBeirCorpus,
  parseBeirQrels,
  parseBeirQueries,
  type BeirDocument,
  type BeirQrels,
  type BeirQuery,
} from '../../core/eval/beir-collection';

/** A BEIR collection read from its folder. */
export interface BeirCollection {
  name: string;
  documents: BeirDocument[];
  queries: BeirQuery[];
  qrels: BeirQrels;
  /** SHA-256 of the corpus file's bytes: the vault is written again only when it changes. */
  corpusHash: string;
}

/** The vault a collection was written into: document id ↔ note path. */
export interface BeirVault {
  folder: string;
  pathOf: Map<string, string>;
  idOf: Map<string, string>;
  /** False when the notes were already there from an earlier run. */
  written: boolean;
}

const MANIFEST = '.kindred-beir.json';

async function readMaybeGzip(dir: string, names: string[]): Promise<{ name: string; text: string } | null> {
  for (const name of names) {
    for (const file of [name, `${name}.gz`]) {
      const bytes = await fs.readFile(join(dir, file)).catch(() => null);
      if (!bytes) continue;
      return { name: file, text: (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8') };
    }
  }
  return null;
}

/**
 * Reads `corpus.jsonl[.gz]`, `queries.jsonl[.gz]` and the qrels (`qrels.tsv`, or BEIR's own
 * layout `qrels/test.tsv`, then `qrels/dev.tsv`) from `dir`.
 */
export async function readBeirCollection(dir: string): Promise<BeirCollection> {
  const info = await fs.stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`no BEIR collection folder at ${dir}`);
  const corpus = await readMaybeGzip(dir, ['corpus.jsonl']);
  const queries = await readMaybeGzip(dir, ['queries.jsonl']);
  const qrels = await readMaybeGzip(dir, ['qrels.tsv', 'qrels/test.tsv', 'qrels/dev.tsv']);
  const missing = [corpus ? '' : 'corpus.jsonl[.gz]', queries ? '' : 'queries.jsonl[.gz]', qrels ? '' : 'qrels.tsv (or qrels/test.tsv)'].filter(Boolean);
  if (missing.length > 0) throw new Error(`${dir} is not a BEIR collection: it lacks ${missing.join(', ')}`);
  return {
    name: basename(resolve(dir)),
    documents: parseBeirCorpus(corpus!.text, corpus!.name),
    queries: parseBeirQueries(queries!.text, queries!.name),
    qrels: parseBeirQrels(qrels!.text, qrels!.name),
    corpusHash: createHash('sha256').update(corpus!.text).digest('hex'),
  };
}

/**
 * Writes the corpus into `folder` as a vault, one note per document (see `beirNotePaths`), once:
 * a folder already holding this corpus (same hash in its manifest) is left as it is, so its index
 * is reused. Refuses a non-empty folder that it did not write.
 */
export async function writeBeirVault(collection: BeirCollection, folder: string): Promise<BeirVault> {
  const paths = beirNotePaths(collection.documents);
  const pathOf = new Map(collection.documents.map((d, i) => [d.id, paths[i]]));
  const idOf = new Map(collection.documents.map((d, i) => [paths[i], d.id]));
  const manifestFile = join(folder, MANIFEST);
  const existing = await fs.readFile(manifestFile, 'utf8').catch(() => null);
  if (existing !== null) {
    let saved: { corpusHash?: unknown } = {};
    try {
      saved = JSON.parse(existing) as { corpusHash?: unknown };
    } catch {
      // A damaged manifest: the notes are written again below.
    }
    if (saved.corpusHash === collection.corpusHash) return { folder, pathOf, idOf, written: false };
  } else {
    const entries = await fs.readdir(folder).catch(() => [] as string[]);
    if (entries.length > 0) throw new Error(`${folder} is not empty and holds no BEIR collection written by kindred; give another --vault folder`);
  }
  await fs.rm(join(folder, 'documents'), { recursive: true, force: true });
  await fs.mkdir(join(folder, 'documents'), { recursive: true });
  // A vault is a folder with Obsidian's configuration folder; the index lives under it.
  await fs.mkdir(join(folder, '.obsidian'), { recursive: true });
  for (const [i, doc] of collection.documents.entries()) await fs.writeFile(join(folder, paths[i]), beirNoteText(doc));
  const ids = Object.fromEntries(collection.documents.map((d, i) => [paths[i], d.id]));
  await fs.writeFile(manifestFile, JSON.stringify({ collection: collection.name, corpusHash: collection.corpusHash, ids }, null, 1) + '\n');
  return { folder, pathOf, idOf, written: true };
}
