import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { captureIO } from '../../helpers/cli-io';

// The shipped commands end to end: the real index over a folder and the real USE-lite model.
// Six short notes keep the embedding to a few seconds.
function smallVault(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-rank-model-'));
  mkdirSync(join(dir, '.obsidian'));
  const notes: Record<string, string> = {
    'pets/cats.md': '# Cats\n\nMy cat sleeps all day and purrs when I scratch behind her ears. Kittens chase string.\n\nSee [[dogs]].',
    'pets/dogs.md': '# Dogs\n\nOur dog needs a long walk every morning and barks at the postman.',
    'cooking/bread.md': '# Bread\n\nKnead the dough, let it rise overnight, and bake the loaf in a hot oven.',
    'cooking/soup.md': '# Soup\n\nSimmer onions, carrots and stock for an hour; season with salt and pepper.',
    'space/telescopes.md': '# Telescopes\n\nA reflecting telescope uses a curved mirror to gather faint starlight.',
    'space/planets.md': '# Planets\n\nSaturn has rings of ice; Jupiter has dozens of moons and a great red storm.',
    'Clippings/Notes that connect.md': '---\ntitle: Notes that connect\n---\n# Notes that connect\n\nA note is worth more when it links to the notes it grew from.',
  };
  for (const [path, text] of Object.entries(notes)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('related, query and query --queries with the real model', async () => {
  const vault = smallVault();
  const related = captureIO();
  assert.equal(await runCli(['related', 'pets/cats.md', '--vault', vault, '--json', '--min-score', '0'], related), 0, related.err());
  const answer = JSON.parse(related.out()) as { results: { path: string; linked?: true; passage: { text: string }; otherPassage: { text: string } }[] };
  assert.equal(answer.results[0].path, 'pets/dogs.md', 'the other pet note is the closest');
  assert.equal(answer.results[0].linked, true);
  assert.ok(!answer.results.some((r) => r.path === 'pets/cats.md'));
  assert.match(answer.results[0].otherPassage.text, /cat sleeps/);

  // No word in common with the bread note: only meaning can find it.
  const semantic = captureIO();
  assert.equal(await runCli(['query', 'baking a loaf at home', '--vault', vault, '--mode', 'semantic', '--json', '--k', '2'], semantic), 0);
  assert.equal((JSON.parse(semantic.out()) as { results: { path: string }[] }).results[0].path, 'cooking/bread.md');

  const file = join(vault, '..', `${vault.split('/').pop()}-queries.jsonl`);
  writeFileSync(file, '{"id":"sky","text":"looking at stars through an instrument"}\n{"id":"food","text":"vegetable broth recipe"}\n');
  const batch = captureIO();
  assert.equal(await runCli(['query', '--queries', file, '--vault', vault, '--k', '1'], batch), 0, batch.err());
  const lines = batch.out().trim().split('\n').map((l) => JSON.parse(l) as { id: string; results: { path: string }[] });
  assert.deepEqual(lines.map((l) => [l.id, l.results[0].path]), [['sky', 'space/telescopes.md'], ['food', 'cooking/soup.md']]);
  assert.ok(readFileSync(file, 'utf8').length > 0);

  // By its name, as a new user types it.
  const byName = captureIO();
  assert.equal(await runCli(['related', 'Notes that connect', '--vault', vault, '--k', '2', '--min-score', '-1'], byName), 0, byName.err());
  assert.match(byName.out(), /^Related to Clippings\/Notes that connect\.md \(2 notes, minimum similarity -1\):/);
});

test('a model folder without the model: semantic says so, keyword still answers', async () => {
  const vault = smallVault();
  const empty = mkdtempSync(join(tmpdir(), 'kindred-no-model-'));
  const semantic = captureIO();
  assert.equal(await runCli(['query', 'cats', '--vault', vault, '--mode', 'semantic', '--model-dir', empty], semantic), 1);
  assert.match(semantic.err(), /semantic search needs the embedding model: .*Keyword search still works: --mode keyword\./s);
  const keyword = captureIO();
  assert.equal(await runCli(['query', 'purrs', '--vault', vault, '--mode', 'keyword', '--model-dir', empty, '--json'], keyword), 0, keyword.err());
  assert.match(keyword.out(), /==purrs==/);
});
