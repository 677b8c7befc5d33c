import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { blockInsertion, linkInsertion } from '../../../src/core/block/insert-block';
import { parseKindredBlock, queryBlockText, type BlockProblemCode } from '../../../src/core/block/kindred-block';

test('a query block: query, mode, k and the filters, with YAML comments', () => {
  const parsed = parseKindredBlock('query: how do beliefs pay rent in anticipated experience\nmode: semantic   # or hybrid, keyword\nk: 5\nfolder: Clippings\ntag: "#rationality"\n');
  assert.deepEqual(parsed, {
    block: { kind: 'query', query: 'how do beliefs pay rent in anticipated experience', mode: 'semantic', k: 5, filter: { folder: 'Clippings', tag: '#rationality' } },
  });
  assert.deepEqual(parseKindredBlock('query: bayes'), { block: { kind: 'query', query: 'bayes', mode: 'hybrid', k: 8, filter: {} } });
});

test('related and map: this note, or another by its link, written any of the ways people write it', () => {
  assert.deepEqual(parseKindredBlock('related: this'), { block: { kind: 'related', note: null, k: 8 } });
  assert.deepEqual(parseKindredBlock('map: this\nk: 20'), { block: { kind: 'map', note: null, k: 20 } });
  for (const written of ['[[Fake Explanations]]', '"[[Fake Explanations]]"', 'Fake Explanations', '[[Fake Explanations|the essay]]']) {
    assert.deepEqual(parseKindredBlock(`related: ${written}`), { block: { kind: 'related', note: 'Fake Explanations', k: 8 } }, written);
  }
});

test('every mistake is a problem with its code and a message that says how to fix it; nothing throws', () => {
  const cases: [string, BlockProblemCode, RegExp][] = [
    ['query: [unclosed', 'bad-yaml', /not valid YAML.*line 1/],
    ['query: a\n  bad: indent', 'bad-yaml', /not valid YAML/],
    ['', 'nothing-asked', /asks for nothing/],
    ['# only a comment', 'nothing-asked', /query: …/],
    ['- a list', 'not-a-mapping', /key: value/],
    ['plain words', 'not-a-mapping', /key: value/],
    ['query: x\nlimit: 3', 'unknown-key', /Unknown key: "limit"\. The keys are query, related, map, mode, k, folder, tag, site, author\./],
    ['query: x\nmode: fuzzy', 'unknown-mode', /Unknown mode: "fuzzy"\. Use hybrid, semantic or keyword\./],
    ['query: x\nk: 0', 'bad-k', /from 1 to 50/],
    ['query: x\nk: 2.5', 'bad-k', /whole number/],
    ['query: x\nk: lots', 'bad-k', /"lots"/],
    ['map: this\nk: 100', 'bad-k', /from 5 to 60 for a map/],
    ['query: x\nrelated: this', 'too-much-asked', /query and related/],
    ['query: ""', 'bad-value', /text to search for/],
    ['query: x\nfolder: [a, b]', 'bad-value', /folder should be text/],
    ['related: this\nmode: semantic', 'unknown-key', /"mode" works with a query only/],
    ['map: this\nfolder: Clippings', 'filter-on-note', /folder with map/],
    ['related: [a, b]', 'bad-note', /"this" or a link/],
    ['related: "[[]]"', 'bad-note', /"this" or a link/],
  ];
  for (const [source, code, message] of cases) {
    const parsed = parseKindredBlock(source);
    assert.ok('problem' in parsed, `${JSON.stringify(source)} should be a problem`);
    assert.equal(parsed.problem.code, code, source);
    assert.match(parsed.problem.message, message, source);
  }
  fc.assert(fc.property(fc.string(), (source) => void parseKindredBlock(source)), { numRuns: 500 });
});

test('"Save this search" writes a block that reads back as the same search, whatever the query', () => {
  fc.assert(
    fc.property(
      // Any text, with the characters that trouble YAML and fences mixed in.
      fc.stringMatching(/^[a-z :#'"`\-\n\t[\]{}|>*&!%@,?0-9]{1,40}$/).filter((q) => q.trim() !== ''),
      fc.constantFrom('hybrid', 'semantic', 'keyword' as const),
      fc.integer({ min: 1, max: 50 }),
      fc.option(fc.string({ minLength: 1 }).filter((f) => f.trim() !== '' && f === f.trim()), { nil: undefined }),
      (query, mode, k, folder) => {
        const text = queryBlockText({ query, mode, k, filter: folder ? { folder } : {} });
        assert.ok(text.startsWith('```kindred\n') && text.endsWith('```\n'));
        const source = text.slice('```kindred\n'.length, -'```\n'.length);
        assert.ok(!source.split('\n').some((line) => line.startsWith('```')), 'nothing inside ends the block early');
        const query1 = query.replace(/\s+/g, ' ').trim();
        assert.deepEqual(parseKindredBlock(source), { block: { kind: 'query', query: query1, mode, k, filter: folder ? { folder } : {} } });
      },
    ),
    { numRuns: 300 },
  );
  assert.equal(queryBlockText({ query: 'bayes: the rule', mode: 'hybrid', k: 8 }), '```kindred\nquery: "bayes: the rule"\nmode: hybrid\nk: 8\n```\n');
});

test('a block is inserted at the cursor on lines of its own, never in or before the front matter', () => {
  const block = '```kindred\nquery: x\n```\n';
  const note = '---\ntitle: A\n---\n# A\n\nFirst line.\nSecond line.\n';
  const body = note.indexOf('# A');
  // Cursor at the top, or inside the properties: after them.
  for (const cursor of [0, 5, body - 1]) assert.deepEqual(blockInsertion(note, cursor, block), { offset: body, text: block }, String(cursor));
  // At the start of a line: there.
  const second = note.indexOf('Second');
  assert.deepEqual(blockInsertion(note, second, block), { offset: second, text: block });
  // Mid-line: after that line.
  assert.deepEqual(blockInsertion(note, note.indexOf('line.'), block), { offset: second, text: block });
  // At the very end of a note without a final newline.
  assert.deepEqual(blockInsertion('text', 4, block), { offset: 4, text: '\n' + block });
  // Before text on the same line, a newline keeps the text after the block.
  assert.deepEqual(blockInsertion('a\nb', 2, block), { offset: 2, text: block });
  assert.deepEqual(blockInsertion('a\nb', 2, block.slice(0, -1)), { offset: 2, text: block.slice(0, -1) + '\n' });
});

test('"insert link" writes over the selection in the body, and after the front matter when the cursor is in or before it', () => {
  const link = '[[Belief in belief]]';
  const note = '---\ntitle: A\n---\n# A\n\nFirst line.\n';
  const body = note.indexOf('# A');
  for (const cursor of [0, 5, body - 1]) assert.deepEqual(linkInsertion(note, cursor, cursor, link), { from: body, to: body, text: `${link}\n` }, String(cursor));
  // A selection that starts in the properties replaces nothing.
  assert.deepEqual(linkInsertion(note, 2, body + 3, link), { from: body, to: body, text: `${link}\n` });
  // In the body: over the selection, inline.
  const first = note.indexOf('First');
  assert.deepEqual(linkInsertion(note, first, first + 5, link), { from: first, to: first + 5, text: link });
  // A note that is only front matter, without a final newline.
  const bare = '---\ntitle: A\n---';
  assert.deepEqual(linkInsertion(bare, 0, 0, link), { from: bare.length, to: bare.length, text: `\n${link}` });
  // No front matter: at the cursor, even at the top.
  assert.deepEqual(linkInsertion('Text', 0, 0, link), { from: 0, to: 0, text: link });
});
