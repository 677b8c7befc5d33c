import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireLock, INDEX_LOCK } from '../../src/core/vault-lock';
import { NodeBlobStore } from '../../src/cli/node-blob-store';
import { nodeClock } from '../../src/cli/node-clock';
import { nodeProcessProbe } from '../../src/cli/node-process-probe';
import { runCli } from '../../src/cli/main';
import { captureIO } from '../helpers/cli-io';
import { startTestServer } from '../helpers/http-server';

// One writer at a time per vault (src/core/vault-lock.ts), with real `kindred` processes.

const ROOT = resolve(__dirname, '../..');

interface Run {
  code: number | null;
  out: string;
  err: string;
}

/** `kindred …` in a process of its own; `stderr()` is what it has said so far, `pid` lets a test pause it. */
function kindredProcess(args: string[]): { done: Promise<Run>; pid: number; stderr: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
  return { done, pid: child.pid ?? 0, stderr: () => err };
}

function kindred(args: string[]): Promise<Run> {
  return kindredProcess(args).done;
}

/** Resolves once `condition` holds; fails the test (instead of hanging it) after `what` has not happened in two minutes. */
async function until(condition: () => boolean, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function vaultOf(notes: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-lock-'));
  mkdirSync(join(dir, '.obsidian'));
  for (let i = 0; i < notes; i++) writeFileSync(join(dir, `n${i}.md`), `# Note ${i}\nWords about reading, number ${i}, and the habits of readers.\n`);
  return dir;
}

const lockPath = (vault: string) => join(vault, '.obsidian/plugins/kindred', INDEX_LOCK);

test('two kindred index runs on one vault while it changes: the second waits for the first, both exit 0, the index holds every note', async () => {
  const vault = vaultOf(3000);
  const first = kindredProcess(['index', '--keyword-only', '--vault', vault, '--json']);
  await until(() => existsSync(lockPath(vault)), 'the first run to take the lock');
  // The first is paused while it holds the lock, so on a busy machine it cannot finish before the
  // second has started: the second must find the lock taken (a stopped process is alive).
  process.kill(first.pid, 'SIGSTOP');
  const second = kindredProcess(['index', '--keyword-only', '--vault', vault, '--json']);
  try {
    await until(() => /Waiting for kindred index/.test(second.stderr()), 'the second run to say it waits');
  } finally {
    process.kill(first.pid, 'SIGCONT');
  }
  // The vault changes while the first writes: 100 notes more.
  for (let i = 3000; i < 3100; i++) writeFileSync(join(vault, `n${i}.md`), `# Note ${i}\nA note written while the index was being written.\n`);
  const [a, b] = await Promise.all([first.done, second.done]);
  assert.equal(a.code, 0, a.err);
  assert.equal(b.code, 0, b.err);
  assert.match(b.err, /^Waiting for kindred index \(pid \d+ on .*\) to finish writing to this vault/m, 'the second waited, saying for whom');
  assert.doesNotMatch(a.err, /Waiting/);
  const read = [a, b].map((r) => (JSON.parse(r.out) as { indexedNotes: number }).indexedNotes);
  assert.equal(read[0] + read[1], 3100, `the second read what the first had not seen (${read.join(' + ')})`);
  const stats = captureIO();
  assert.equal(await runCli(['stats', '--vault', vault, '--json'], stats), 0, stats.err());
  const onDisk = readdirSync(vault).filter((f) => f.endsWith('.md')).length;
  assert.equal((JSON.parse(stats.out()) as { notes: number }).notes, onDisk, 'the last manifest written holds every note on disk');
  assert.equal(existsSync(lockPath(vault)), false, 'both let go of the lock');
});

test('with --wait 0 a second writer refuses at once, naming the first; read-only commands answer from the saved index and say so', async () => {
  const vault = vaultOf(3);
  assert.equal(await runCli(['index', '--keyword-only', '--vault', vault], captureIO()), 0);
  writeFileSync(join(vault, 'later.md'), '# Later\nA zeppelin note written after the last index.\n');
  const store = new NodeBlobStore(join(vault, '.obsidian/plugins/kindred'));
  const held = await acquireLock(store, INDEX_LOCK, nodeProcessProbe, nodeClock, { holder: 'Obsidian', waitMs: 0 });
  try {
    const refused = captureIO();
    assert.equal(await runCli(['index', '--keyword-only', '--vault', vault, '--wait', '0'], refused), 1);
    assert.match(refused.err(), /^kindred index: Obsidian \(pid \d+ on .*, since .* UTC\) is writing to this vault; try again when it is done\n$/);

    const query = captureIO();
    assert.equal(await runCli(['query', 'readers', '--mode', 'keyword', '--vault', vault, '--json'], query), 0, query.err());
    const answer = JSON.parse(query.out()) as { results: unknown[]; warnings: string[] };
    assert.equal(answer.results.length, 3);
    assert.deepEqual(answer.warnings.map((w) => w.replace(/\(pid .*?\)/, '(…)')), [
      "Obsidian (…) is writing this vault's index: answering from the index as it was last saved, without bringing it up to date",
    ]);
    const notSynced = captureIO();
    await runCli(['query', 'zeppelin', '--mode', 'keyword', '--vault', vault], notSynced);
    assert.match(notSynced.out(), /No notes match "zeppelin"/, 'the note written since was not indexed by a reader');
    assert.match(notSynced.err(), /warning: Obsidian \(pid .*\) is writing this vault's index/);

    const stats = captureIO();
    assert.equal(await runCli(['stats', '--vault', vault, '--json'], stats), 0);
    const figures = JSON.parse(stats.out()) as { writer: { holder: string } | null; warnings: string[] };
    assert.equal(figures.writer?.holder, 'Obsidian');
    assert.match(figures.warnings[0], /is writing this vault's index: these are the figures as last saved/);
  } finally {
    await held.release();
  }
  const after = captureIO();
  await runCli(['query', 'zeppelin', '--mode', 'keyword', '--vault', vault, '--json'], after);
  assert.deepEqual((JSON.parse(after.out()) as { results: { path: string }[] }).results.map((r) => r.path), ['later.md'], 'once free, a reader syncs again');
});

test('a lock left by a writer that died is taken over at once', async () => {
  const vault = vaultOf(2);
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  mkdirSync(join(vault, '.obsidian/plugins/kindred'), { recursive: true });
  const now = Date.now();
  writeFileSync(lockPath(vault), JSON.stringify({ holder: 'kindred index', pid: Number(dead.stdout), host: nodeProcessProbe.host, startedAt: now, heartbeatAt: now, token: 'dead' }));
  const io = captureIO();
  assert.equal(await runCli(['index', '--keyword-only', '--vault', vault, '--wait', '0'], io), 0, io.err());
  assert.doesNotMatch(io.err(), /Waiting/);
});

test('two imports of the same URL at once make one note: the second waits, then finds it clipped', async () => {
  const paragraph = '<p>A clipped article needs enough words for an extractor to call it the main content of the page.</p>';
  const server = await startTestServer({}, {
    // Slow enough that the two imports overlap.
    '/post': async (r) => {
      await new Promise((done) => setTimeout(done, 1500));
      r.status(200, { 'content-type': 'text/html; charset=utf-8' });
      r.end(`<!DOCTYPE html><html><head><title>One Post</title></head><body><article><h1>One Post</h1>${paragraph.repeat(4)}</article></body></html>`);
    },
  });
  try {
    const vault = vaultOf(0);
    const url = `${server.base}/post`;
    const [a, b] = await Promise.all([kindred(['import', url, '--vault', vault, '--json']), kindred(['import', url, '--vault', vault, '--json'])]);
    assert.equal(a.code, 0, a.err);
    assert.equal(b.code, 0, b.err);
    const statuses = [a, b].map((r) => (JSON.parse(r.out) as { items: { status: string }[] }).items[0].status).sort();
    assert.deepEqual(statuses, ['created', 'skipped']);
    assert.deepEqual(readdirSync(join(vault, 'Clippings')), ['One Post.md']);
    assert.equal([a, b].filter((r) => /Waiting for kindred import/.test(r.err)).length, 1);
  } finally {
    await server.close();
  }
});
