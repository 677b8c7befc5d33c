import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseQueryLines } from '../../core/eval/query-set';
import { UsageError, type CliCommand, type CliIO } from '../command';
import type { OpenSession } from '../ranking-session';
import { INIT_FLAG, MODEL_DIR_FLAG, VAULT_FLAGS, vaultRequest, type VaultRequest } from '../vault-request';
import { readBeirCollection, writeBeirVault } from './beir-vault';
import { evaluateBeir } from './eval-beir';
import { formatBeirReport, formatReport } from './eval-report';
import { evaluateVault } from './eval-vault';
import { noPositionals, parseFlags } from './parse-flags';

export type { BeirReport, EvalReport } from './eval-report';

const USAGE = `Usage: kindred eval --vault DIR [options]
       kindred eval --beir COLLECTION [--vault DIR] [options]

Measures related notes against the vault's own links: for every note that links to other
notes, those notes are the relevant set. Prints recall@10, recall@20 and nDCG@10 for the
full related ranking, vector only, keyword "more like this" only and a MiniSearch BM25
baseline, and how often the top result shares the note's front matter group (e.g. sequence).

With --beir, measures search on a collection in BEIR's format (a folder with corpus.jsonl and
queries.jsonl, either may be .gz, and qrels.tsv or qrels/test.tsv): the corpus is written into
a vault once (one note per document, its title in front matter; default folder
${join(tmpdir(), 'kindred-beir-<name>')}), indexed with the real model, and keyword, semantic
and hybrid search are scored against the judgements beside a MiniSearch BM25 baseline, a
query's own document left out as BEIR does; so are related notes of each query's own document.

Options:
  --vault DIR          the vault folder (required without --beir)
  --config-dir NAME    the vault's config folder (default .obsidian)
  --init               make DIR a vault (create its config folder) if it is not one
  --beir COLLECTION    a BEIR collection folder
  --queries FILE       also score a query set: lines {"id","text","relevant":[note names]}
                       for keyword, semantic and hybrid search
  --group-key KEY      front matter key for the same-group rate (default: sequence)
  --sweep              also compare fusion methods, weights and minimum scores
  --sweep-queries      compare only the query variants: keyword field weights, hybrid fusions (minutes)
  --sweep-only TEXT    only the sweep rows whose names contain TEXT (parts split by commas; implies --sweep-queries)
  --model-dir DIR      a folder with the USE-lite model files (default: the installed package)
  --json               print the numbers as JSON`;

/** Builds the `eval` command over a session opener (the real index and model, or a test's). */
export function evalCommand(open: OpenSession): CliCommand {
  return {
    name: 'eval',
    summary: 'measure related notes and search against the vault\'s own links or a BEIR collection',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        ...VAULT_FLAGS,
        ...INIT_FLAG,
        ...MODEL_DIR_FLAG,
        beir: 'string',
        queries: 'string',
        'group-key': 'string',
        sweep: 'switch',
        'sweep-queries': 'switch',
        'sweep-only': 'string',
        json: 'switch',
      });
      const beirDir = flags.values.get('beir');
      if (beirDir && (flags.values.has('queries') || flags.values.has('group-key'))) {
        throw new UsageError('--beir takes its queries from the collection: drop --queries and --group-key');
      }
      noPositionals(flags);
      const progress = (line: string) => io.stderr(line + '\n');
      // A collection is read and written into its vault before the model loads.
      const collection = beirDir ? await readBeirCollection(resolve(io.cwd, beirDir)) : null;
      let request: VaultRequest;
      if (collection) {
        const vault = flags.values.get('vault') ?? join(tmpdir(), `kindred-beir-${collection.name}`);
        request = { ...(flags.values.has('vault') ? vaultRequest(flags, io, true) : { vault, cwd: io.cwd, configDir: flags.values.get('config-dir') ?? '.obsidian', modelDir: flags.values.get('model-dir'), withModel: true }), init: true };
      } else {
        request = vaultRequest(flags, io, true);
      }
      const written = collection ? await writeBeirVault(collection, resolve(io.cwd, request.vault)) : null;
      if (collection && written) progress(`${written.written ? 'wrote' : 'reusing'} ${collection.documents.length} notes in ${written.folder}`);
      const queryFile = flags.values.get('queries');
      const queryLines = queryFile ? parseQueryLines(await readFile(resolve(io.cwd, queryFile))) : undefined;

      const session = await open({ ...request, command: 'eval', progress });
      try {
        const model = await session.prepare();
        const embedQuery = model.embedQuery;
        if (!embedQuery) throw new Error(`evaluation needs the embedding model: ${model.modelProblem ?? 'it is not available'}`);
        const json = flags.switches.has('json');
        const warnings = session.warnings();
        if (!json) for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
        const ready = { ...session, ...model, embedQuery };
        const sweep = flags.switches.has('sweep');
        const sweepOnly = flags.values.get('sweep-only');
        const sweepQueries = sweep || flags.switches.has('sweep-queries') || sweepOnly !== undefined;
        if (collection && written) {
          const report = await evaluateBeir(ready, collection, written, { sweep, sweepQueries, sweepOnly, progress });
          io.stdout(json ? JSON.stringify({ ...report, warnings }, null, 2) + '\n' : formatBeirReport(report));
        } else {
          const groupKey = flags.values.get('group-key') ?? 'sequence';
          const report = await evaluateVault(ready, { groupKey, queryLines, sweep, sweepQueries, sweepOnly, progress });
          io.stdout(json ? JSON.stringify({ ...report, warnings }, null, 2) + '\n' : formatReport(report));
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
