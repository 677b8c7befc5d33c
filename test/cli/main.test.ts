import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../src/cli/main';
import { captureIO } from '../helpers/cli-io';

test('kindred --help lists the commands and exits 0', async () => {
  const io = captureIO();
  const code = await runCli(['--help'], io);
  assert.equal(code, 0);
  assert.match(io.out(), /Usage: kindred <command>/);
});

test('an unknown command is a usage error (exit 2) that names it', async () => {
  const io = captureIO();
  const code = await runCli(['frobnicate'], io);
  assert.equal(code, 2);
  assert.match(io.err(), /unknown command 'frobnicate'/);
});

test('a usage error prints the one-line error and the usage lines, not the whole help', async () => {
  const io = captureIO();
  assert.equal(await runCli(['related', '--vault', 'v'], io), 2);
  assert.equal(
    io.err(),
    'kindred related: give a note or --text\n' +
      'Usage: kindred related "<note>" --vault DIR [options]\n' +
      '       kindred related --text "a paragraph" --vault DIR [options]\n' +
      'Run `kindred related --help` for the options.\n',
  );
  const help = captureIO();
  assert.equal(await runCli(['related', '--help'], help), 0);
  assert.match(help.out(), /--min-score S/, '--help gives the rest');
  const unknown = captureIO();
  assert.equal(await runCli(['frobnicate'], unknown), 2);
  assert.equal(unknown.err(), "kindred: unknown command 'frobnicate'\nUsage: kindred <command> [options]\nRun `kindred --help` for the commands.\n");
});

test('every command module exports a factory only; main.ts builds each command once', async () => {
  const { buildCommands } = await import('../../src/cli/main');
  const names = buildCommands().map((c) => c.name);
  assert.deepEqual(names, ['import', 'follow', 'index', 'stats', 'related', 'query', 'eval', 'map']);
  const modules: Record<string, Record<string, unknown>> = {
    import: await import('../../src/cli/commands/import'),
    follow: await import('../../src/cli/commands/follow'),
    index: await import('../../src/cli/commands/index'),
    stats: await import('../../src/cli/commands/stats'),
    related: await import('../../src/cli/commands/related'),
    query: await import('../../src/cli/commands/query'),
    eval: await import('../../src/cli/commands/eval'),
    map: await import('../../src/cli/commands/map'),
  };
  for (const [file, exports] of Object.entries(modules)) {
    const ready = Object.entries(exports).filter(([, v]) => typeof v === 'object' && v !== null && 'run' in v);
    assert.deepEqual(ready.map(([k]) => k), [], `commands/${file}.ts exports a ready command`);
  }
});
