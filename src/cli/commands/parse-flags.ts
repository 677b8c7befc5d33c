import { UsageError } from '../command';

/**
 * What a flag takes: a value, a whole number 1 or more, nothing (a switch), or a value that may
 * be given more than once (a list).
 */
export type FlagKind = 'string' | 'count' | 'switch' | 'list';

/** Parsed flags by name (without `--`) and the positional arguments in order. */
export interface ParsedFlags {
  values: Map<string, string>;
  counts: Map<string, number>;
  switches: Set<string>;
  lists: Map<string, string[]>;
  positionals: string[];
}

/**
 * Parses `--flag value`, `--flag=value` and `--switch`; anything else starting with `-` is a
 * usage error naming it, so a typo is never taken for a note path or a query. A single-valued
 * flag given twice is refused: `--vault a --vault b` silently taking `b` has cost a person
 * their afternoon.
 */
export function parseFlags(argv: string[], spec: Record<string, FlagKind>): ParsedFlags {
  const out: ParsedFlags = { values: new Map(), counts: new Map(), switches: new Set(), lists: new Map(), positionals: [] };
  const seen = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option ${eq > 0 ? arg.slice(0, eq) : arg}`);
    if (kind !== 'list') {
      if (seen.has(name)) throw new UsageError(`--${name} is given twice: give it once`);
      seen.add(name);
    }
    if (kind === 'switch') {
      if (eq > 0) throw new UsageError(`--${name} takes no value`);
      out.switches.add(name);
      continue;
    }
    let value: string | undefined = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    value = value.trim();
    if (kind === 'count') {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1) throw new UsageError(`--${name} must be a whole number, 1 or more (got '${value}')`);
      out.counts.set(name, n);
    } else {
      if (value === '') throw new UsageError(`--${name} needs a value`);
      if (kind === 'list') out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
      else out.values.set(name, value);
    }
  }
  return out;
}

/** A flag's number, if given, checked against the range a person can sensibly ask for. */
export function numberFlag(values: Map<string, string>, name: string, min: number, max: number): number | undefined {
  const raw = values.get(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max} (got '${raw}')`);
  }
  return n;
}

/** Refuses positional arguments where a command takes none. */
export function noPositionals(flags: ParsedFlags): void {
  if (flags.positionals.length > 0) throw new UsageError(`unexpected argument '${flags.positionals[0]}'`);
}
