import type { CliCommand, CliIO } from './command';
import { UsageError } from './command';
import { version } from '../../package.json';
import { importCommand } from './commands/import';
import { index } from './commands/index';
import { stats } from './commands/stats';
import { related } from './commands/related';
import { query } from './commands/query';
import { evaluation } from './commands/eval';
import { map } from './commands/map';

// Each subcommand registers itself here, one line each.
const commands: CliCommand[] = [importCommand, index, stats, related, query, evaluation, map];

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return [
    'kindred: clip posts into an Obsidian vault, index it by meaning, find related notes.',
    '',
    'Usage: kindred <command> [options]',
    '',
    'Commands:',
    rows || '  (none yet)',
    '',
    'Run `kindred <command> --help` for the options of one command.',
    'Nothing leaves this machine except the pages you ask to clip.',
  ].join('\n');
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`kindred: unknown command '${name}'\n\n${overview()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`kindred ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    // Never a stack trace for a person; KINDRED_DEBUG=1 shows it.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`kindred ${name}: ${message}\n`);
    if (process.env.KINDRED_DEBUG) io.stderr(`${(error as Error)?.stack ?? ''}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
