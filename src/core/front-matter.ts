import { parse as parseYaml } from 'yaml';

/** A note split into its front matter block and its body. */
export interface SplitNote {
  /** The YAML between the fences, without them; '' when the note has none. */
  yaml: string;
  /** Everything after the closing fence (or the whole note). */
  body: string;
  /** Where the body starts in the original text. */
  bodyStart: number;
}

// Obsidian only treats a block as front matter when '---' is the very first line.
const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?^---[ \t]*(?:\r?\n|$)/m;

/** Splits a note's text at its front matter fences, as Obsidian reads them. */
export function splitFrontMatter(text: string): SplitNote {
  if (!text.startsWith('---')) return { yaml: '', body: text, bodyStart: 0 };
  const match = FENCE.exec(text);
  if (!match || match.index !== 0) return { yaml: '', body: text, bodyStart: 0 };
  const end = match[0].length;
  return { yaml: match[1] ?? '', body: text.slice(end), bodyStart: end };
}

/**
 * The front matter as an object, or `null` when there is none or it is not a YAML mapping.
 * Broken YAML is treated as absent rather than thrown: one bad note must not stop an index.
 */
export function parseFrontMatter(text: string): Record<string, unknown> | null {
  const { yaml } = splitFrontMatter(text);
  if (!yaml.trim()) return null;
  try {
    const data: unknown = parseYaml(yaml);
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
