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
