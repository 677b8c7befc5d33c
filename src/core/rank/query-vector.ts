import { noteVector } from '../index/note-matrix';

/**
 * Words per window of a long query: 64 words are about 114 USE-lite tokens (1.78 a word, see
 * `USE_TOKENS_PER_WORD`), under the 128 the model reads of any text (`USE_LITE_MAX_TOKENS`).
 */
export const QUERY_WINDOW_WORDS = 64;

/**
 * The vector of a search query. USE-lite reads only the first 128 tokens of a text, about 70
 * words, so a longer query (a pasted paragraph; an ArguAna query is a whole argument of 175
 * words) would be read by its opening alone. A query of more than `windowWords` words is cut
 * into windows of `windowWords` (a tail under a third of a window joins the one before it),
 * each window is embedded, and the query's vector is their normalised mean, as a note's vector
 * is the normalised mean of its passages' ({@link noteVector}). A shorter query is embedded as
 * it is, so its vector is the one the model gives its text.
 */
export async function queryVector(
  embed: (texts: string[]) => Promise<Float32Array[]>,
  text: string,
  windowWords = QUERY_WINDOW_WORDS,
): Promise<Float32Array> {
  const windows = queryWindows(text, windowWords);
  if (windows.length === 1) return (await embed([text]))[0];
  const vectors = await embed(windows);
  return noteVector(vectors) ?? vectors[0];
}

/** The texts embedded for `text`: itself when it has at most `windowWords` words, otherwise its windows. */
export function queryWindows(text: string, windowWords = QUERY_WINDOW_WORDS): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length <= windowWords) return [text];
  const windows: string[][] = [];
  for (let from = 0; from < words.length; from += windowWords) windows.push(words.slice(from, from + windowWords));
  const tail = windows[windows.length - 1];
  if (tail.length < windowWords / 3) windows[windows.length - 2].push(...windows.pop()!);
  return windows.map((w) => w.join(' '));
}
