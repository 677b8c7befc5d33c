import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { bm25RelatedRanker, type MiniSearchLike } from '../../core/eval/bm25-baseline';
import { evaluateRankings, type Ranker, type RankerScores } from '../../core/eval/evaluate-rankings';
import { linkGraphCases, topResultSameGroupRate, type LinkCase } from '../../core/eval/link-graph-cases';
import { sweepMinScore, type MinScoreRow, type ScoredList } from '../../core/eval/min-score-sweep';
import { parseQueryLines, resolveQueryCases, type QueryCase } from '../../core/eval/query-set';
import { relatedRanker, type RelatedVariant } from '../../core/eval/related-rankers';
import type { Fusion } from '../../core/rank/fuse-scores';
import { MORE_LIKE_THIS } from '../../core/index/note-store';
import { rankRelated, sourceFromIndexedNote } from '../../core/rank/rank-related';
import { searchNotes, type SearchContext, type SearchMode } from '../../core/rank/search-notes';
import type { CliCommand, CliIO } from '../command';
import type { OpenSession, RankingSession, SessionModel } from '../ranking-session';
import { INIT_FLAG, MODEL_DIR_FLAG, VAULT_FLAGS, vaultRequest } from '../vault-request';
import { noPositionals, parseFlags } from './parse-flags';

const USAGE = `Usage: kindred eval --vault DIR [options]

Measures related notes against the vault's own links: for every note that links to other
notes, those notes are the relevant set. Prints recall@10, recall@20 and nDCG@10 for the
full related ranking, vector only, keyword "more like this" only and a MiniSearch BM25
baseline, and how often the top result shares the note's front matter group (e.g. sequence).

Options:
  --vault DIR          the vault folder (required)
  --config-dir NAME    the vault's config folder (default .obsidian)
  --init               make DIR a vault (create its config folder) if it is not one
  --queries FILE       also score a query set: lines {"id","text","relevant":[note names]}
                       for keyword, semantic and hybrid search
  --group-key KEY      front matter key for the same-group rate (default: sequence)
  --sweep              also compare fusion methods, weights and minimum scores
  --sweep-queries      compare only the query variants: keyword field weights, hybrid fusions (minutes)
  --model-dir DIR      a folder with the USE-lite model files (default: the installed package)
  --json               print the numbers as JSON`;

/** Everything `kindred eval` measured. */
export interface EvalReport {
  notes: number;
  related: RankerScores[];
  sameGroup: { key: string; rate: number; cases: number } | null;
  queries?: RankerScores[];
  sweep?: { related?: RankerScores[]; minScore?: MinScoreRow[]; queries?: RankerScores[] };
}

/** A session once its model is loaded: what the evaluation reads. */
type ReadySession = RankingSession & SessionModel;

/** Builds the `eval` command over a session opener (the real index and model, or a test's). */
export function evalCommand(open: OpenSession): CliCommand {
  return {
    name: 'eval',
    summary: 'measure related notes and search against the vault\'s own links',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        ...VAULT_FLAGS,
        ...INIT_FLAG,
        ...MODEL_DIR_FLAG,
        queries: 'string',
        'group-key': 'string',
        sweep: 'switch',
        'sweep-queries': 'switch',
        json: 'switch',
      });
      const request = vaultRequest(flags, io, true);
      noPositionals(flags);
      const queryFile = flags.values.get('queries');
      const queryLines = queryFile ? parseQueryLines(await readFile(resolve(io.cwd, queryFile))) : undefined;

      const session = await open({ ...request, command: 'eval', progress: (line) => io.stderr(line + '\n') });
      try {
        const model = await session.prepare();
        if (!model.embedQuery) {
          throw new Error(`evaluation needs the embedding model: ${model.modelProblem ?? 'it is not available'}`);
        }
        const json = flags.switches.has('json');
        const warnings = session.warnings();
        if (!json) for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
        const report = await evaluate({ ...session, ...model }, {
          groupKey: flags.values.get('group-key') ?? 'sequence',
          queryLines,
          sweep: flags.switches.has('sweep'),
          sweepQueries: flags.switches.has('sweep') || flags.switches.has('sweep-queries'),
          progress: (line) => io.stderr(line + '\n'),
        });
        io.stdout(json ? JSON.stringify({ ...report, warnings }, null, 2) + '\n' : formatReport(report));
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

const mm = (weights: number[]): Fusion => ({ method: 'minmax', weights });

/**
 * The related-notes variants `--sweep` compares (fusion weights: vector / keyword / title
 * mention). Each row is one candidate signal or fusion measured on the same cases; the
 * default (`RELATED_DEFAULTS`) is the "full" row. "no link text" rows are the control that
 * removes the open note's wiki links before ranking.
 */
export const RELATED_SWEEP: Record<string, RelatedVariant> = {
  'vector only, raw note cosine': { strategy: 'vector', vectorSignal: 'cosine' },
  'vector only, centred note cosine': { strategy: 'vector', vectorSignal: 'centered' },
  'vector only, best chunk pair': { strategy: 'vector', vectorSignal: 'best-pair' },
  'vector only, mean of top-3 chunk pairs': { strategy: 'vector', vectorSignal: 'top3-pairs' },
  'keyword only, 100 terms': { strategy: 'keyword', keywordTerms: 100 },
  'keyword only, 400 terms': { strategy: 'keyword', keywordTerms: 400 },
  'keyword only, terms in at most half the notes': { strategy: 'keyword', keywordMaxDocShare: 0.5 },
  'keyword only, terms in at most a fifth of the notes': { strategy: 'keyword', keywordMaxDocShare: 0.2 },
  'full, terms in at most half the notes': { keywordMaxDocShare: 0.5 },
  'full, terms in at most a fifth of the notes': { keywordMaxDocShare: 0.2 },
  ...Object.fromEntries(
    (['cosine', 'centered', 'best-pair', 'top3-pairs'] as const).flatMap((signal) =>
      [0.2, 0.3, 0.5].map((w): [string, RelatedVariant] => [
        `minmax ${w}/1/0, ${signal}`,
        { fusion: mm([w, 1, 0]), vectorSignal: signal },
      ]),
    ),
  ),
  'minmax 1/3/0, raw cosine (the old weights)': { fusion: mm([1, 3, 0]), vectorSignal: 'cosine' },
  'zscore 0.3/1/0, centered': { fusion: { method: 'zscore', weights: [0.3, 1, 0] } },
  'rrf k=10 1/3/0, centered': { fusion: { method: 'rrf', k: 10, weights: [1, 3, 0] } },
  'rrf k=60 1/1/0, centered': { fusion: { method: 'rrf', k: 60, weights: [1, 1, 0] } },
  ...Object.fromEntries(
    [0.2, 0.4, 0.75, 1].map((w): [string, RelatedVariant] => [`minmax 0/1/${w} (keyword + title)`, { fusion: mm([0, 1, w]) }]),
  ),
  ...Object.fromEntries(
    [0.2, 0.3, 0.75].flatMap((v) =>
      [0.3, 0.4, 0.75].map((t): [string, RelatedVariant] => [`minmax ${v}/1/${t}, centered`, { fusion: mm([v, 1, t]) }]),
    ),
  ),
  ...Object.fromEntries(
    (['cosine', 'best-pair', 'top3-pairs'] as const).map((signal): [string, RelatedVariant] => [
      `minmax 0.5/1/0.4, ${signal}`,
      { fusion: mm([0.5, 1, 0.4]), vectorSignal: signal },
    ]),
  ),
  'zscore 0.5/1/0.4, centered': { fusion: { method: 'zscore', weights: [0.5, 1, 0.4] } },
  'rrf k=10 1/3/2, centered': { fusion: { method: 'rrf', k: 10, weights: [1, 3, 2] } },
  'rrf k=30 1/3/2, centered': { fusion: { method: 'rrf', k: 30, weights: [1, 3, 2] } },
  'no link text: keyword only': { strategy: 'keyword', withoutLinkText: true },
  'no link text: minmax 0.5/1/0, centered': { fusion: mm([0.5, 1, 0]), withoutLinkText: true },
  'no link text: minmax 0/1/0.4 (keyword + title)': { fusion: mm([0, 1, 0.4]), withoutLinkText: true },
  'no link text: full (default)': { withoutLinkText: true },
};

/** A search variant under comparison: hybrid unless it says otherwise. */
type QueryVariant = Partial<SearchContext> & { mode?: SearchMode };

/** The variants `--sweep` and `--sweep-queries` compare for queries: keyword field weights, then hybrid fusions (keyword list / semantic list). */
export const QUERY_SWEEP: Record<string, QueryVariant> = {
  // Keyword field weights (title / headings / words the last term only begins); the default is TYPED_QUERY.
  'keyword, the weights of "more like this" (2 / 1.5 / 1)': { mode: 'keyword', keywordWeights: MORE_LIKE_THIS },
  'keyword, 0 / 0 / 1': { mode: 'keyword', keywordWeights: { boost: { title: 0, headings: 0 }, prefixWeight: 1 } },
  'keyword, 0 / 0 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0, headings: 0 }, prefixWeight: 0.375 } },
  'keyword, 0.5 / 0 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0.5, headings: 0 }, prefixWeight: 0.375 } },
  'keyword, 0.25 / 0.25 / 0.375': { mode: 'keyword', keywordWeights: { boost: { title: 0.25, headings: 0.25 }, prefixWeight: 0.375 } },
  'hybrid, keyword with the weights of "more like this"': { keywordWeights: MORE_LIKE_THIS },
  'semantic mode, note vector': { mode: 'semantic', semanticScore: 'note' },
  'semantic mode, best chunk': { mode: 'semantic', semanticScore: 'chunk' },
  'orama defaults (max 0.5/0.5, similarity 0.8)': { fusion: { method: 'max', weights: [0.5, 0.5] }, minSimilarity: 0.8 },
  'max 0.5/0.5, no similarity floor': { fusion: { method: 'max', weights: [0.5, 0.5] }, minSimilarity: -1 },
  'rrf k=60': { fusion: { method: 'rrf', k: 60 } },
  'rrf k=60, best chunk': { fusion: { method: 'rrf', k: 60 }, semanticScore: 'chunk' },
  'minmax 0.5/0.5, best chunk': { fusion: { method: 'minmax', weights: [0.5, 0.5] }, semanticScore: 'chunk' },
  ...Object.fromEntries(
    [0.2, 0.3, 0.4, 0.5, 0.6, 0.7].flatMap((w): [string, QueryVariant][] => [
      [`minmax ${w}/${Math.round((1 - w) * 10) / 10}`, { fusion: { method: 'minmax', weights: [w, 1 - w] } }],
      [`zscore ${w}/${Math.round((1 - w) * 10) / 10}`, { fusion: { method: 'zscore', weights: [w, 1 - w] } }],
    ]),
  ),
};

interface EvaluateOptions {
  groupKey: string;
  queryLines?: ReturnType<typeof parseQueryLines>;
  sweep: boolean;
  /** The query variants alone (also part of `sweep`). */
  sweepQueries?: boolean;
  progress: (line: string) => void;
}

async function evaluate(session: ReadySession, options: EvaluateOptions): Promise<EvalReport> {
  const { reader, tokenize } = session;
  const readText = (p: string) => session.readText(p);
  const cases = linkGraphCases(reader);
  const context = { reader, tokenize, readText };
  options.progress(`evaluating related notes on ${cases.length} notes with links…`);

  const rankers: Record<string, Ranker<LinkCase>> = {
    'related (full)': relatedRanker(context),
    'vector only': relatedRanker(context, { strategy: 'vector' }),
    'keyword more-like-this only': relatedRanker(context, { strategy: 'keyword' }),
  };
  const miniSearch = await miniSearchOver(session);
  if (miniSearch) rankers['MiniSearch BM25 (whole note)'] = bm25RelatedRanker(miniSearch, readText);
  else options.progress('MiniSearch is not installed: the BM25 baseline is skipped (npm i -D minisearch).');
  const related = await evaluateRankings(cases, rankers);

  const tops = new Map<string, string | undefined>();
  const fused = relatedRanker(context);
  for (const c of cases) tops.set(c.path, (await fused(c))[0]);
  const group = (path: string) => {
    const value = reader.getNote(path)?.frontMatter[options.groupKey];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  // Over every embedded note with a group, not only the linked ones.
  for (const note of reader.allNotes()) {
    if (!note.vector || tops.has(note.path) || !group(note.path)) continue;
    tops.set(note.path, (await fused({ id: note.path, path: note.path, relevant: new Set() }))[0]);
  }
  const same = topResultSameGroupRate(tops, group);
  const report: EvalReport = {
    notes: reader.noteCount(),
    related,
    sameGroup: same ? { key: options.groupKey, ...same } : null,
  };

  let queryCases: QueryCase[] = [];
  if (options.queryLines) {
    queryCases = resolveQueryCases(options.queryLines, [...reader.allNotes()].map((n) => n.path));
    options.progress(`evaluating ${queryCases.length} queries…`);
    const modes: SearchMode[] = ['keyword', 'semantic', 'hybrid'];
    const queryRankers: Record<string, Ranker<QueryCase>> = Object.fromEntries(
      modes.map((mode) => [mode, queryRanker(session, mode, {})]),
    );
    if (miniSearch) {
      const search = miniSearch;
      queryRankers['MiniSearch BM25 (keyword baseline)'] = (c) =>
        Promise.resolve(search.search(c.text, { combineWith: 'OR' }).slice(0, 20).map((h) => String(h.id)));
    }
    report.queries = await evaluateRankings(queryCases, queryRankers);
  }

  if (options.sweep) {
    options.progress('sweeping fusions and minimum scores…');
    const sweepRankers: Record<string, Ranker<LinkCase>> = {};
    for (const [name, v] of Object.entries(RELATED_SWEEP)) sweepRankers[name] = relatedRanker(context, v);
    const lists: ScoredList[] = [];
    for (const c of cases) {
      const source = await sourceFromIndexedNote(reader, c.path, readText);
      if (!source) continue;
      const { results } = await rankRelated(reader, source, {
        minScore: -Infinity,
        tokenize,
        withoutPassages: true,
      });
      lists.push({ results: results.map((r) => ({ cosine: r.cosine ?? -1, relevant: c.relevant.has(r.path) })) });
    }
    report.sweep = {
      related: await evaluateRankings(cases, sweepRankers),
      minScore: sweepMinScore(lists, [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75]),
    };
  }
  if (options.sweepQueries && queryCases.length) {
    options.progress('sweeping query fusions…');
    (report.sweep ??= {}).queries = await evaluateRankings(
      queryCases,
      Object.fromEntries(
        Object.entries(QUERY_SWEEP).map(([name, { mode, ...v }]) => [name, queryRanker(session, mode ?? 'hybrid', v)]),
      ),
    );
  }
  return report;
}

function queryRanker(session: ReadySession, mode: SearchMode, overrides: Partial<SearchContext>): Ranker<QueryCase> {
  return async (c) =>
    (
      await searchNotes(
        session.reader,
        { text: c.text, mode, k: 20 },
        { tokenize: session.tokenize, embedQuery: session.embedQuery, withoutPassages: true, ...overrides },
      )
    ).map((r) => r.path);
}

async function miniSearchOver(session: RankingSession): Promise<MiniSearchLike | null> {
  let MiniSearch: typeof import('minisearch').default;
  try {
    MiniSearch = (await import('minisearch')).default;
  } catch {
    return null;
  }
  const search = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    tokenize: (text) => session.tokenize(text),
    processTerm: (term) => term,
  });
  const docs: { id: string; text: string }[] = [];
  for (const note of session.reader.allNotes()) docs.push({ id: note.path, text: await session.readText(note.path) });
  search.addAll(docs);
  return search;
}

function table(rows: RankerScores[]): string[] {
  const width = Math.max(...rows.map((r) => r.name.length), 6);
  const out = [`  ${'ranking'.padEnd(width)}  recall@10  recall@20  nDCG@10`];
  for (const r of rows) {
    out.push(
      `  ${r.name.padEnd(width)}  ${r.recallAt10.toFixed(3).padStart(9)}  ${r.recallAt20.toFixed(3).padStart(9)}  ${r.ndcgAt10.toFixed(3).padStart(7)}`,
    );
  }
  return out;
}

/** The report as the tables a person reads (and the README quotes). */
export function formatReport(report: EvalReport): string {
  const cases = report.related[0]?.cases ?? 0;
  const lines = [`Related notes, ${cases} notes with links (of ${report.notes}):`, ...table(report.related)];
  if (report.sameGroup) {
    lines.push(
      `  top result in the same ${report.sameGroup.key}: ${(report.sameGroup.rate * 100).toFixed(1)}% of ${report.sameGroup.cases} notes`,
    );
  }
  if (report.queries) {
    lines.push('', `Queries (${report.queries[0]?.cases ?? 0}):`, ...table(report.queries));
  }
  const sweep = report.sweep;
  if (sweep?.related) {
    lines.push('', 'Sweep, related-notes signals and fusions (weights: vector / keyword / title mention):', ...table(sweep.related));
  }
  if (sweep?.minScore) {
    lines.push('', 'Sweep, minimum score on the note cosine (top 20, unfiltered):');
    lines.push('  min score  linked kept  results per note  empty lists');
    for (const r of sweep.minScore) {
      lines.push(
        `  ${r.minScore.toFixed(2).padStart(9)}  ${(r.linkedKept * 100).toFixed(1).padStart(10)}%  ${r.meanResults.toFixed(1).padStart(16)}  ${(r.emptyLists * 100).toFixed(1).padStart(10)}%`,
      );
    }
  }
  if (sweep?.queries) lines.push('', 'Sweep, queries: keyword field weights (title / headings / words the last term begins), then hybrid fusions (keyword weight / semantic weight):', ...table(sweep.queries));
  return lines.join('\n') + '\n';
}
