import { create, type AnyOrama } from '@orama/orama';
import { FieldPostings } from './field-postings';
import { tokenize } from './tokenize';
import type { Vocabulary } from './vocabulary';

/**
 * A keyword bucket is an Orama database whose index and document store are Kindred's own, put in
 * through Orama's components (`create({ components: { index, documentsStore } })`). Orama keeps
 * what it is good at: the notes' ids (path ↔ internal id), insert and remove, its search API.
 * The index keeps each field's postings packed (`FieldPostings`, 6 bytes a posting, how often
 * each word occurs included) with one vocabulary for every bucket; the document store keeps no
 * documents (Kindred reads a note's text from the note, and what the pane shows from the note
 * records), only which notes it holds. At 10,000 notes this is 35 MB, where Orama's own index
 * and document store take 717 MB and Kindred's earlier store on Orama's radix trees (a `Set` of
 * note ids per word, the vocabulary once per bucket) about 190 MB (`bench/keyword-heap.bench.ts`).
 */

/** The fields of a note's keyword document, in a fixed order (saved buckets follow it). */
export const KEYWORD_FIELDS = ['title', 'headings', 'text', 'meta'] as const;
export type KeywordField = (typeof KEYWORD_FIELDS)[number];

const SCHEMA = { title: 'string', headings: 'string', text: 'string', meta: 'string' } as const;

/** The index store of one bucket: its fields' postings, words from the shared vocabulary. */
export interface PackedIndex {
  vocabulary: Vocabulary;
  fields: Record<KeywordField, FieldPostings>;
  /** None: Orama's search looks for vector properties here. */
  vectorIndexes: Record<string, never>;
}

/** The document store of one bucket: the internal ids of the notes held, no documents. */
interface HeldNotes {
  held: Set<number>;
  /** Orama's path ↔ internal id store, shared by the bucket's components. */
  ids: { idToInternalId: Map<string, number> };
}

/** What Orama's remove reads of a document (its searchable values, passed back to our index and ignored). */
const NO_TEXT: Readonly<Record<KeywordField, string>> = Object.freeze({ title: '', headings: '', text: '', meta: '' });

function emptyFields(): Record<KeywordField, FieldPostings> {
  return { title: new FieldPostings(), headings: new FieldPostings(), text: new FieldPostings(), meta: new FieldPostings() };
}

/** BM25 over one bucket for Orama's own `search` (Kindred's store scores over the whole vault instead). */
function searchBucket(
  index: PackedIndex,
  term: string,
  props: readonly string[],
  exact: boolean,
  boost: Partial<Record<string, number>>,
  relevance: { k: number; b: number },
  docsCount: number,
  allowed: Set<number> | undefined,
  threshold: number | undefined,
): Array<[number, number]> {
  const tokens = [...new Set(tokenize(term))];
  const scores = new Map<number, number>();
  const matched = new Map<number, number>();
  for (const prop of props) {
    const field = index.fields[prop as KeywordField];
    if (!field) continue;
    field.seal();
    const { starts, notes, counts } = field.packed;
    const average = docsCount > 0 ? field.lengthSum() / docsCount : 0;
    for (const token of tokens) {
      const words = exact ? [index.vocabulary.idOf(token)].filter((w): w is number => w !== undefined) : index.vocabulary.startingWith(token);
      const seen = new Set<number>();
      for (const word of words) {
        const i = field.find(word);
        if (i < 0) continue;
        const df = starts[i + 1] - starts[i];
        const idf = Math.log(1 + (docsCount - df + 0.5) / (df + 0.5));
        for (let j = starts[i]; j < starts[i + 1]; j++) {
          const id = notes[j];
          if (allowed && !allowed.has(id)) continue;
          const tf = counts[j];
          const norm = relevance.k * (1 - relevance.b + (relevance.b * field.length(id)) / (average || 1));
          scores.set(id, (scores.get(id) ?? 0) + (boost[prop] ?? 1) * idf * ((tf * (relevance.k + 1)) / (tf + norm)));
          if (!seen.has(id)) {
            seen.add(id);
            matched.set(id, (matched.get(id) ?? 0) + 1);
          }
        }
      }
    }
  }
  // Orama's threshold: 1 keeps a note matching any word, 0 only those matching every word.
  const needed = Math.max(1, Math.ceil(tokens.length * (1 - (threshold ?? 1))));
  return [...scores].filter(([id]) => (matched.get(id) ?? 0) >= needed).sort((x, y) => y[1] - x[1]);
}

/** Orama's index component over packed postings; every bucket made with `vocabulary` shares it. */
function packedIndexComponent(vocabulary: Vocabulary): unknown {
  return {
    create: (): PackedIndex => ({ vocabulary, fields: emptyFields(), vectorIndexes: {} }),
    insert: (_impl: unknown, index: PackedIndex, prop: KeywordField, _id: string, internalId: number, value: string): void => {
      index.fields[prop].add(internalId, tokenize(value).map((word) => vocabulary.intern(word)));
    },
    remove: (_impl: unknown, index: PackedIndex, prop: KeywordField, _id: string, internalId: number): boolean => {
      index.fields[prop].remove(internalId);
      return true;
    },
    // Orama's default index calls these from its own insert and remove; ours keeps lengths itself.
    insertDocumentScoreParameters: (): void => undefined,
    insertTokenScoreParameters: (): void => undefined,
    removeDocumentScoreParameters: (): void => undefined,
    removeTokenScoreParameters: (): void => undefined,
    calculateResultScores: (): void => undefined,
    search: (
      index: PackedIndex,
      term: string,
      _tokenizer: unknown,
      _language: unknown,
      props: string[],
      exact: boolean,
      _tolerance: number,
      boost: Partial<Record<string, number>>,
      relevance: { k: number; b: number },
      docsCount: number,
      allowed: Set<number> | undefined,
      threshold?: number,
    ) => searchBucket(index, term, props, exact, boost, relevance, docsCount, allowed, threshold),
    searchByWhereClause: (): never => {
      throw new Error("Kindred's keyword buckets have no filters: search them without `where`");
    },
    getSearchableProperties: (): string[] => [...KEYWORD_FIELDS],
    getSearchablePropertiesWithTypes: (): Record<string, string> => ({ ...SCHEMA }),
    // Saved and loaded by Kindred's own bucket codec (keyword-bucket-codec.ts), as packed arrays.
    load: (_ids: unknown, raw: PackedIndex): PackedIndex => raw,
    save: (index: PackedIndex): PackedIndex => index,
  };
}

/** Orama hands the store a note's path or its internal id. */
function internalOf(store: HeldNotes, id: string | number): number | undefined {
  return typeof id === 'number' ? id : store.ids.idToInternalId.get(id);
}

const heldNotesComponent = {
  create: (_orama: unknown, ids: HeldNotes['ids']): HeldNotes => ({ held: new Set(), ids }),
  get: (store: HeldNotes, id: string | number): Readonly<Record<KeywordField, string>> | undefined => {
    const internal = internalOf(store, id);
    return internal !== undefined && store.held.has(internal) ? NO_TEXT : undefined;
  },
  getMultiple: (store: HeldNotes, ids: Array<string | number>): Array<Readonly<Record<KeywordField, string>> | undefined> => ids.map((id) => heldNotesComponent.get(store, id)),
  getAll: (store: HeldNotes): Record<number, Readonly<Record<KeywordField, string>>> => Object.fromEntries([...store.held].map((id) => [id, NO_TEXT])),
  store: (store: HeldNotes, _id: string, internalId: number): boolean => {
    if (store.held.has(internalId)) return false;
    store.held.add(internalId);
    return true;
  },
  remove: (store: HeldNotes, _id: string, internalId: number): boolean => store.held.delete(internalId),
  count: (store: HeldNotes): number => store.held.size,
  load: (ids: HeldNotes['ids'], raw: { held: number[] }): HeldNotes => ({ held: new Set(raw.held), ids }),
  save: (store: HeldNotes): { held: number[] } => ({ held: [...store.held] }),
};

/** A new, empty keyword bucket whose words go to `vocabulary`. */
export function newKeywordBucket(vocabulary: Vocabulary): AnyOrama {
  // No sorting: results are ranked by score, and Orama's sorter would keep its own ordered
  // copy of every field value.
  return create({
    schema: SCHEMA,
    sort: { enabled: false },
    components: { index: packedIndexComponent(vocabulary), documentsStore: heldNotesComponent } as never,
  }) as AnyOrama;
}

/** The bucket's packed index. */
export function packedIndexOf(db: AnyOrama): PackedIndex {
  return db.data.index as unknown as PackedIndex;
}

/** Note paths by internal id − 1 (Orama's ids start at 1; a removed note's id keeps its path). */
export function pathsByInternalId(db: AnyOrama): readonly string[] {
  return db.internalDocumentIDStore.internalIdToId;
}
