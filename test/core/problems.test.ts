import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StorageError } from '../../src/core/ports';
import { problemKey, problems } from '../../src/core/problems';

test('a failed save says what a person can understand: a full disk, a read-only folder, anything else', () => {
  const full = problems.saveFailed(new StorageError('disk-full', 'index/notes-03.bin', 'ENOSPC: no space left on device'));
  assert.equal(full.code, 'disk-full');
  assert.equal(full.severity, 'error');
  assert.equal(full.file, 'index/notes-03.bin');
  assert.match(full.message, /^The disk is full: nothing was changed \(writing index\/[^)]+\)\. /);
  assert.doesNotMatch(full.message, /ENOSPC/);
  const readOnly = problems.saveFailed(new StorageError('read-only', 'index/manifest.bin', 'EROFS'));
  assert.equal(readOnly.code, 'read-only');
  assert.equal(readOnly.severity, 'warning', 'the index still answers');
  const other = problems.saveFailed(new Error('the adapter went away'));
  assert.equal(other.code, 'save-failed');
  assert.match(other.message, /the adapter went away/);
});

test('problems Kindred deals with itself are warnings; the ones that stop it are errors', () => {
  assert.equal(problems.indexFileUnusable('index/keyword-01.bin', 'truncated').severity, 'warning');
  assert.equal(problems.modelChanged('a', 'b').severity, 'warning');
  assert.equal(problems.syncFailed('the embedding worker stopped').severity, 'error');
});

test('the same problem twice has one key, so it is shown once; another file or another failure is news', () => {
  const damaged = problems.indexFileUnusable('index/notes-01.bin', 'checksum mismatch');
  assert.equal(problemKey(damaged), problemKey(problems.indexFileUnusable('index/notes-01.bin', 'truncated')));
  assert.notEqual(problemKey(damaged), problemKey(problems.indexFileUnusable('index/notes-02.bin', 'truncated')));
  assert.notEqual(problemKey(problems.syncFailed('a')), problemKey(problems.syncFailed('b')));
});
