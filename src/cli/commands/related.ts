import { rankRelated, RELATED_DEFAULTS, type RelatedAnswer, sourceFromIndexedNote } from '../../core/rank/rank-related';
import { UsageError, type CliCommand, type CliIO } from '../command';
import type { OpenSession } from '../ranking-session';
import { INIT_FLAG, MODEL_DIR_FLAG, VAULT_FLAGS, vaultRequest } from '../vault-request';
import { findNote } from './find-note';
import { formatScore, passageLine } from './format-results';
import { numberFlag, parseFlags } from './parse-flags';
import { plural } from './plural';

const USAGE = `Usage: kindred related "<note>" --vault DIR [options]
       kindred related --text "a paragraph" --vault DIR [options]

The notes most related to a note (or to a piece of text), each with the passage pair that
relates them: the other note's passage, and the passage of yours it matches. Notes yours
already links to are marked [linked]. A note not indexed yet is embedded on the fly.
The note is found by its path, its file name or its title; when several match, they are listed.

Options:
  --vault DIR        the vault folder (required)
  --config-dir NAME  the vault's config folder (default .obsidian)
  --init             make DIR a vault (create its config folder) if it is not one
  --text TEXT        find notes related to this text instead of a note
  --k N              how many notes (default ${RELATED_DEFAULTS.k})
  --min-score S      leave out notes whose similarity (the note vectors' cosine) is below S,
                     -1 to 1 (default ${RELATED_DEFAULTS.minScore}); the score that orders the list is another number
  --model-dir DIR    a folder with the USE-lite model files (default: the installed package)
  --json             print {"results":[{"path","title","score","passage","otherPassage","linked"?}],"warnings":[]}`;

/** Builds the `related` command over a session opener (the real index and model, or a test's). */
export function relatedCommand(open: OpenSession): CliCommand {
  return {
    name: 'related',
    summary: 'related notes of a note or a text, with the passages that relate them',
    usage: USAGE,
    async run(argv: string[], io: CliIO): Promise<number> {
      const flags = parseFlags(argv, {
        ...VAULT_FLAGS,
        ...INIT_FLAG,
        ...MODEL_DIR_FLAG,
        text: 'string',
        k: 'count',
        'min-score': 'string',
        json: 'switch',
      });
      const request = vaultRequest(flags, io, true);
      const text = flags.values.get('text');
      if (flags.positionals.length > 1) throw new UsageError(`give one note, not ${flags.positionals.length} (quote a name with spaces)`);
      const noteArg = flags.positionals[0];
      if (!noteArg && !text) throw new UsageError('give a note or --text');
      if (noteArg && text) throw new UsageError('give a note or --text, not both');
      const k = flags.counts.get('k') ?? RELATED_DEFAULTS.k;
      const minScore = numberFlag(flags.values, 'min-score', -1, 1) ?? RELATED_DEFAULTS.minScore;
      const json = flags.switches.has('json');

      const session = await open({ ...request, command: 'related', progress: (line) => io.stderr(line + '\n') });
      try {
        // Found before the model loads: a misspelt note answers at once.
        const path = noteArg ? findNote(noteArg, request.vault, io.cwd, await session.listNotes()) : undefined;
        const model = await session.prepare();
        if (!model.embedSource) {
          throw new Error(`related notes need the embedding model: ${model.modelProblem ?? 'it is not available'}`);
        }
        let source = path ? await sourceFromIndexedNote(session.reader, path, (p) => session.readText(p)) : null;
        if (!source && path) {
          // The model reads the note's front matter title, never its file name (as when it is indexed).
          source = { ...(await model.embedSource(await session.readText(path))), path };
        }
        if (!source) source = await model.embedSource(text ?? '');
        const answer = await rankRelated(session.reader, source, { k, minScore, tokenize: session.tokenize });
        const warnings = session.warnings();
        if (json) {
          io.stdout(jsonAnswer(answer, warnings));
        } else {
          for (const warning of warnings) io.stderr(`warning: ${warning}\n`);
          io.stdout(textAnswer(answer, path ?? 'the text', io.colour ?? false));
        }
        return 0;
      } finally {
        await session.close();
      }
    },
  };
}

function jsonAnswer(answer: RelatedAnswer, warnings: string[]): string {
  const results = answer.results.map((r) => ({
    path: r.path,
    title: r.title,
    score: r.score,
    passage: r.passage,
    ...(r.otherPassage ? { otherPassage: r.otherPassage } : {}),
    ...(r.linked ? { linked: true } : {}),
  }));
  const nothing = results.length === 0 ? { message: nothingMessage(answer) } : {};
  return JSON.stringify({ results, ...nothing, warnings }) + '\n';
}

function nothingMessage(answer: RelatedAnswer): string {
  return `nothing above the minimum similarity ${answer.minScore}` +
    (answer.belowMinScore > 0 ? ` (${plural(answer.belowMinScore, 'note')} scored lower; lower it with --min-score)` : '');
}

function textAnswer(answer: RelatedAnswer, what: string, colour: boolean): string {
  if (answer.results.length === 0) return `Related to ${what}: ${nothingMessage(answer)}.\n`;
  const lines = [`Related to ${what} (${plural(answer.results.length, 'note')}, minimum similarity ${answer.minScore}):`];
  answer.results.forEach((r, i) => {
    const similarity = r.cosine === null ? '' : ` (similarity ${formatScore(r.cosine)})`;
    lines.push(`${String(i + 1).padStart(3)}. ${formatScore(r.score)}${similarity}  ${r.title}  (${r.path})${r.linked ? '  [linked]' : ''}`);
    lines.push(`       there: ${passageLine(r.passage, colour)}`);
    if (r.otherPassage) lines.push(`       here:  ${passageLine(r.otherPassage, colour)}`);
  });
  return lines.join('\n') + '\n';
}
