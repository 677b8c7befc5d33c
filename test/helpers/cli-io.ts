import type { CliIO } from '../../src/cli/command';

/** A CliIO that records what a command prints. */
export function captureIO(cwd = process.cwd()): CliIO & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    isTTY: false,
    cwd,
    out: () => out,
    err: () => err,
  };
}
