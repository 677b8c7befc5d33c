import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { parseQueryLines } from '../../core/eval/query-set';
import { searchNotes, SEARCH_DEFAULTS, type SearchMode, type SearchRequest, type SearchResult } from '../../core/rank/search-notes';
import type { NoteFilter } from '../../core/rank/note-filter';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { formatScore, passageLine } from './format-results';
import { parseFlags } from './parse-flags';
import { openDefaultSession, type OpenSession, type RankingSession } from './ranking-session';

const USAGE = `Usage: kindred query "<text>" --vault DIR [options]
       kindred query --queries FILE.jsonl --vault DIR [options]

Searches the vault. Results are notes, each with its best passage; in keyword and hybrid
mode the matched words are marked ==like this== (Obsidian's highlight).

Options:
  --vault DIR            the vault folder (required)
  --mode MODE            hybrid (default), semantic or keyword
  --k N                  how many notes (default ${SEARCH_DEFAULTS.k})
  --folder F             only notes in folder F (and its subfolders)
  --tag T                only notes with tag T (or a tag nested under it)
  --site S, --author A   only notes whose front matter site / author is S / A
  --queries FILE.jsonl   one query a line, {"id": "...", "text": "..."}; prints one line
                         {"id": "...", "results": [...]} per query, loading the model once
  --model-dir DIR        a folder with the USE-lite model files (default: the installed package)
  --json                 print {"results":[{"path","title","score","passage"}]}

Semantic and hybrid need the model; without it they say so, and keyword still works.`;

const MODES: readonly SearchMode[] = ['hybrid', 'semantic', 'keyword'];

/** Builds the `query` command; `open` is swapped in tests. */
export function queryCommand(open: OpenSession = openDefaultSession): CliCommand {
  return {
    name: 'query',
    summary: 'search the vault by keyword, meaning or both',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        vault: 'string',
        mode: 'string',
        k: 'count',
        folder: 'string',
        tag: 'string',
        site: 'string',
        author: 'string',
        queries: 'string',
        'model-dir': 'string',
        json: 'switch',
      });
      const vault = flags.values.get('vault');
      if (!vault) throw new UsageError('--vault DIR is required');
      const mode = (flags.values.get('mode') ?? 'hybrid') as SearchMode;
      if (!MODES.includes(mode)) throw new UsageError(`--mode must be hybrid, semantic or keyword, not '${mode}'`);
      const file = flags.values.get('queries');
      const text = flags.positionals.join(' ').trim();
      if (file && text) throw new UsageError('give a query or --queries FILE, not both');
      if (!file && !text) throw new UsageError('give the query text, or --queries FILE.jsonl');
      const filter: NoteFilter = {
        folder: flags.values.get('folder'),
        tag: flags.values.get('tag'),
        site: flags.values.get('site'),
        author: flags.values.get('author'),
      };
      const k = flags.counts.get('k') ?? SEARCH_DEFAULTS.k;
      // Read and check the file before the model loads: a typo should not cost a minute.
      const lines = file ? await readQueries(resolve(io.cwd, file)) : [{ id: '', text }];

      const session = await open({
        vault,
        cwd: io.cwd,
        modelDir: flags.values.get('model-dir'),
        withModel: mode !== 'keyword',
        progress: (line) => io.stderr(line + '\n'),
      });
      try {
        if (mode !== 'keyword' && !session.embedQuery) {
          throw new Error(
            `${mode} search needs the embedding model: ${session.modelProblem ?? 'it is not available'}. Keyword search still works: --mode keyword.`,
          );
        }
        for (const line of lines) {
          const results = await run(session, { ...filter, text: line.text, mode, k });
          if (file) io.stdout(JSON.stringify({ id: line.id, results: results.map(jsonResult) }) + '\n');
          else if (flags.switches.has('json')) io.stdout(JSON.stringify({ results: results.map(jsonResult) }) + '\n');
          else io.stdout(textResults(line.text, mode, results));
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

function run(session: RankingSession, request: SearchRequest): Promise<SearchResult[]> {
  return searchNotes(session.reader, request, { tokenize: session.tokenize, embedQuery: session.embedQuery });
}

function jsonResult(r: SearchResult) {
  return { path: r.path, title: r.title, score: r.score, passage: r.passage };
}

function textResults(text: string, mode: SearchMode, results: SearchResult[]): string {
  if (results.length === 0) return `No notes match "${text}" (${mode}).\n`;
  const lines = [`${results.length} notes for "${text}" (${mode}):`];
  results.forEach((r, i) => {
    lines.push(`${String(i + 1).padStart(3)}. ${formatScore(r.score)}  ${r.title}  (${r.path})`);
    lines.push(`       ${passageLine(r.passage)}`);
  });
  return lines.join('\n') + '\n';
}

export const query = queryCommand();
