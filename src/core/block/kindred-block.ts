import { parse as parseYaml, stringify as stringifyYaml, YAMLParseError } from 'yaml';
import type { NoteFilter } from '../rank/note-filter';
import type { SearchMode } from '../rank/search-notes';

/**
 * A `kindred` code block: a query, a related list or a map that lives in a note.
 *
 *     ```kindred
 *     query: how do beliefs pay rent in anticipated experience
 *     mode: hybrid        # or semantic, keyword
 *     k: 8
 *     folder: Clippings   # optional filters: folder, tag, site, author
 *     ```
 *
 * `related: this` (or `related: [[Some note]]`) lists a note's related notes, `map: this` draws
 * a small map. The block is YAML; anything wrong in it is a problem with a code and a message
 * the block shows in place of its results.
 */
export type KindredBlock =
  | { kind: 'query'; query: string; mode: SearchMode; k: number; filter: NoteFilter }
  /** `note`: `null` for the note the block is in, else the link text of another note. */
  | { kind: 'related'; note: string | null; k: number }
  | { kind: 'map'; note: string | null; k: number };

/** Every way a block can be wrong, in one place. */
export const BLOCK_PROBLEMS = {
  'bad-yaml': 'The block is not valid YAML',
  'not-a-mapping': 'The block should be lines of "key: value"',
  'unknown-key': 'Unknown key',
  'nothing-asked': 'The block asks for nothing',
  'too-much-asked': 'The block asks for more than one thing',
  'unknown-mode': 'Unknown mode',
  'bad-k': 'k must be a whole number',
  'bad-value': 'A value is not text',
  'bad-note': 'Not a note',
  'filter-on-note': 'Filters work with a query only',
} as const;

export type BlockProblemCode = keyof typeof BLOCK_PROBLEMS;

export interface BlockProblem {
  code: BlockProblemCode;
  /** What is wrong and how to put it right, for the person who wrote the block. */
  message: string;
}

const problem = (code: BlockProblemCode, detail: string): { problem: BlockProblem } => ({
  problem: { code, message: `${BLOCK_PROBLEMS[code]}: ${detail}` },
});

const FILTER_KEYS = ['folder', 'tag', 'site', 'author'] as const;
const KEYS = ['query', 'related', 'map', 'mode', 'k', ...FILTER_KEYS] as const;
const MODES: readonly SearchMode[] = ['hybrid', 'semantic', 'keyword'];

/** The defaults and limits of `k`, per kind of block. */
export const BLOCK_K = {
  query: { default: 8, min: 1, max: 50 },
  related: { default: 8, min: 1, max: 50 },
  map: { default: 15, min: 5, max: 60 },
} as const;

/** Reads a block's source. Never throws: a bad block is a problem to show. */
export function parseKindredBlock(source: string): { block: KindredBlock } | { problem: BlockProblem } {
  let data: unknown;
  try {
    // Errors still throw; warnings (an odd directive) would only go to the console.
    data = parseYaml(source, { logLevel: 'error' });
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line})` : '';
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    return problem('bad-yaml', `${first}${where}. Write one "key: value" a line, as in "query: what I am looking for".`);
  }
  if (data === null || data === undefined) return problem('nothing-asked', 'write "query: …", "related: this" or "map: this".');
  if (typeof data !== 'object' || Array.isArray(data)) return problem('not-a-mapping', 'write "query: …", "related: this" or "map: this".');
  const record = data as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) {
      return problem('unknown-key', `"${key}". The keys are ${KEYS.join(', ')}.`);
    }
  }
  const asked = (['query', 'related', 'map'] as const).filter((k) => record[k] !== undefined && record[k] !== null);
  if (asked.length === 0) return problem('nothing-asked', 'write "query: …", "related: this" or "map: this".');
  if (asked.length > 1) return problem('too-much-asked', `${asked.join(' and ')}; keep one, or write a block for each.`);
  const kind = asked[0];

  const limits = BLOCK_K[kind];
  let k: number = limits.default;
  if (record.k !== undefined && record.k !== null) {
    if (typeof record.k !== 'number' || !Number.isInteger(record.k) || record.k < limits.min || record.k > limits.max) {
      return problem('bad-k', `from ${limits.min} to ${limits.max} for ${kind === 'map' ? 'a map' : `a ${kind} list`} (got ${JSON.stringify(record.k)}).`);
    }
    k = record.k;
  }

  if (kind === 'query') {
    const query = textOf(record.query);
    if (query === null || query.trim() === '') return problem('bad-value', 'query should be the text to search for.');
    const mode = record.mode ?? 'hybrid';
    if (typeof mode !== 'string' || !(MODES as readonly string[]).includes(mode)) {
      return problem('unknown-mode', `${JSON.stringify(mode)}. Use hybrid, semantic or keyword.`);
    }
    const filter: NoteFilter = {};
    for (const key of FILTER_KEYS) {
      if (record[key] === undefined || record[key] === null) continue;
      const value = textOf(record[key]);
      if (value === null || value.trim() === '') return problem('bad-value', `${key} should be text (got ${JSON.stringify(record[key])}).`);
      filter[key] = value.trim();
    }
    return { block: { kind, query: query.trim(), mode: mode as SearchMode, k, filter } };
  }

  if (record.mode !== undefined) return problem('unknown-key', `"mode" works with a query only; ${kind} has none.`);
  const filters = FILTER_KEYS.filter((key) => record[key] !== undefined);
  if (filters.length > 0) return problem('filter-on-note', `${filters.join(', ')} with ${kind}; use them with "query: …".`);
  const note = noteOf(record[kind]);
  if (note === undefined) return problem('bad-note', `${kind} should be "this" or a link such as [[Some note]] (got ${JSON.stringify(record[kind])}).`);
  return { block: { kind, note, k } };
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * "this" → `null`; `[[Some note]]` → "Some note". YAML reads an unquoted `[[Some note]]` as a
 * list holding a list, so that shape is a link too; `"[[Some note]]"` and a bare name are.
 */
function noteOf(value: unknown): string | null | undefined {
  if (Array.isArray(value) && value.length === 1 && Array.isArray(value[0]) && value[0].length === 1) value = `[[${String(value[0][0])}]]`;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.toLowerCase() === 'this') return null;
  const link = /^\[\[([^\]]*)\]\]$/.exec(text);
  if (!link && text.startsWith('[[')) return undefined;
  const target = (link ? link[1] : text).split('|')[0].trim();
  return target === '' ? undefined : target;
}

/** The block that keeps a search from the search modal, fenced, ending with a newline. */
export function queryBlockText(search: { query: string; mode: SearchMode; k: number; filter?: NoteFilter }): string {
  // One line: a line of the query starting with ``` would end the block early.
  const data: Record<string, unknown> = { query: search.query.replace(/\s+/g, ' ').trim(), mode: search.mode, k: search.k };
  for (const key of FILTER_KEYS) if (search.filter?.[key]) data[key] = search.filter[key];
  // YAML quotes what needs it (a colon, a leading #, a number-like query), so the block reads back the same.
  const yaml = stringifyYaml(data, { lineWidth: 0 });
  return '```kindred\n' + yaml + '```\n';
}
