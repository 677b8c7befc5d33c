/**
 * Why an import stopped or a source could not be read, each with a code (for tests and `--json`)
 * and a message a person can act on. Item failures are not problems: they are outcomes.
 */
export type ImportProblemCode =
  /** The site refused repeatedly (429 / 503), or asked to wait longer than we will. */
  | 'refused'
  /** The site answered an error where the listing needed an answer (a page of a tag, an archive page). */
  | 'server-error'
  /** The answer was not what the API sends (not JSON, GraphQL errors, missing fields). */
  | 'bad-response'
  /** No such sequence, tag, user or publication. */
  | 'not-found'
  /** The site could not be reached, or did not answer in time. */
  | 'unreachable'
  /** The URL is not one any source can import. */
  | 'not-importable'
  /** What was fetched as a feed is not RSS, Atom or JSON Feed. */
  | 'not-a-feed'
  /** The site's robots.txt asks robots not to read this address (or could not be read for a server error). */
  | 'disallowed';

export class ImportProblem extends Error {
  constructor(
    readonly code: ImportProblemCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportProblem';
  }
}

/** The sentence that tells a person how to go on after an import stopped half-way. */
export const RESUME_HINT = 'Run the same import again to resume: posts already in the vault are skipped without being fetched.';
