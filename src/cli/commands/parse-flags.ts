import { UsageError } from '../command';

/** What a flag takes: a value, a whole number 1 or more, or nothing (a switch). */
export type FlagKind = 'string' | 'count' | 'switch';

/** Parsed flags by name (without `--`) and the positional arguments in order. */
export interface ParsedFlags {
  values: Map<string, string>;
  counts: Map<string, number>;
  switches: Set<string>;
  positionals: string[];
}

/**
 * Parses `--flag value`, `--flag=value` and `--switch`; anything else starting with `-` is a
 * usage error naming it, so a typo is never taken for a note path or a query.
 */
export function parseFlags(argv: string[], spec: Record<string, FlagKind>): ParsedFlags {
  const out: ParsedFlags = { values: new Map(), counts: new Map(), switches: new Set(), positionals: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-') || arg === '-') {
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = (eq > 0 ? arg.slice(0, eq) : arg).replace(/^--?/, '');
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option ${arg}`);
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
      out.values.set(name, value);
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
