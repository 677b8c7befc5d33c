import type { MiniSearchLike } from '../../core/eval/bm25-baseline';
import type { RankingSession } from '../ranking-session';

/**
 * A MiniSearch BM25 index of every note's whole text (front matter included), with the index's
 * own tokenizer: the plain keyword baseline of `kindred eval`. `null` when MiniSearch (a
 * development dependency) is not installed.
 */
export async function miniSearchOver(session: RankingSession): Promise<MiniSearchLike | null> {
  let MiniSearch: typeof import('minisearch').default;
  try {
    MiniSearch = (await import('minisearch')).default;
  } catch {
    return null;
  }
  const search = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    tokenize: (text) => session.tokenize(text),
    processTerm: (term) => term,
  });
  const docs: { id: string; text: string }[] = [];
  for (const note of session.reader.allNotes()) docs.push({ id: note.path, text: await session.readText(note.path) });
  search.addAll(docs);
  return search;
}
