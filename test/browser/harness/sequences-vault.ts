/**
 * A vault of real notes for the browser tests: Book I of the Sequences, built from
 * ../shared by the project's own vault script (essay links become wiki links).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');

/** Vault-relative path → text of every note under `folderPrefix` (default: Book I). */
export function sequencesNotes(folderPrefix = 'book-i-map-and-territory'): Record<string, string> {
  const out = mkdtempSync(join(tmpdir(), 'kindred-seq-'));
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts/make-sequences-vault.mjs'), out, '--corpus', join(ROOT, '../shared/corpora/sequences/content')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make-sequences-vault failed: ${r.stderr}`);
    const notes: Record<string, string> = {};
    for (const name of readdirSync(join(out, folderPrefix)).sort()) {
      if (name.endsWith('.md')) notes[`${folderPrefix}/${name}`] = readFileSync(join(out, folderPrefix, name), 'utf8');
    }
    return notes;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
