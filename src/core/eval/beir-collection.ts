/**
 * A retrieval collection in BEIR's format (Thakur et al. 2021): `corpus.jsonl` lines
 * `{"_id","title","text"}`, `queries.jsonl` lines `{"_id","text"}`, and a qrels TSV with the
 * header `query-id corpus-id score`. `kindred eval --beir` writes the corpus into a vault (one
 * note per document) and scores Kindred's rankings against the judgements.
 */

export interface BeirDocument {
  id: string;
  title: string;
  text: string;
}

export interface BeirQuery {
  id: string;
  text: string;
}

/** Judgements: query id → (document id → grade, above 0). */
export type BeirQrels = Map<string, Map<string, number>>;

/** A problem with a collection file, naming the file and line so a person can fix it. */
export class BeirFormatError extends Error {
  constructor(file: string, line: number | null, problem: string) {
    super(line === null ? `${file}: ${problem}` : `${file}, line ${line}: ${problem}`);
    this.name = 'BeirFormatError';
  }
}

function jsonLines(source: string, file: string, each: (value: Record<string, unknown>, line: number) => void): void {
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new BeirFormatError(file, i + 1, 'not valid JSON');
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new BeirFormatError(file, i + 1, 'not a JSON object');
    each(value as Record<string, unknown>, i + 1);
  }
}

function idOf(value: Record<string, unknown>, file: string, line: number): string {
  const id = value._id;
  if (typeof id === 'string' && id.trim() !== '') return id;
  if (typeof id === 'number') return String(id);
  throw new BeirFormatError(file, line, 'needs an "_id"');
}

/** The documents of `corpus.jsonl`; ids must be unique. */
export function parseBeirCorpus(source: string, file = 'corpus.jsonl'): BeirDocument[] {
  const out: BeirDocument[] = [];
  const seen = new Set<string>();
  jsonLines(source, file, (value, line) => {
    const id = idOf(value, file, line);
    if (seen.has(id)) throw new BeirFormatError(file, line, `repeats the id "${id}"`);
    seen.add(id);
    const title = typeof value.title === 'string' ? value.title : '';
    const text = typeof value.text === 'string' ? value.text : '';
    out.push({ id, title, text });
  });
  if (out.length === 0) throw new BeirFormatError(file, null, 'holds no documents');
  return out;
}

/** The queries of `queries.jsonl`. */
export function parseBeirQueries(source: string, file = 'queries.jsonl'): BeirQuery[] {
  const out: BeirQuery[] = [];
  jsonLines(source, file, (value, line) => {
    const id = idOf(value, file, line);
    if (typeof value.text !== 'string' || value.text.trim() === '') throw new BeirFormatError(file, line, 'needs a non-empty "text"');
    out.push({ id, text: value.text });
  });
  return out;
}

/** A qrels TSV: `query-id corpus-id score`, a header line optional; grades of 0 or less are not relevant. */
export function parseBeirQrels(source: string, file = 'qrels.tsv'): BeirQrels {
  const qrels: BeirQrels = new Map();
  const lines = source.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const fields = line.split('\t');
    if (i === 0 && fields[0] === 'query-id') continue;
    if (fields.length < 3) throw new BeirFormatError(file, i + 1, 'needs three tab-separated fields: query-id, corpus-id, score');
    const grade = Number(fields[2]);
    if (!Number.isFinite(grade)) throw new BeirFormatError(file, i + 1, `the score "${fields[2]}" is not a number`);
    if (grade <= 0) continue;
    let judged = qrels.get(fields[0]);
    if (!judged) qrels.set(fields[0], (judged = new Map<string, number>()));
    judged.set(fields[1], grade);
  }
  return qrels;
}

/**
 * The note paths for a corpus, in corpus order: `documents/d0001.md`, `documents/d0002.md`, ...
 * Names say nothing about the document: BEIR ids often do (ArguAna's name the debate and the
 * stance, `…-pro02a` answered by `…-pro02b`), and a note's file name reaches the ranking (it is
 * the title of a note without one). The ids are kept beside the notes, in the collection's
 * manifest, never in the notes.
 */
export function beirNotePaths(docs: readonly BeirDocument[], folder = 'documents'): string[] {
  const width = Math.max(4, String(docs.length).length);
  return docs.map((_, i) => `${folder}/d${String(i + 1).padStart(width, '0')}.md`);
}

/** The note for a document: its title (when it has one) in front matter, then its text as written. */
export function beirNoteText(doc: BeirDocument): string {
  const title = doc.title.trim();
  const front = title ? `---\ntitle: ${JSON.stringify(title)}\n---\n\n` : '';
  return `${front}${doc.text.trim()}\n`;
}
