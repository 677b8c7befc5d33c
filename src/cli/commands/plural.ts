/**
 * A count and its noun, agreeing: `plural(1, 'note')` is "1 note", `plural(6, 'item')` "6 items",
 * `plural(2, 'match', 'matches')` "2 matches". Every count a command prints goes through here.
 */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
