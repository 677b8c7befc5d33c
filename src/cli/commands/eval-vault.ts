import { bm25RelatedRanker } from '../../core/eval/bm25-baseline';
import { evaluateRankings, type Ranker } from '../../core/eval/evaluate-rankings';
import { linkGraphCases, topResultSameGroupRate, type LinkCase } from '../../core/eval/link-graph-cases';
import { sweepMinScore, type ScoredList } from '../../core/eval/min-score-sweep';
import { resolveQueryCases, type QueryCase, type QueryLine } from '../../core/eval/query-set';
import { relatedRanker } from '../../core/eval/related-rankers';
import { rememberingEmbedder, searchRanker } from '../../core/eval/search-rankers';
import { rankRelated, sourceFromIndexedNote } from '../../core/rank/rank-related';
import type { EvalReport } from './eval-report';
import { QUERY_SWEEP, RELATED_SWEEP, sweepRows } from './eval-sweeps';
import { miniSearchOver } from './minisearch-baseline';
import type { RankingSession, SessionModel } from '../ranking-session';

/** A session once its model is loaded: what an evaluation reads. */
export type ReadySession = RankingSession & SessionModel & { embedQuery: (text: string) => Promise<Float32Array> };

export interface VaultEvalOptions {
  groupKey: string;
  queryLines?: QueryLine[];
  sweep: boolean;
  /** Only the sweep rows whose names contain this. */
  sweepOnly?: string;
  /** The query variants alone (also part of `sweep`). */
  sweepQueries?: boolean;
  progress: (line: string) => void;
}

/**
 * Related notes against the vault's own links, and a query file when given: every ranker, the
 * MiniSearch baseline, and with `sweep` the candidate signals and fusions.
 */
export async function evaluateVault(session: ReadySession, options: VaultEvalOptions): Promise<EvalReport> {
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

  const searching = { reader, tokenize, embedQuery: rememberingEmbedder(session.embedQuery) };
  let queryCases: QueryCase[] = [];
  if (options.queryLines) {
    queryCases = resolveQueryCases(options.queryLines, [...reader.allNotes()].map((n) => n.path));
    options.progress(`evaluating ${queryCases.length} queries…`);
    report.queries = await evaluateRankings(queryCases, queryRankersFor(searching, miniSearch));
  }

  if (options.sweep) {
    options.progress('sweeping fusions and minimum scores…');
    const sweepRankers: Record<string, Ranker<LinkCase>> = {};
    for (const [name, v] of Object.entries(sweepRows(RELATED_SWEEP, options.sweepOnly))) sweepRankers[name] = relatedRanker(context, v);
    const lists: ScoredList[] = [];
    for (const c of cases) {
      const source = await sourceFromIndexedNote(reader, c.path, readText);
      if (!source) continue;
      const { results } = await rankRelated(reader, source, { minScore: -Infinity, tokenize, withoutPassages: true });
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
      Object.fromEntries(Object.entries(sweepRows(QUERY_SWEEP, options.sweepOnly)).map(([name, variant]) => [name, searchRanker(searching, variant)])),
    );
  }
  return report;
}

/**
 * The rankers every query evaluation reports: Kindred's three modes and, when MiniSearch is
 * installed, its BM25 over the same notes. A case's `exclude` (a BEIR query's own document) is
 * left out of every ranking.
 */
export function queryRankersFor(
  searching: Parameters<typeof searchRanker>[0],
  miniSearch: Awaited<ReturnType<typeof miniSearchOver>>,
): Record<string, Ranker<QueryCase>> {
  const rankers: Record<string, Ranker<QueryCase>> = {
    keyword: searchRanker(searching, { mode: 'keyword' }),
    semantic: searchRanker(searching, { mode: 'semantic' }),
    hybrid: searchRanker(searching, { mode: 'hybrid' }),
  };
  if (miniSearch) {
    rankers['MiniSearch BM25 (keyword baseline)'] = (c) =>
      Promise.resolve(
        miniSearch
          .search(c.text, { combineWith: 'OR' })
          .map((h) => String(h.id))
          .filter((p) => p !== c.exclude)
          .slice(0, 20),
      );
  }
  return rankers;
}
