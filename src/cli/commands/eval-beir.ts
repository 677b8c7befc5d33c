import { bm25RelatedRanker } from '../../core/eval/bm25-baseline';
import { evaluateRankings, type Ranker } from '../../core/eval/evaluate-rankings';
import type { LinkCase } from '../../core/eval/link-graph-cases';
import type { QueryCase } from '../../core/eval/query-set';
import { relatedRanker } from '../../core/eval/related-rankers';
import { rememberingEmbedder, searchRanker } from '../../core/eval/search-rankers';
import type { BeirCollection, BeirVault } from './beir-vault';
import type { BeirReport } from './eval-report';
import { QUERY_SWEEP, RELATED_SWEEP, sweepRows } from './eval-sweeps';
import { miniSearchOver } from './minisearch-baseline';
import { queryRankersFor, type ReadySession } from './eval-vault';

export interface BeirEvalOptions {
  sweep: boolean;
  /** Only the sweep rows whose names contain this. */
  sweepOnly?: string;
  sweepQueries: boolean;
  progress: (line: string) => void;
}

/**
 * The judged queries of a collection as evaluation cases: relevant notes by the qrels, a query's
 * own document left out (BEIR's `ignore_identical_ids`). A judged document missing from the
 * corpus stays in the relevant set and counts as a miss, as BEIR counts it.
 */
export function beirQueryCases(collection: BeirCollection, vault: BeirVault): QueryCase[] {
  const cases: QueryCase[] = [];
  for (const query of collection.queries) {
    const judged = collection.qrels.get(query.id);
    if (!judged) continue;
    const grades = new Map<string, number>();
    for (const [id, grade] of judged) if (id !== query.id) grades.set(vault.pathOf.get(id) ?? `missing document ${id}`, grade);
    if (grades.size === 0) continue;
    cases.push({ id: query.id, text: query.text, relevant: new Set(grades.keys()), grades, exclude: vault.pathOf.get(query.id) });
  }
  return cases;
}

/** Related notes of each query's own document, where the corpus holds it: its judged documents are relevant. */
export function beirRelatedCases(cases: readonly QueryCase[]): LinkCase[] {
  return cases.filter((c) => c.exclude !== undefined).map((c) => ({ id: c.id, path: c.exclude!, relevant: c.relevant, grades: c.grades }));
}

/** Scores keyword, semantic and hybrid search, related notes and the MiniSearch baseline on a BEIR collection. */
export async function evaluateBeir(
  session: ReadySession,
  collection: BeirCollection,
  vault: BeirVault,
  options: BeirEvalOptions,
): Promise<BeirReport> {
  const { reader, tokenize } = session;
  const readText = (p: string) => session.readText(p);
  const queryCases = beirQueryCases(collection, vault);
  const relatedCases = beirRelatedCases(queryCases).filter((c) => reader.getNote(c.path)?.vector);
  const searching = { reader, tokenize, embedQuery: rememberingEmbedder(session.embedQuery) };
  const miniSearch = await miniSearchOver(session);

  options.progress(`evaluating ${queryCases.length} queries…`);
  const queries = await evaluateRankings(queryCases, queryRankersFor(searching, miniSearch));

  options.progress(`evaluating related notes of ${relatedCases.length} documents…`);
  const context = { reader, tokenize, readText };
  const relatedRankers: Record<string, Ranker<LinkCase>> = {
    'related (full)': relatedRanker(context),
    'vector only': relatedRanker(context, { strategy: 'vector' }),
    'keyword more-like-this only': relatedRanker(context, { strategy: 'keyword' }),
  };
  if (miniSearch) relatedRankers['MiniSearch BM25 (whole note)'] = bm25RelatedRanker(miniSearch, readText);
  const related = relatedCases.length > 0 ? await evaluateRankings(relatedCases, relatedRankers) : [];

  const report: BeirReport = { collection: collection.name, vault: vault.folder, documents: collection.documents.length, queries, related };
  if (options.sweep || options.sweepQueries) {
    options.progress('sweeping query fusions…');
    report.sweep = {
      queries: await evaluateRankings(
        queryCases,
        Object.fromEntries(Object.entries(sweepRows(QUERY_SWEEP, options.sweepOnly)).map(([name, variant]) => [name, searchRanker(searching, variant)])),
      ),
    };
  }
  if (options.sweep && relatedCases.length > 0) {
    options.progress('sweeping related-notes fusions…');
    report.sweep!.related = await evaluateRankings(
      relatedCases,
      Object.fromEntries(Object.entries(sweepRows(RELATED_SWEEP, options.sweepOnly)).map(([name, variant]) => [name, relatedRanker(context, variant)])),
    );
  }
  return report;
}
