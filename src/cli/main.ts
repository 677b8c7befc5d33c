import type { CliCommand, CliIO } from './command';
import { InputError, UsageError } from './command';
import { version } from '../../package.json';
import { evalCommand } from './commands/eval';
import { followCommand } from './commands/follow';
import { importCommand } from './commands/import';
import { indexCommand } from './commands/index';
import { mapCommand } from './commands/map';
import { queryCommand } from './commands/query';
import { relatedCommand } from './commands/related';
import { statsCommand } from './commands/stats';
import { installSelectorCache } from './linkedom-selectors';
import { NodeFetcher } from './node-fetcher';
import { nodeClock } from './node-clock';
import type { LoadEmbedder, OpenSession } from './ranking-session';

/**
 * The composition root: the one place that builds the commands and hands each the real parts it
 * needs. The model and the ranking session load lazily, so `kindred --help` never loads tfjs.
 */
const loadEmbedder: LoadEmbedder = async (options) =>
  (await import('../embed/node/create-node-embedder')).createNodeEmbedder(options);

const openSession: OpenSession = async (request) =>
  (await import('./open-ranking-session')).openRankingSession(request, loadEmbedder);

/** Every command, in the order `kindred --help` lists them. */
export function buildCommands(): CliCommand[] {
  return [
    importCommand(new NodeFetcher()),
    followCommand({ fetcher: new NodeFetcher(), clock: nodeClock }),
    indexCommand(loadEmbedder),
    statsCommand(),
    relatedCommand(openSession),
    queryCommand(openSession),
    evalCommand(openSession),
    mapCommand(openSession),
  ];
}

function overview(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return [
    'kindred: clip posts into an Obsidian vault, index it by meaning, find related notes.',
    '',
    OVERVIEW_USAGE,
    '',
    'Commands:',
    rows,
    '',
    'Run `kindred <command> --help` for the options of one command.',
    'Nothing leaves this machine except the pages, posts and feeds you ask for.',
  ].join('\n');
}

const OVERVIEW_USAGE = 'Usage: kindred <command> [options]';

/** The first paragraph of a command's help: its `Usage:` lines. */
export function usageLines(usage: string): string {
  return usage.split('\n\n')[0];
}

export async function runCli(argv: string[], io: CliIO, commands: CliCommand[] = buildCommands()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview(commands) + '\n');
    return 0;
  }
  if (!name) {
    io.stderr(`kindred: give a command\n${OVERVIEW_USAGE}\nRun \`kindred --help\` for the commands.\n`);
    return 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout(`${version}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`kindred: unknown command '${name}'\n${OVERVIEW_USAGE}\nRun \`kindred --help\` for the commands.\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.usage + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`kindred ${name}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError) {
      io.stderr(`kindred ${name}: ${error.message}\n${usageLines(command.usage)}\nRun \`kindred ${name} --help\` for the options.\n`);
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
  // Cached selector matching for linkedom (clipping), on the linkedom versions it was checked against.
  installSelectorCache();
  void runCli(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stderr.isTTY),
    colour: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
    cwd: process.cwd(),
  }).then((code) => {
    process.exitCode = code;
  });
}
