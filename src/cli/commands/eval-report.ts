import type { RankerScores } from '../../core/eval/evaluate-rankings';
import type { MinScoreRow } from '../../core/eval/min-score-sweep';

/** What `kindred eval` measured on a vault (its links, and a query file when given). */
export interface EvalReport {
  notes: number;
  related: RankerScores[];
  sameGroup: { key: string; rate: number; cases: number } | null;
  queries?: RankerScores[];
  sweep?: { related?: RankerScores[]; minScore?: MinScoreRow[]; queries?: RankerScores[] };
}

/** What `kindred eval --beir` measured on a BEIR collection. */
export interface BeirReport {
  collection: string;
  /** The vault the corpus was written into. */
  vault: string;
  documents: number;
  queries: RankerScores[];
  /** Related notes of each query's own document, when it is in the corpus. */
  related: RankerScores[];
  sweep?: { related?: RankerScores[]; queries?: RankerScores[] };
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

const QUERY_SWEEP_TITLE =
  'Sweep, queries: keyword field weights (title / headings / words the last term begins), then hybrid fusions (keyword weight / semantic weight):';
const RELATED_SWEEP_TITLE = 'Sweep, related-notes signals and fusions (weights: vector / keyword / title mention):';

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
  if (sweep?.related) lines.push('', RELATED_SWEEP_TITLE, ...table(sweep.related));
  if (sweep?.minScore) {
    lines.push('', 'Sweep, minimum score on the note cosine (top 20, unfiltered):');
    lines.push('  min score  linked kept  results per note  empty lists');
    for (const r of sweep.minScore) {
      lines.push(
        `  ${r.minScore.toFixed(2).padStart(9)}  ${(r.linkedKept * 100).toFixed(1).padStart(10)}%  ${r.meanResults.toFixed(1).padStart(16)}  ${(r.emptyLists * 100).toFixed(1).padStart(10)}%`,
      );
    }
  }
  if (sweep?.queries) lines.push('', QUERY_SWEEP_TITLE, ...table(sweep.queries));
  return lines.join('\n') + '\n';
}

/** A BEIR report as tables. */
export function formatBeirReport(report: BeirReport): string {
  const lines = [
    `${report.collection}: ${report.documents} documents (the vault: ${report.vault})`,
    '',
    `Queries (${report.queries[0]?.cases ?? 0}), the query's own document left out:`,
    ...table(report.queries),
  ];
  if (report.related.length > 0) {
    lines.push('', `Related notes of each query's own document (${report.related[0].cases}), the judged documents relevant:`, ...table(report.related));
  }
  if (report.sweep?.queries) lines.push('', QUERY_SWEEP_TITLE, ...table(report.sweep.queries));
  if (report.sweep?.related) lines.push('', RELATED_SWEEP_TITLE, ...table(report.sweep.related));
  return lines.join('\n') + '\n';
}
