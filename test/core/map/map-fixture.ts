import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryIndexReader, simpleTokenize, type MemoryNote } from '../../helpers/memory-index-reader';
import type { MapDeps } from '../../../src/core/map/build-map';
import type { NoteFacts } from '../../../src/core/map/map-types';

/**
 * A vault with four subjects of five notes each, so a note's map has groups a person can
 * check: astronomy, baking, gardening and sailing. Some notes carry a `published` date, some
 * link to others ([[Name]]), the rest share words only.
 */
const SUBJECTS: Record<string, { words: string; titles: string[] }> = {
  space: {
    words: 'telescope starlight galaxy orbit planet mirror lens',
    titles: ['Telescopes', 'Galaxies', 'Planets', 'Mirrors', 'Orbits'],
  },
  kitchen: {
    words: 'dough flour yeast oven bake bread crust',
    titles: ['Bread', 'Pizza', 'Bagels', 'Sourdough', 'Crust'],
  },
  garden: {
    words: 'roses compost prune soil seeds watering bloom',
    titles: ['Roses', 'Compost', 'Seeds', 'Soil', 'Pruning'],
  },
  sea: {
    words: 'sail wind harbour keel tide rigging mast',
    titles: ['Sailing', 'Tides', 'Harbours', 'Keels', 'Rigging'],
  },
};

export function mapNotes(): MemoryNote[] {
  const notes: MemoryNote[] = [];
  let n = 0;
  for (const [folder, { words, titles }] of Object.entries(SUBJECTS)) {
    const list = words.split(' ');
    titles.forEach((title, i) => {
      n++;
      // Each note repeats most of its subject's words, one word of its own, and a link or two.
      const own = list.filter((_, j) => j !== i).join(' ');
      const link = i > 0 ? ` See [[${titles[i - 1]}]].` : '';
      const frontMatter: Record<string, unknown> = { site: i % 2 === 0 ? 'example.org' : 'blog.example' };
      // Spread over 2010–2024, so any note has work before and after it.
      if (n % 3 !== 0) frontMatter.published = `${2010 + ((n * 7) % 15)}-0${(n % 9) + 1}-15`;
      notes.push({
        path: `${folder}/${title.toLowerCase()}.md`,
        text: `# ${title}\n${title} and ${own} ${list[i]} ${list[i]}.${link}\n## More\nNotes on ${own} and common matters of weather.`,
        tags: [folder],
        frontMatter,
      });
    });
  }
  return notes;
}

export async function mapFixture(notes: MemoryNote[] = mapNotes()): Promise<{ reader: MemoryIndexReader; deps: MapDeps; facts: Map<string, NoteFacts> }> {
  const reader = await MemoryIndexReader.build(notes, new FakeEmbedder(256));
  const facts = new Map<string, NoteFacts>();
  notes.forEach((note, i) => {
    const backlinks = notes.filter((other) => reader.getNote(other.path)?.links.includes(note.path)).length;
    facts.set(note.path, { bytes: note.text.length, created: Date.UTC(2024, 0, 1 + i), backlinks });
  });
  return {
    reader,
    facts,
    deps: {
      reader,
      tokenize: simpleTokenize,
      readText: (p) => reader.text(p),
      facts: (p) => facts.get(p) ?? null,
    },
  };
}
