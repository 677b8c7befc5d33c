/**
 * Real text for the embedding benchmarks: paragraphs and ~250-word passages of the Sequences
 * essays in `../shared/corpora/sequences`. Without the corpus the bench says so and stops
 * (and fails under CI=true, where a missing corpus is a broken checkout).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ESSAYS_DIR = resolve(__dirname, '..', '..', 'shared', 'corpora', 'sequences', 'content', 'essays');

/** The essays' markdown, in file-name order; exits with a clear message when the corpus is missing. */
export function readEssaysOrExit(): string[] {
  if (!existsSync(ESSAYS_DIR)) {
    const message = `The Sequences corpus is missing: looked in ${ESSAYS_DIR}.`;
    if (process.env.CI === 'true') throw new Error(message);
    process.stdout.write(`${message} Skipping this benchmark.\n`);
    process.exit(0);
  }
  return readdirSync(ESSAYS_DIR)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => readFileSync(join(ESSAYS_DIR, f), 'utf8'));
}

/** The scrape's navigation lines, headings and reference-link definitions are not prose. */
function isProse(paragraph: string): boolean {
  return !/^(#|\[|❦|\d+\.\s*\[)/.test(paragraph) && paragraph.split(/\s+/).length >= 20;
}

/** Prose paragraphs of the essays, in order. */
export function proseParagraphs(essays: readonly string[]): string[] {
  return essays.flatMap((essay) =>
    essay
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(isProse),
  );
}

/** `count` items spread evenly over `items` (every k-th), so every part of the corpus is represented. */
export function spreadSample<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = items.length / count;
  return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}

/** Consecutive prose cut into passages of `words` whitespace words, the way a chunker would. */
export function passagesOf(essays: readonly string[], words: number): string[] {
  const out: string[] = [];
  for (const essay of essays) {
    const tokens = proseParagraphs([essay]).join('\n\n').split(/\s+/).filter(Boolean);
    for (let start = 0; start + words <= tokens.length; start += words) {
      out.push(tokens.slice(start, start + words).join(' '));
    }
  }
  return out;
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
