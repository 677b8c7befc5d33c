import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { applySiteSpecifics } from '../../../src/core/clip/site-specifics';
import { clipSavedPage } from './fixture-clip';
import { DEFUDDLE_FIXTURES, missingShared } from './shared-fixtures';

const skip = missingShared(DEFUDDLE_FIXTURES);

test('a LessWrong post: its own title, author, date, site, tags and footnotes', { skip }, async () => {
  const file = join(DEFUDDLE_FIXTURES, 'fixtures/general--lesswrong.com-s-N7nDePaNabJdnbXeE-p-vJFdjigzmcXMhNTsx.html');
  const { front, body, path } = await clipSavedPage(file, undefined);
  assert.equal(path, 'Clippings/Simulators.md');
  assert.equal(front.title, 'Simulators');
  assert.equal(front.author, 'janus');
  assert.equal(front.site, 'LessWrong');
  assert.equal(front.published, '2022-09-02');
  assert.equal(front.source, 'https://www.lesswrong.com/posts/vJFdjigzmcXMhNTsx/simulators');
  const tags = front.tags as string[];
  assert.equal(tags[0], 'clippings');
  for (const tag of ['simulator-theory', 'gpt', 'language-models-llms', 'ai']) assert.ok(tags.includes(tag), `tag ${tag} in ${tags.join(', ')}`);
  assert.match(body, /\[\^1\]/);
  assert.match(body, /\n\[\^1\]: /);
  assert.doesNotMatch(body, /## Comments/);
});

test('a Substack post on its own domain: author, date, site', { skip }, async () => {
  const { front } = await clipSavedPage(join(DEFUDDLE_FIXTURES, 'fixtures/general--substack-custom-domain.html'), undefined);
  assert.deepEqual([front.title, front.author, front.published, front.site], ['Test Article', 'Test Author', '2025-06-15', 'Example Newsletter']);
});

test('site rules fix LessWrong, Alignment Forum and GreaterWrong titles and site names only', () => {
  assert.deepEqual(applySiteSpecifics('https://www.lesswrong.com/posts/x', { title: 'Simulators — LessWrong', site: 'janus' }), { title: 'Simulators', site: 'LessWrong' });
  assert.deepEqual(applySiteSpecifics('https://www.alignmentforum.org/posts/x', { title: 'Post - AI Alignment Forum', site: '' }), { title: 'Post', site: 'AI Alignment Forum' });
  assert.deepEqual(applySiteSpecifics('https://www.greaterwrong.com/posts/x', { title: 'Post — LessWrong', site: 'x' }), { title: 'Post', site: 'GreaterWrong' });
  assert.deepEqual(applySiteSpecifics('https://example.com/p', { title: 'A — LessWrong', site: 'E' }), { title: 'A — LessWrong', site: 'E' });
  assert.deepEqual(applySiteSpecifics(undefined, { title: 'T', site: 'S' }), { title: 'T', site: 'S' });
});
