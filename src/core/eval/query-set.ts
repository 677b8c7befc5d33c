import type { EvalCase } from './evaluate-rankings';

/** One line of a query file: `{"id", "text", "relevant"?: [slugs or paths]}`. */
export interface QueryLine {
  id: string;
  text: string;
  relevant?: string[];
}

/** A query with its relevant notes resolved to vault paths. */
export interface QueryCase extends EvalCase {
  text: string;
  /** A note left out of the ranking: the query's own document, as BEIR leaves it out. */
  exclude?: string;
}

/** A problem with a query file, naming the line so a person can fix it. */
export class QueryFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryFileError';
  }
}

/**
 * Parses a JSON-lines query file. Blank lines are skipped; every other line must be an object
 * with a non-empty string `id` and `text`; ids must be unique.
 */
export function parseQueryLines(source: string): QueryLine[] {
  const out: QueryLine[] = [];
  const ids = new Set<string>();
  source.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new QueryFileError(`line ${i + 1} is not valid JSON`);
    }
    const v = value as Partial<QueryLine> | null;
    if (!v || typeof v !== 'object' || typeof v.id !== 'string' || typeof v.text !== 'string' || !v.text.trim()) {
      throw new QueryFileError(`line ${i + 1} needs a string "id" and a non-empty string "text"`);
    }
    if (ids.has(v.id)) throw new QueryFileError(`line ${i + 1} repeats the id "${v.id}"`);
    if (v.relevant !== undefined && !(Array.isArray(v.relevant) && v.relevant.every((r) => typeof r === 'string'))) {
      throw new QueryFileError(`line ${i + 1}: "relevant" must be a list of strings`);
    }
    ids.add(v.id);
    out.push({ id: v.id, text: v.text, relevant: v.relevant });
  });
  return out;
}

/** Lower-cases and drops everything but letters and digits: how Sequences slugs are compared. */
export function normaliseSlug(slug: string): string {
  return slug.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * Resolves each query's `relevant` slugs to vault paths by the normalised file name
 * (`Why-Our-Kind` matches `why-our-kind.md`). Queries without relevant notes are left out;
 * a slug that matches no note is an error, since a silent miss would skew the scores.
 */
export function resolveQueryCases(lines: readonly QueryLine[], paths: Iterable<string>): QueryCase[] {
  const bySlug = new Map<string, string>();
  for (const path of paths) {
    const name = path.split('/').pop() ?? path;
    bySlug.set(normaliseSlug(name.replace(/\.md$/i, '')), path);
  }
  return lines
    .filter((l) => l.relevant && l.relevant.length > 0)
    .map((l) => {
      const relevant = new Set<string>();
      for (const slug of l.relevant ?? []) {
        const path = bySlug.get(normaliseSlug(slug));
        if (!path) throw new QueryFileError(`query "${l.id}": no note matches "${slug}"`);
        relevant.add(path);
      }
      return { id: l.id, text: l.text, relevant };
    });
}
