import { FakeEmbedder } from '../../helpers/fake-embedder';
import { MemoryIndexReader, type MemoryNote } from '../../helpers/memory-index-reader';

/** A small vault with three topics, so "related" has a right answer a person can check. */
export const TOPIC_NOTES: MemoryNote[] = [
  {
    path: 'space/telescopes.md',
    text: '# Telescopes\nA telescope gathers starlight with a mirror or lens.\n## Mirrors\nReflecting telescope mirrors are ground from glass and coated with aluminium. See [[Galaxies]].',
    tags: ['astronomy'],
    frontMatter: { site: 'example.org', author: 'Ada' },
  },
  {
    path: 'space/galaxies.md',
    text: '# Galaxies\nA galaxy holds billions of stars; telescope surveys map galaxy distances.\n## Redshift\nRedshift of starlight tells how fast a galaxy recedes.',
    tags: ['astronomy/deep-sky'],
    frontMatter: { site: 'example.org', author: ['Ada', 'Grace'] },
  },
  {
    path: 'space/planets.md',
    text: '# Planets\nPlanets orbit stars; a telescope shows the rings of Saturn and the moons of Jupiter.',
    tags: ['astronomy'],
  },
  {
    path: 'kitchen/bread.md',
    text: '# Bread\nBread dough needs flour, water, salt and yeast.\n## Proofing\nLet the dough rise until doubled, then bake in a hot oven.',
    tags: ['cooking'],
    frontMatter: { site: 'food.example', author: 'Grace' },
  },
  {
    path: 'kitchen/pizza.md',
    text: '# Pizza\nPizza dough is bread dough stretched thin, baked in a very hot oven with tomato and cheese.',
    tags: ['cooking'],
  },
  {
    path: 'kitchen/soup.md',
    text: '# Soup\nSimmer onions, carrots and stock; salt to taste. Serve soup with bread.',
    tags: ['cooking'],
  },
  {
    path: 'garden/roses.md',
    text: '# Roses\nPrune roses in late winter; feed the roses with compost and water them at the roots.',
    tags: ['garden'],
  },
];

export function topicReader(notes: MemoryNote[] = TOPIC_NOTES): Promise<MemoryIndexReader> {
  return MemoryIndexReader.build(notes, new FakeEmbedder(256));
}
