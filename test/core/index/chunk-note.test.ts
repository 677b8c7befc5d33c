import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CHUNK_OPTIONS, EMBEDDING_RECIPE, chunkNote } from '../../../src/core/index/chunk-note';
import { paragraph } from './index-fixture';

const ESSAYS = join(__dirname, '../../../../shared/corpora/sequences/content/essays');
const maxWords = Math.floor(DEFAULT_CHUNK_OPTIONS.maxTokens / DEFAULT_CHUNK_OPTIONS.tokensPerWord);

test('a short note is one chunk whose text starts with its front matter title and keeps its headings', () => {
  const chunks = chunkNote('---\ntitle: My note\n---\n# Intro\nA few words.\n\n## Detail\nMore words.');
  assert.equal(chunks.length, 1);
  assert.equal(chunks[0].embeddedText, 'My note\n\nIntro A few words. Detail More words.');
  assert.deepEqual(chunks[0].headingPath, []);
  // Without a title in front matter the model reads the text alone: a file name is not read.
  assert.equal(chunkNote('# Intro\nA few words.')[0].embeddedText, 'Intro A few words.');
});

test('sections that fit are one chunk each, with the heading path after the title', () => {
  const text = `---\ntitle: Geography\n---\n# Rivers\n${paragraph('river', 200)}\n\n## Deltas\n${paragraph('delta', 100)}\n\n# Roads\n${paragraph('road', 50)}`;
  const chunks = chunkNote(text);
  assert.deepEqual(chunks.map((c) => c.headingPath), [['Rivers'], ['Rivers', 'Deltas'], ['Roads']]);
  assert.ok(chunks[1].embeddedText.startsWith('Geography\nRivers > Deltas\n\ndelta0 delta1'));
  // Ranges point into the note itself.
  assert.equal(text.slice(chunks[2].start, chunks[2].end), paragraph('road', 50));
  assert.ok(chunkNote(text.replace(/^---[\s\S]*?---\n/, ''))[1].embeddedText.startsWith('Rivers > Deltas\n\ndelta0'));
});

test('the title is read before every passage unless asked for the first passage only, or for none', () => {
  const text = `---\ntitle: Geography\n---\n# Rivers\n${paragraph('river', 200)}\n\n# Roads\n${paragraph('road', 50)}`;
  const openings = (title?: 'every' | 'first' | 'none') => chunkNote(text, title ? { title } : {}).map((c) => c.embeddedText.split('\n\n')[0]);
  assert.deepEqual(openings(), ['Geography\nRivers', 'Geography\nRoads']);
  assert.deepEqual(openings('first'), ['Geography\nRivers', 'Roads']);
  assert.deepEqual(openings('none'), ['Rivers', 'Roads']);
  // A short note is one passage: the first, so it keeps its title unless none is asked for.
  assert.equal(chunkNote('---\ntitle: T\n---\nA few words.', { title: 'first' })[0].embeddedText, 'T\n\nA few words.');
  assert.equal(chunkNote('---\ntitle: T\n---\nA few words.', { title: 'none' })[0].embeddedText, 'A few words.');
});

test('a section too short to carry meaning joins the passage before it, or at the start the one after', () => {
  const text = `# Intro\n${paragraph('intro', 5)}\n\n# Body\n${paragraph('body', 150)}\n\n# Aside\n${paragraph('aside', 10)}\n\n# Long\n${paragraph('long', 190)}\n\n# Coda\n${paragraph('coda', 3)}`;
  const chunks = chunkNote(text);
  assert.deepEqual(chunks.map((c) => c.headingPath), [['Body'], ['Long']]);
  assert.match(chunks[0].embeddedText, /^Body\n\nintro0 .* intro4\. body0 .* aside9\.$/);
  assert.match(chunks[1].embeddedText, /^Long\n\nlong0 .* coda0 coda1 coda2\.$/, 'the last short section joins the last passage');
  assert.equal(text.slice(chunks[0].start, chunks[0].end).split('\n')[0], paragraph('intro', 5));
});

test('a long section is split by a sliding window of about 360 tokens with about 15% overlap', () => {
  const words = Array.from({ length: 1000 }, (_, i) => `w${i}`);
  const chunks = chunkNote(`# Long\n${words.join(' ')}`);
  const bodies = chunks.map((c) => c.embeddedText.split('\n\n')[1].split(' '));
  assert.ok(bodies.every((b) => b.length <= maxWords));
  assert.equal(bodies[0].length, maxWords);
  const overlap = bodies[0].filter((w) => bodies[1].includes(w)).length;
  assert.equal(overlap, maxWords - Math.round(maxWords * 0.85));
  assert.equal(bodies.at(-1)!.at(-1), 'w999', 'the window reaches the end');
  // A tail shorter than a passage's minimum joins the window before it.
  const tail = chunkNote(`# Long\n${words.slice(0, maxWords + 10).join(' ')}`).map((c) => c.embeddedText.split('\n\n')[1].split(' ').length);
  assert.deepEqual(tail, [maxWords + 10]);
});

test('front matter (but its title), fenced code, link markup, definitions and URLs are not embedded', () => {
  const text = [
    '---',
    'title: Secret title field',
    'tags: [x]',
    '---',
    'Read [the post](https://example.com/post?x=1) and www.example.org/page now.',
    '',
    '```python',
    'import os  # code words',
    '```',
    '',
    'https://a.example/1 https://a.example/2 https://a.example/3',
    '[1]: https://example.com/ref "Ref"',
    'Last line.',
  ].join('\n');
  const [chunk] = chunkNote(text);
  assert.equal(chunk.embeddedText, 'Secret title field\n\nRead the post and now. Last line.');
});

test('headings inside fenced code are not headings', () => {
  const chunks = chunkNote(`# Real\n${paragraph('a', 300)}\n\n\`\`\`\n# not a heading\n\`\`\`\n${paragraph('b', 10)}`);
  assert.ok(chunks.every((c) => c.headingPath.join() === 'Real'));
});

test('chunk ids are content addresses: same text, same id; different text or title, different id; a rename changes nothing', () => {
  const a = chunkNote('Some words here.')[0].id;
  assert.equal(chunkNote('Some words here.')[0].id, a);
  assert.notEqual(chunkNote('Some words there.')[0].id, a);
  assert.notEqual(chunkNote('---\ntitle: U\n---\nSome words here.')[0].id, a);
  assert.match(a, /^[0-9a-f]{32}$/);
  // The id is the hash of what the model reads and the recipe it reads it with, not of the chunker.
  assert.equal(EMBEDDING_RECIPE, 1);
});

test('an empty note or one of only front matter and code has no chunks', () => {
  assert.deepEqual(chunkNote(''), []);
  assert.deepEqual(chunkNote('---\na: 1\n---\n```\ncode\n```\n'), []);
});

test('a 2 MB note is chunked like any other, nothing skipped', () => {
  const section = `## Part\n${paragraph('word', 2000)}\n\n`;
  const text = section.repeat(Math.ceil((2 * 1024 * 1024) / section.length));
  assert.ok(text.length >= 2 * 1024 * 1024);
  const chunks = chunkNote(text);
  const sections = text.split('## Part').length - 1;
  assert.ok(chunks.length >= sections * Math.ceil(2000 / maxWords));
  assert.equal(chunks.at(-1)!.end, text.trimEnd().length, 'the last chunk reaches the end of the note');
});

test('a real Sequences essay: every chunk is within size, and the chunks cover the text', (t) => {
  if (!existsSync(ESSAYS)) {
    if (process.env.CI === 'true') assert.fail(`corpus missing at ${ESSAYS}`);
    t.skip(`corpus missing at ${ESSAYS} (../shared not mounted)`);
    return;
  }
  const name = readdirSync(ESSAYS).sort()[0];
  const text = readFileSync(join(ESSAYS, name), 'utf8');
  const chunks = chunkNote(text);
  assert.ok(chunks.length > 1);
  const minWords = DEFAULT_CHUNK_OPTIONS.minWords;
  for (const c of chunks) assert.ok(c.embeddedText.split('\n\n').slice(1).join(' ').split(/\s+/).length < maxWords + minWords);
  assert.ok(!chunks.some((c) => /\[\d+\]|Markdown|Talk/.test(c.embeddedText)), 'no navigation rows or reference numbers embedded');
  assert.ok(!chunks.some((c) => /https?:\/\//.test(c.embeddedText)), 'no URLs embedded');
  // Consecutive chunks of a section overlap or touch: no passage falls between chunks.
  for (let i = 1; i < chunks.length; i++) assert.ok(chunks[i].start >= chunks[i - 1].start);
});
