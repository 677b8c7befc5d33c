import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseQueryLines } from '../../core/eval/query-set';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { readBeirCollection, writeBeirVault } from './beir-vault';
import { evaluateBeir } from './eval-beir';
import { formatBeirReport, formatReport } from './eval-report';
import { evaluateVault } from './eval-vault';
import { parseFlags } from './parse-flags';
import { openDefaultSession, type OpenSession } from './ranking-session';

export type { BeirReport, EvalReport } from './eval-report';
export { formatReport } from './eval-report';

const USAGE = `Usage: kindred eval --vault DIR [options]
       kindred eval --beir COLLECTION [--vault DIR] [options]

Measures related notes against the vault's own links: for every note that links to other
notes, those notes are the relevant set. Prints recall@10, recall@20 and nDCG@10 for the
full related ranking, vector only, keyword "more like this" only and a MiniSearch BM25
baseline, and how often the top result shares the note's front matter group (e.g. sequence).

With --beir, measures search on a collection in BEIR's format (a folder with corpus.jsonl,
queries.jsonl, each may be .gz, and qrels.tsv or qrels/test.tsv): the corpus is written into
a vault once (one note per document, its title in front matter; default folder
${join(tmpdir(), 'kindred-beir-<name>')}), indexed with the real model, and keyword, semantic
and hybrid search are scored against the judgements, with a query's own document left out as
BEIR does, beside a MiniSearch BM25 baseline; so are related notes of each query's own document.

Options:
  --vault DIR          the vault folder (required without --beir)
  --beir COLLECTION    a BEIR collection folder
  --queries FILE       also score a query set: lines {"id","text","relevant":[note names]}
                       for keyword, semantic and hybrid search
  --group-key KEY      front matter key for the same-group rate (default: sequence)
  --sweep              also compare fusion methods, weights and minimum scores
  --sweep-queries      compare only the query variants: keyword field weights, hybrid fusions (minutes)
  --model-dir DIR      a folder with the USE-lite model files (default: the installed package)
  --json               print the numbers as JSON`;

/** Builds the `eval` command; `open` is swapped in tests. */
export function evalCommand(open: OpenSession = openDefaultSession): CliCommand {
  return {
    name: 'eval',
    summary: 'measure related notes and search against the vault\'s own links or a BEIR collection',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        vault: 'string',
        beir: 'string',
        queries: 'string',
        'group-key': 'string',
        'model-dir': 'string',
        sweep: 'switch',
        'sweep-queries': 'switch',
        json: 'switch',
      });
      const beirDir = flags.values.get('beir');
      let vault = flags.values.get('vault');
      if (!vault && !beirDir) throw new UsageError('--vault DIR is required (or --beir COLLECTION)');
      if (flags.positionals.length) throw new UsageError(`unexpected argument ${flags.positionals[0]}`);
      if (beirDir && (flags.values.has('queries') || flags.values.has('group-key'))) {
        throw new UsageError('--beir takes its queries from the collection: drop --queries and --group-key');
      }
      const queryFile = flags.values.get('queries');
      const queryLines = queryFile ? parseQueryLines(await readFile(resolve(io.cwd, queryFile))) : undefined;
      const progress = (line: string) => io.stderr(line + '\n');
      // A collection is read and written into its vault before the model loads.
      const collection = beirDir ? await readBeirCollection(resolve(io.cwd, beirDir)) : null;
      const written = collection ? await writeBeirVault(collection, resolve(io.cwd, (vault ??= join(tmpdir(), `kindred-beir-${collection.name}`)))) : null;
      if (collection && written) progress(`${written.written ? 'wrote' : 'reusing'} ${collection.documents.length} notes in ${written.folder}`);

      const session = await open({ vault: vault!, cwd: io.cwd, modelDir: flags.values.get('model-dir'), withModel: true, progress });
      try {
        const embedQuery = session.embedQuery;
        if (!embedQuery) throw new Error(`evaluation needs the embedding model: ${session.modelProblem ?? 'it is not available'}`);
        const json = flags.switches.has('json');
        const sweep = flags.switches.has('sweep');
        const sweepQueries = sweep || flags.switches.has('sweep-queries');
        if (collection && written) {
          const report = await evaluateBeir({ ...session, embedQuery }, collection, written, { sweep, sweepQueries, progress });
          io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : formatBeirReport(report));
        } else {
          const groupKey = flags.values.get('group-key') ?? 'sequence';
          const report = await evaluateVault({ ...session, embedQuery }, { groupKey, queryLines, sweep, sweepQueries, progress });
          io.stdout(json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
        }
        return 0;
      } finally {
        await session.close();
      }
    },
  };
}

async function readFile(path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch {
    throw new Error(`cannot read the query file ${path}`);
  }
}

export const evaluation = evalCommand();
