import { rankRelated, RELATED_DEFAULTS, type RelatedAnswer, sourceFromIndexedNote } from '../../core/rank/rank-related';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { formatScore, passageLine } from './format-results';
import { numberFlag, parseFlags } from './parse-flags';
import { resolveNotePath } from './resolve-note-path';
import { openDefaultSession, type OpenSession } from './ranking-session';

const USAGE = `Usage: kindred related <note path> --vault DIR [options]
       kindred related --text "a paragraph" --vault DIR [options]

The notes most related to a note (or to a piece of text), each with the passage pair that
relates them: the other note's passage, and the passage of yours it matches. Notes yours
already links to are marked [linked]. A note not indexed yet is embedded on the fly.

Options:
  --vault DIR        the vault folder (required)
  --text TEXT        find notes related to this text instead of a note
  --k N              how many notes (default ${RELATED_DEFAULTS.k})
  --min-score S      leave out notes whose similarity (the note vectors' cosine) is below S,
                     -1 to 1 (default ${RELATED_DEFAULTS.minScore}); the score that orders the list is another number
  --model-dir DIR    a folder with the USE-lite model files (default: the installed package)
  --json             print {"results":[{"path","title","score","passage","otherPassage","linked"?}]}`;

/** Builds the `related` command; `open` is swapped in tests. */
export function relatedCommand(open: OpenSession = openDefaultSession): CliCommand {
  return {
    name: 'related',
    summary: 'related notes of a note or a text, with the passages that relate them',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        vault: 'string',
        text: 'string',
        k: 'count',
        'min-score': 'string',
        'model-dir': 'string',
        json: 'switch',
      });
      const vault = flags.values.get('vault');
      if (!vault) throw new UsageError('--vault DIR is required');
      const text = flags.values.get('text');
      if (flags.positionals.length > 1) throw new UsageError(`give one note path, not ${flags.positionals.length}`);
      const noteArg = flags.positionals[0];
      if (!noteArg && !text) throw new UsageError('give a note path or --text');
      if (noteArg && text) throw new UsageError('give a note path or --text, not both');
      const k = flags.counts.get('k') ?? RELATED_DEFAULTS.k;
      const minScore = numberFlag(flags.values, 'min-score', -1, 1) ?? RELATED_DEFAULTS.minScore;
      const path = noteArg ? resolveNotePath(noteArg, vault, io.cwd) : undefined;

      const session = await open({
        vault,
        cwd: io.cwd,
        modelDir: flags.values.get('model-dir'),
        withModel: true,
        progress: (line) => io.stderr(line + '\n'),
      });
      try {
        if (!session.embedSource) {
          throw new Error(`related notes need the embedding model: ${session.modelProblem ?? 'it is not available'}`);
        }
        let source = path ? await sourceFromIndexedNote(session.reader, path, (p) => session.readText(p)) : null;
        if (!source && path) {
          let noteText: string;
          try {
            noteText = await session.readText(path);
          } catch {
            throw new Error(`no note at ${path} in the vault ${vault}`);
          }
          source = { ...(await session.embedSource(noteText, path.replace(/^.*\//, '').replace(/\.md$/i, ''))), path };
        }
        if (!source) source = await session.embedSource(text ?? '');
        const answer = await rankRelated(session.reader, source, { k, minScore, tokenize: session.tokenize });
        io.stdout(flags.switches.has('json') ? jsonAnswer(answer) : textAnswer(answer, path ?? 'the text'));
        return 0;
      } finally {
        await session.close();
      }
    },
  };
}

function jsonAnswer(answer: RelatedAnswer): string {
  const results = answer.results.map((r) => ({
    path: r.path,
    title: r.title,
    score: r.score,
    passage: r.passage,
    ...(r.otherPassage ? { otherPassage: r.otherPassage } : {}),
    ...(r.linked ? { linked: true } : {}),
  }));
  const nothing = results.length === 0 ? { message: nothingMessage(answer) } : {};
  return JSON.stringify({ results, ...nothing }) + '\n';
}

function nothingMessage(answer: RelatedAnswer): string {
  return `nothing above the minimum similarity ${answer.minScore}` +
    (answer.belowMinScore > 0 ? ` (${answer.belowMinScore} notes scored lower; lower it with --min-score)` : '');
}

function textAnswer(answer: RelatedAnswer, what: string): string {
  if (answer.results.length === 0) return `Related to ${what}: ${nothingMessage(answer)}.\n`;
  const lines = [`Related to ${what} (${answer.results.length}, minimum similarity ${answer.minScore}):`];
  answer.results.forEach((r, i) => {
    const similarity = r.cosine === null ? '' : ` (similarity ${formatScore(r.cosine)})`;
    lines.push(`${String(i + 1).padStart(3)}. ${formatScore(r.score)}${similarity}  ${r.title}  (${r.path})${r.linked ? '  [linked]' : ''}`);
    lines.push(`       there: ${passageLine(r.passage)}`);
    if (r.otherPassage) lines.push(`       here:  ${passageLine(r.otherPassage)}`);
  });
  return lines.join('\n') + '\n';
}

export const related = relatedCommand();
