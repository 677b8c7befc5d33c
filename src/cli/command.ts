/** One `kindred` subcommand. Each lives in its own file under `commands/`. */
export interface CliCommand {
  name: string;
  /** One line for `kindred --help`. */
  summary: string;
  /** The full usage text for `kindred <name> --help`. */
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
  cwd: string;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
