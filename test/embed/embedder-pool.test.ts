import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmbedderPool, embeddingWorkerCount, MAX_WORKERS } from '../../src/embed/embedder-pool';
import { FakeEmbedder } from '../helpers/fake-embedder';

/** A FakeEmbedder that answers after a pause and remembers the batches it was given. */
class SlowMember extends FakeEmbedder {
  readonly batches: string[][] = [];
  inFlight = 0;
  maxInFlight = 0;

  override async embed(texts: string[]): Promise<Float32Array[]> {
    this.batches.push(texts);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.inFlight--;
    return super.embed(texts);
  }
}

const texts = Array.from({ length: 10 }, (_, i) => `text ${i} ${'word '.repeat((i * 7) % 10)}`);

test('a pool gives each text its own vector, in input order, whichever member embedded it', async () => {
  const members = [new SlowMember(16), new SlowMember(16)];
  const pool = new EmbedderPool(members, 3);
  const vectors = await pool.embed(texts);
  const one = new FakeEmbedder(16);
  assert.deepEqual(vectors, texts.map((t) => one.vectorOf(t)));
  assert.ok(members.every((m) => m.batches.length > 0), 'both members worked');
  assert.ok(members.every((m) => m.maxInFlight === 1), 'a member takes one batch at a time');
  assert.equal(members.flatMap((m) => m.batches).flat().length, texts.length, 'each text embedded once');
});

test('texts of about the same length are batched together', async () => {
  const member = new SlowMember(8);
  await new EmbedderPool([member], 2).embed(['a', 'a much longer text than the others', 'b', 'another rather long text']);
  assert.deepEqual(member.batches, [['a much longer text than the others', 'another rather long text'], ['a', 'b']]);
});

test('a cancelled call rejects and drops its waiting batches; a failing member fails only its call', async () => {
  const member = new SlowMember(8);
  const pool = new EmbedderPool([member], 1);
  const controller = new AbortController();
  const call = pool.embed(['one', 'two', 'three'], controller.signal);
  controller.abort();
  await assert.rejects(call, { name: 'AbortError' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(member.batches.length, 1, 'only the batch already begun ran');

  const failing = new FakeEmbedder(8);
  failing.embed = () => Promise.reject(new Error('the worker stopped'));
  const broken = new EmbedderPool([failing], 4);
  await assert.rejects(broken.embed(['x']), /the worker stopped/);
  assert.deepEqual(await new EmbedderPool([new FakeEmbedder(8)], 4).embed([]), []);
});

test('members of different models cannot share a pool', () => {
  assert.throws(() => new EmbedderPool([new FakeEmbedder(8, 'a'), new FakeEmbedder(8, 'b')], 4), /same model/);
  assert.throws(() => new EmbedderPool([], 4), /at least one/);
});

test('worker count: cores but one, within a quarter of the memory, one on a phone or on webgl', () => {
  assert.equal(embeddingWorkerCount({ cores: 2, mobile: false }), 1);
  assert.equal(embeddingWorkerCount({ cores: 4, mobile: false }), 3);
  assert.equal(embeddingWorkerCount({ cores: 16, mobile: false }), MAX_WORKERS);
  assert.equal(embeddingWorkerCount({ cores: 8, deviceMemoryGB: 2, mobile: false }), 2);
  assert.equal(embeddingWorkerCount({ cores: 8, deviceMemoryGB: 0.5, mobile: false }), 1);
  assert.equal(embeddingWorkerCount({ cores: 8, mobile: true }), 1);
  assert.equal(embeddingWorkerCount({ cores: 8, mobile: false, backend: 'webgl' }), 1);
  assert.equal(embeddingWorkerCount({ mobile: false }), 1, 'unknown cores: assume two');
});
