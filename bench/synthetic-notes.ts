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

/** A small seeded PRNG so every run builds the same vault. */
export function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where the scale vault keeps note `i`: 100 folders. */
export const scaleNotePath = (i: number): string => `Notes/f${String(i % 100).padStart(2, '0')}/note-${String(i).padStart(6, '0')}.md`;

/** The headings of the scale vault's sections: the first 300 essay titles. */
export function essayHeadings(essays: string[]): string[] {
  return essays.map((e) => /^#\s+(.+)$/m.exec(e)?.[1] ?? 'Section').slice(0, 300);
}

/**
 * The vault of the scale benches (`index-scale`, `browser-open`): `count` long notes cut and
 * recombined from the Sequences, about `wordsPerNote` words each in sections of three
 * paragraphs under an essay's title, a tag, and a link to another note. Seeded by `count`, so
 * a size always gives the same vault.
 */
export function* scaleNotes(count: number, paragraphs: string[], headings: string[], wordsPerNote = 950): Generator<{ path: string; text: string; words: number }> {
  const random = mulberry32(count);
  for (let i = 0; i < count; i++) {
    const parts: string[] = [`---\ntags: [t${i % 37}]\n---`];
    let words = 0;
    while (words < wordsPerNote) {
      parts.push(`## ${headings[Math.floor(random() * headings.length)]}`);
      for (let k = 0; k < 3 && words < wordsPerNote; k++) {
        const p = paragraphs[Math.floor(random() * paragraphs.length)];
        parts.push(p);
        words += p.split(/\s+/).length;
      }
    }
    parts.push(`See [[note-${String(Math.floor(random() * count)).padStart(6, '0')}]].`);
    yield { path: scaleNotePath(i), text: parts.join('\n\n'), words };
  }
}
