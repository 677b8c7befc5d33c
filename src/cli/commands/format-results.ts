import type { Passage } from '../../core/rank/passage';

/** Shortens a passage to one readable line for a terminal (JSON output keeps it whole). */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1).trimEnd() + '…';
}

/** "Heading > Sub: text…", or just the text before the first heading. */
export function passageLine(passage: Passage, max = 160): string {
  const text = excerpt(passage.text, max);
  return passage.heading ? `${passage.heading}: ${text}` : text;
}

/** Scores with a fixed width so columns line up. */
export function formatScore(score: number): string {
  return score.toFixed(3);
}
