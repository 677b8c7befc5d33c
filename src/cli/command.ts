/**
 * One `kindred` subcommand. Each lives in its own file under `commands/` and exports a factory
 * that takes what the command needs from outside (an opener, a model loader); `main.ts` builds them.
 */
export interface CliCommand {
  name: string;
  /** One line for `kindred --help`. */
  summary: string;
  /**
   * The full text for `kindred <name> --help`. Its first paragraph (the `Usage:` lines) is what a
   * usage error prints under the error.
   */
  usage: string;
  /** Returns the exit code: 0 success, 1 some item failed, 2 usage error. */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** Where a command writes, so tests can capture it. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress lines are drawn only then. */
  isTTY: boolean;
  /** True when stdout is a terminal that takes colour (not under NO_COLOR): marked words stand out. */
  colour?: boolean;
  cwd: string;
}

/** A usage error: printed with the command's usage lines, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A value that is well formed but names nothing there (a vault, a note): exit code 2 like a
 * usage error, printed without the usage line, which would not help.
 */
export class InputError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
