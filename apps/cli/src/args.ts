import { UsageError } from './exit-codes.js';

export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

/**
 * `a b --flag value --flag=value --bool -- rest`. A flag followed by another flag or nothing is a
 * boolean. Known boolean flags never swallow the next word.
 */
export function parseArgs(argv: readonly string[], booleans: ReadonlySet<string>): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    if (eq > 0) {
      flags.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const name = arg.slice(2);
    const next = argv[i + 1];
    if (!booleans.has(name) && next !== undefined && !next.startsWith('--')) {
      flags.set(name, next);
      i += 1;
    } else flags.set(name, true);
  }
  return { positionals, flags };
}

/** Typed access to one command's flags, with errors that name the flag. */
export class Flags {
  constructor(private readonly parsed: ParsedArgs) {}

  string(name: string): string | undefined {
    const value = this.parsed.flags.get(name);
    if (value === true) throw new UsageError(`--${name} needs a value.`);
    return value;
  }

  required(name: string, hint = ''): string {
    const value = this.string(name);
    if (value === undefined || value === '')
      throw new UsageError(`--${name} is required.${hint ? ` ${hint}` : ''}`);
    return value;
  }

  bool(name: string): boolean {
    return this.parsed.flags.get(name) === true || this.parsed.flags.get(name) === 'true';
  }

  int(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`--${name} must be a whole number, got "${value}".`);
    return n;
  }

  list(name: string): string[] | undefined {
    const value = this.string(name);
    return value === undefined ? undefined : value.split(/[,\s]+/).filter(Boolean);
  }
}
