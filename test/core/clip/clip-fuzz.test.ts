import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipOne, DEFAULT_CLIP_OPTIONS } from '../../../src/core/clip';
import { splitFrontMatter } from '../../../src/core/front-matter';
import { linkedomParser } from '../../../src/cli/linkedom-parser';
import { MemoryVault } from '../../helpers/memory-vault';
import { fixedClock, offlineFetcher } from './fixture-clip';
import { hostilePages } from './hostile-page-generator';
import { liveInRenderers } from './rendered-html-check';

// The clip fuzz test: generated hostile pages through the whole clip (parse, Defuddle, our
// markdown rules, the final check, front matter, the vault), each note's body rendered by
// markdown-it and marked with raw HTML on, the HTML parsed again and searched for anything
// that could run. The seed is fixed, so a failure reproduces; KINDRED_FUZZ_SEED and
// KINDRED_FUZZ_PAGES try others.

const SEED = Number(process.env.KINDRED_FUZZ_SEED ?? 20261127);
const PAGES = Number(process.env.KINDRED_FUZZ_PAGES ?? 600);

test(`${PAGES} generated hostile pages clip to notes with nothing live in markdown-it or marked (seed ${SEED})`, async (t) => {
  const caught: string[] = [];
  let created = 0;
  for (const [i, page] of hostilePages(PAGES, SEED).entries()) {
    const vault = new MemoryVault();
    const outcome = await clipOne(
      { kind: 'html', name: `hostile-${i}.html`, bytes: new TextEncoder().encode(page.html), url: 'https://hostile.example/post' },
      { vault, fetcher: offlineFetcher, parser: linkedomParser, clock: fixedClock },
      { ...DEFAULT_CLIP_OPTIONS, includeComments: page.includeComments },
    );
    if (outcome.status !== 'created' || !outcome.path) {
      caught.push(`page ${i}: not clipped (${outcome.error}) · ${page.label}`);
      continue;
    }
    created++;
    assert.match(outcome.path, /^Clippings\/[^/]+\.md$/);
    const body = splitFrontMatter(await vault.read(outcome.path)).body;
    const live = liveInRenderers(body);
    if (Object.keys(live).length) {
      caught.push(`page ${i}: ${Object.entries(live).map(([r, parts]) => `${r}: ${parts.join(', ')}`).join('; ')} · ${page.label}`);
    }
  }
  t.diagnostic(`${created} of ${PAGES} pages clipped; ${caught.length} with something live`);
  assert.equal(caught.length, 0, `${caught.length} of ${PAGES} pages have something live; the first ten:\n${caught.slice(0, 10).join('\n')}`);
});
