import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { parseQueryLines } from '../../core/eval/query-set';
import { searchNotes, SEARCH_DEFAULTS, type SearchMode, type SearchRequest, type SearchResult } from '../../core/rank/search-notes';
import { hasFilter, matchesFilter, type NoteFilter } from '../../core/rank/note-filter';
import { UsageError, type CliCommand, type CliIO } from '../command';
import type { OpenSession, RankingSession, SessionModel } from '../ranking-session';
import { INIT_FLAG, MODEL_DIR_FLAG, VAULT_FLAGS, vaultRequest } from '../vault-request';
import { formatScore, passageLine, quotedQuery } from './format-results';
import { parseFlags } from './parse-flags';
import { plural } from './plural';

const USAGE = `Usage: kindred query "<text>" --vault DIR [options]
       kindred query --queries FILE.jsonl --vault DIR [options]

Searches the vault. Results are notes, each with its best passage; in keyword and hybrid
mode the matched words are marked ==like this== (Obsidian's highlight) in JSON, and stand out
in a terminal.

Options:
  --vault DIR            the vault folder (required)
  --config-dir NAME      the vault's config folder (default .obsidian)
  --init                 make DIR a vault (create its config folder) if it is not one
  --mode MODE            hybrid (default), semantic or keyword
  --k N                  how many notes (default ${SEARCH_DEFAULTS.k})
  --folder F             only notes in folder F (and its subfolders)
  --tag T                only notes with tag T (or a tag nested under it)
  --site S               only notes whose front matter site is S
  --author A             only notes whose front matter author is A
  --queries FILE.jsonl   one query a line, {"id": "...", "text": "..."}; prints one line
                         {"id": "...", "results": [...]} per query, loading the model once
  --model-dir DIR        a folder with the USE-lite model files (default: the installed package)
  --json                 print {"results":[{"path","title","score","passage"}],"warnings":[]}

Semantic and hybrid need the model; without it they say so, and keyword still works.`;

const MODES: readonly SearchMode[] = ['hybrid', 'semantic', 'keyword'];
const FILTER_FLAGS = ['folder', 'tag', 'site', 'author'] as const;

/** Builds the `query` command over a session opener (the real index and model, or a test's). */
export function queryCommand(open: OpenSession): CliCommand {
  return {
    name: 'query',
    summary: 'search the vault by keyword, meaning or both',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        ...VAULT_FLAGS,
        ...INIT_FLAG,
        ...MODEL_DIR_FLAG,
        mode: 'string',
        k: 'count',
        folder: 'string',
        tag: 'string',
        site: 'string',
        author: 'string',
        queries: 'string',
        json: 'switch',
      });
      const mode = (flags.values.get('mode') ?? 'hybrid') as SearchMode;
      if (!MODES.includes(mode)) throw new UsageError(`--mode must be hybrid, semantic or keyword, not '${mode}'`);
      const request = vaultRequest(flags, io, mode !== 'keyword');
      const file = flags.values.get('queries');
      const text = flags.positionals.join(' ').trim();
      if (file && text) throw new UsageError('give a query or --queries FILE, not both');
      if (!file && !text) throw new UsageError('give the query text, or --queries FILE.jsonl');
      const filter: NoteFilter = {};
      for (const f of FILTER_FLAGS) if (flags.values.has(f)) filter[f] = flags.values.get(f);
      const k = flags.counts.get('k') ?? SEARCH_DEFAULTS.k;
      const json = flags.switches.has('json');
      // Read and check the file before the model loads: a typo should not cost a minute.
      const lines = file ? await readQueries(resolve(io.cwd, file)) : [{ id: '', text }];

      const session = await open({ ...request, command: 'query', progress: (line) => io.stderr(line + '\n') });
      try {
        const model = await session.prepare();
        if (mode !== 'keyword' && !model.embedQuery) {
          throw new Error(
            `${mode} search needs the embedding model: ${model.modelProblem ?? 'it is not available'}. Keyword search still works: --mode keyword.`,
          );
        }
        const warnings = session.warnings();
        // JSON lines (--queries) have no place for them: they go to stderr, as in text mode.
        if (!json || file) for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
        const unmatched = hasFilter(filter) && ![...session.reader.allNotes()].some((n) => matchesFilter(n, filter));
        for (const line of lines) {
          const results = unmatched ? [] : await run(session, model, { ...filter, text: line.text, mode, k });
          if (file) io.stdout(JSON.stringify({ id: line.id, results: results.map(jsonResult) }) + '\n');
          else if (json) {
            io.stdout(JSON.stringify({ results: results.map(jsonResult), ...(unmatched ? { message: filterMessage(filter) } : {}), warnings }) + '\n');
          } else io.stdout(unmatched ? `${filterMessage(filter)}.\n` : textResults(line.text, mode, results, io.colour ?? false));
        }
        return 0;
      } finally {
        await session.close();
      }
    },
  };
}

async function readQueries(path: string): Promise<{ id: string; text: string }[]> {
  let source: string;
  try {
    source = await fs.readFile(path, 'utf8');
  } catch {
    throw new Error(`cannot read the query file ${path}`);
  }
  const lines = parseQueryLines(source);
  if (lines.length === 0) throw new Error(`the query file ${path} has no queries`);
  return lines;
}

function run(session: RankingSession, model: SessionModel, request: SearchRequest): Promise<SearchResult[]> {
  return searchNotes(session.reader, request, { tokenize: session.tokenize, embedQuery: model.embedQuery });
}

function jsonResult(r: SearchResult) {
  return { path: r.path, title: r.title, score: r.score, passage: r.passage };
}

/** Says that the filter, not the query, left nothing: no note in the index passes it. */
function filterMessage(filter: NoteFilter): string {
  const given = FILTER_FLAGS.filter((f) => filter[f] !== undefined).map((f) => `--${f} ${filter[f]}`);
  return `No note in the index matches ${given.join(' ')}, so nothing was searched`;
}

function textResults(text: string, mode: SearchMode, results: SearchResult[], colour: boolean): string {
  if (results.length === 0) return `No notes match ${quotedQuery(text)} (${mode}).\n`;
  const lines = [`${plural(results.length, 'note')} for ${quotedQuery(text)} (${mode}):`];
  results.forEach((r, i) => {
    lines.push(`${String(i + 1).padStart(3)}. ${formatScore(r.score)}  ${r.title}  (${r.path})`);
    lines.push(`       ${passageLine(r.passage, colour)}`);
  });
  return lines.join('\n') + '\n';
}
