import type { TermProfile } from './term-profile';

/**
 * The words that set a group of notes apart from the other notes on the map: a term scores
 * its mean tf-idf weight in the group, times the share of the group's notes that hold it,
 * times the share of the other shown notes that do not. A word must be in at least half of
 * the group and in two of its notes, so one note cannot name the group alone.
 */
export function clusterWords(
  members: readonly TermProfile[],
  others: readonly TermProfile[],
  count = 3,
): string[] {
  const inGroup = new Map<string, { notes: number; weight: number }>();
  for (const profile of members) {
    for (const [term, weight] of profile.weights) {
      const entry = inGroup.get(term);
      if (entry) {
        entry.notes++;
        entry.weight += weight;
      } else inGroup.set(term, { notes: 1, weight });
    }
  }
  const scored: { term: string; score: number }[] = [];
  for (const [term, { notes, weight }] of inGroup) {
    if (notes * 2 < members.length || (members.length > 1 && notes < 2)) continue;
    let outside = 0;
    for (const profile of others) if (profile.weights.has(term)) outside++;
    const apart = others.length === 0 ? 1 : 1 - outside / others.length;
    const score = (weight / notes) * (notes / members.length) * apart;
    if (score > 0) scored.push({ term, score });
  }
  scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  return scored.slice(0, count).map((s) => s.term);
}
