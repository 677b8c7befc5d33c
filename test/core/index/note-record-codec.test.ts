import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DamagedFileError, sealFile, sealedKind } from '../../../src/core/index/checksum';
import { decodeNoteRecords, encodeNoteRecords, type NoteRecord } from '../../../src/core/index/note-record';
import { decodeRecordsPayload, encodeRecordsPayload } from '../../../src/core/index/note-record-codec';

const record = (path: string, extra: Partial<NoteRecord> = {}): NoteRecord => ({
  path,
  mtime: 1796219584962.0117,
  size: 1880,
  hash: 'cb571c2badecbcf73d4a6edfb1c95bc761c459c1ace994209c2354a485437ded',
  title: 'Note',
  folder: 'notes',
  tags: ['bench'],
  frontMatter: { tags: ['bench'] },
  linkTargets: [],
  chunks: [
    { id: '3aa3d6bb27c47854ea54697bfac1ad9e', headingPath: ['Note', 'Part 1'], start: 45, end: 745 },
    { id: 'bc4a1347e824b9f98c8da3a328bfe56a', headingPath: ['Note', 'Part 2'], start: 758, end: 1154 },
  ],
  lines: [840252551, 3660217620, 4039813858],
  ...extra,
});

test('note records come back as they were saved, in binary', () => {
  const records = [
    record('a.md'),
    // Strings outside ASCII, with characters of two UTF-16 units, and empty ones.
    record('Réflexions/café ☕ 𝔼𝕩𝕒𝕞𝕡𝕝𝕖.md', {
      title: '𝔼𝕩𝕒𝕞𝕡𝕝𝕖 — « quoi » 🙂',
      folder: 'Réflexions',
      tags: [],
      frontMatter: { title: '𝔼𝕩𝕒𝕞𝕡𝕝𝕖', nested: { list: [1, 'two', null, true], empty: {} }, published: '2024-05-01' },
      linkTargets: ['a.md', 'Ünïcode.md', ''],
      chunks: [{ id: '00000000000000000000000000000000', headingPath: [], start: 0, end: 2 ** 40 }],
      lines: [],
      blanked: [0, 4294967295],
    }),
    // A record of an earlier Kindred has neither `lines` nor `blanked`; one with no chunks.
    (({ lines: _l, ...rest }) => rest)(record('old.md', { frontMatter: {}, chunks: [] })),
  ];
  const bytes = encodeNoteRecords(records);
  assert.equal(sealedKind(bytes), 'notes2');
  const back = decodeNoteRecords(bytes);
  assert.deepEqual(back, records);
  assert.ok(!('lines' in back[2]) && !('blanked' in back[0]), 'absent lists stay absent, not empty');
});

test('a string many records share is written once', () => {
  const heading = 'A heading every note of this bucket has, long enough to count';
  const bucket = (title: string) => encodeRecordsPayload(Array.from({ length: 100 }, (_, i) => record(`n${i}.md`, { chunks: [{ id: `${i}`, headingPath: [title], start: 0, end: 9 }] })));
  const extra = bucket(heading).length - bucket('').length;
  assert.ok(extra <= heading.length + 4, `100 records under one heading cost ${extra} bytes more than under an empty one`);
});

test('records saved as JSON by an earlier Kindred still open', () => {
  const records = [record('a.md'), record('b.md', { blanked: [3] })];
  const earlier = sealFile('notes', new TextEncoder().encode(JSON.stringify(records)));
  assert.deepEqual(decodeNoteRecords(earlier), records);
});

test('random records survive the trip', () => {
  let seed = 7;
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const words = ['a', 'Été', '𝕩', '', 'notes/deep/path', '[[link]]', 'x'.repeat(300)];
  const records = Array.from({ length: 300 }, (_, i) =>
    record(`${pick(words)}/${i}.md`, {
      mtime: random() * 2e12,
      size: Math.floor(random() * 1e9),
      title: pick(words),
      tags: Array.from({ length: Math.floor(random() * 4) }, () => pick(words)),
      frontMatter: random() < 0.5 ? {} : { k: pick(words), n: random() },
      chunks: Array.from({ length: Math.floor(random() * 6) }, (_, c) => ({
        id: `${i}-${c}`,
        headingPath: Array.from({ length: Math.floor(random() * 3) }, () => pick(words)),
        start: Math.floor(random() * 1e6),
        end: Math.floor(random() * 1e6),
      })),
      lines: random() < 0.2 ? undefined : Array.from({ length: Math.floor(random() * 5) }, () => Math.floor(random() * 2 ** 32)),
    }),
  );
  const back = decodeNoteRecords(encodeNoteRecords(records));
  assert.deepEqual(back, JSON.parse(JSON.stringify(records)));
});

test('a damaged payload is refused with what is wrong, even when its checksum matches', () => {
  const payload = encodeRecordsPayload([record('a.md'), record('b.md')]);
  const refused = (bytes: Uint8Array, why: RegExp) => {
    assert.throws(() => decodeNoteRecords(sealFile('notes2', bytes)), (e: unknown) => e instanceof DamagedFileError && why.test(e.message));
  };
  refused(payload.subarray(0, payload.length - 3), /cut short/);
  refused(payload.subarray(0, 40), /cut short|past its table|left over|out of range|larger than the file/);
  refused(Uint8Array.of(...payload, 0), /left over/);
  // One string in all, and a record that names the second.
  refused(Uint8Array.of(1, 1, 0x61, 1, 1, 1), /out of range/);
  // A count of a million records in a payload of a few bytes.
  refused(Uint8Array.of(0, 0, 0xc0, 0x84, 0x3d), /larger than the file/);
  // A front matter that is not an object.
  const bad = encodeRecordsPayload([record('a.md', { frontMatter: [1] as never })]);
  assert.throws(() => decodeRecordsPayload(bad), /front matter is not an object/);
});

test('decoded in slices, a bucket gives the records the plain decoder gives', async () => {
  const { decodeNoteRecordsInSlices } = await import('../../../src/core/index/note-record');
  const records = Array.from({ length: 1000 }, (_, i) => record(`n${i}.md`, { title: `Note ${i}` }));
  const bytes = encodeNoteRecords(records);
  let breaths = 0;
  const back = await decodeNoteRecordsInSlices(bytes, async () => void breaths++);
  assert.deepEqual(back, decodeNoteRecords(bytes));
  assert.ok(breaths >= 4, `${breaths} breaths: after the checksum, the strings and every 256 records`);
  const earlier = sealFile('notes', new TextEncoder().encode(JSON.stringify(records.slice(0, 3))));
  assert.deepEqual(await decodeNoteRecordsInSlices(earlier, async () => undefined), records.slice(0, 3), 'JSON of an earlier Kindred too');
});

test('a string table of several 64 KB pieces decodes whole, a character cut between two pieces included', () => {
  // Titles of emoji, CJK and combining marks: over 300 KB of multi-byte text, so pieces end inside characters.
  const titles = Array.from({ length: 3000 }, (_, i) => `${'👩‍👩‍👧‍👦'.repeat(1 + (i % 3))} 東京 ${i} é ${'ß'.repeat(i % 7)} 🇫🇷`);
  const records = titles.map((title, i) => record(`n${i}.md`, { title }));
  const payload = encodeRecordsPayload(records);
  assert.ok(payload.length > 4 * 64 * 1024, `${payload.length} bytes`);
  const back = decodeRecordsPayload(payload);
  assert.deepEqual(back.map((r) => r.title), titles);
});

test('passages under the same heading share one heading path once decoded, across the notes of a bucket', () => {
  const records = ['a.md', 'b.md'].map((p) =>
    record(p, {
      chunks: [
        { id: `${p}1`, headingPath: ['Note', 'Part 1'], start: 0, end: 10 },
        { id: `${p}2`, headingPath: ['Note', 'Part 1'], start: 10, end: 20 },
        { id: `${p}3`, headingPath: ['Note', 'Part 2'], start: 20, end: 30 },
        { id: `${p}4`, headingPath: [], start: 30, end: 40 },
      ],
    }),
  );
  const [a, b] = decodeRecordsPayload(encodeRecordsPayload(records));
  assert.deepEqual([a, b], records);
  assert.equal(a.chunks[0].headingPath, a.chunks[1].headingPath, 'the same array');
  assert.equal(a.chunks[0].headingPath, b.chunks[0].headingPath, 'in another note too');
  assert.notEqual(a.chunks[0].headingPath, a.chunks[2].headingPath);
  assert.ok(Object.isFrozen(a.chunks[0].headingPath) && Object.isFrozen(a.chunks[3].headingPath), 'a shared path cannot be changed');
});
