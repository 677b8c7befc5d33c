import type { ChunkEntry, IndexReader } from '../index/index-reader';

/** A passage as results show it: where it sits in the note, and its text. */
export interface Passage {
  /** The heading path joined with " > " ('' before the first heading). */
  heading: string;
  text: string;
}

/** Joins a heading path the one way every result shows it. */
export function headingLabel(headingPath: readonly string[]): string {
  return headingPath.join(' > ');
}

/** The passage of an indexed chunk, its text read through the index. */
export async function passageOf(reader: IndexReader, chunk: ChunkEntry): Promise<Passage> {
  return { heading: headingLabel(chunk.headingPath), text: (await reader.passageText(chunk)).trim() };
}
