import type { ClipOutcome } from '../core/clip/types';

/** Counts of each outcome, in the order the summary shows them. */
export function countOutcomes(outcomes: readonly ClipOutcome[]): Record<ClipOutcome['status'], number> {
  const counts = { created: 0, updated: 0, skipped: 0, failed: 0 };
  for (const o of outcomes) counts[o.status]++;
  return counts;
}

/** One line such as "3 created, 1 already clipped, 2 failed" (zero counts left out). */
export function summariseOutcomes(outcomes: readonly ClipOutcome[], cancelled = false): string {
  const c = countOutcomes(outcomes);
  const parts = [
    c.created && `${c.created} created`,
    c.updated && `${c.updated} updated`,
    c.skipped && `${c.skipped} already clipped`,
    c.failed && `${c.failed} failed`,
  ].filter(Boolean);
  const text = parts.length ? parts.join(', ') : 'nothing imported';
  return cancelled ? `${text} (cancelled)` : text;
}

/**
 * The markdown of the import summary note: every input with its outcome, notes as wiki links.
 * `source` names what was imported; `when` is an ISO date-time.
 */
export function buildImportSummary(source: string, when: string, outcomes: readonly ClipOutcome[], cancelled: boolean): string {
  const lines = [
    `# Import of ${source}`,
    '',
    `${when} — ${summariseOutcomes(outcomes, cancelled)}.`,
    '',
    '| Input | Outcome | Note |',
    '| --- | --- | --- |',
  ];
  for (const o of outcomes) {
    const what = o.status === 'skipped' ? 'already clipped' : o.status;
    const note = o.path ? `[[${o.path.replace(/\.md$/, '')}]]` : '';
    const detail = o.status === 'failed' ? `failed: ${o.error ?? 'unknown error'}` : what;
    lines.push(`| ${cell(o.input)} | ${cell(detail)} | ${cell(note)} |`);
  }
  return lines.join('\n') + '\n';
}

/** Keeps a table cell one cell: pipes escaped (also inside wiki links), newlines flattened. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}
