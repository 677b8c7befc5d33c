/**
 * The synthetic vault of the latency benches (`rank`, `map`): `count` notes, each a title and
 * three headed sections of two Sequences paragraphs taken in a fixed stride, in folders of 500.
 */
export function makeNotes(paragraphs: string[], count: number): Record<string, string> {
  const notes: Record<string, string> = {};
  let at = 0;
  const next = () => paragraphs[(at = (at + 7919) % paragraphs.length)];
  for (let i = 0; i < count; i++) {
    const sections = [0, 1, 2].map((s) => `## Part ${s + 1}\n\n${next()}\n\n${next()}`);
    notes[`notes/${String(Math.floor(i / 500)).padStart(2, '0')}/note-${i}.md`] =
      `---\ntags: [bench]\n---\n# Note ${i}\n\n${sections.join('\n\n')}\n`;
  }
  return notes;
}
