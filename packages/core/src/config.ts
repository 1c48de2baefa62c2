/**
 * Config is read once at start-up from the environment, by schema. Each field names its variable,
 * coerces the string, applies defaults, and the whole parse fails with every problem listed, each
 * naming the variable and saying what a valid value looks like.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export interface Field<T> {
  readonly variable: string;
  read(env: Env): { ok: true; value: T } | { ok: false; problem: string };
}

interface Options<T> {
  default?: T;
  /** Marks a value as secret: it is never echoed back in error messages. */
  secret?: boolean;
}

function field<T>(
  variable: string,
  options: Options<T>,
  hint: string,
  parse: (raw: string) => T | undefined,
): Field<T> {
  return {
    variable,
    read(env) {
      const raw = env[variable];
      if (raw === undefined || raw === '') {
        if (options.default !== undefined) return { ok: true, value: options.default };
        return { ok: false, problem: `${variable} is required (${hint}).` };
      }
      const value = parse(raw);
      if (value === undefined) {
        const shown = options.secret ? '<hidden>' : JSON.stringify(raw);
        return { ok: false, problem: `${variable}=${shown} is invalid: expected ${hint}.` };
      }
      return { ok: true, value };
    },
  };
}

export const env = {
  string: (variable: string, options: Options<string> & { minLength?: number } = {}) =>
    field(
      variable,
      options,
      options.minLength ? `a string of at least ${options.minLength} characters` : 'a string',
      (raw) => (raw.length >= (options.minLength ?? 0) ? raw : undefined),
    ),
  optionalString: (variable: string): Field<string | undefined> => ({
    variable,
    read: (e) => ({ ok: true, value: e[variable] === '' ? undefined : e[variable] }),
  }),
  int: (variable: string, options: Options<number> & { min?: number; max?: number } = {}) => {
    const range = `an integer${options.min !== undefined ? ` >= ${options.min}` : ''}${options.max !== undefined ? ` <= ${options.max}` : ''}`;
    return field(variable, options, range, (raw) => {
      if (!/^-?\d+$/.test(raw.trim())) return undefined;
      const value = Number(raw);
      if (!Number.isSafeInteger(value)) return undefined;
      if (options.min !== undefined && value < options.min) return undefined;
      if (options.max !== undefined && value > options.max) return undefined;
      return value;
    });
  },
  port: (variable: string, options: Options<number> = {}) =>
    field(variable, options, 'a TCP port 0-65535', (raw) => {
      const value = Number(raw);
      return /^\d+$/.test(raw) && value <= 65535 ? value : undefined;
    }),
  bool: (variable: string, options: Options<boolean> = {}) =>
    field(variable, options, 'true or false', (raw) => {
      const lower = raw.toLowerCase();
      if (['true', '1', 'yes', 'on'].includes(lower)) return true;
      if (['false', '0', 'no', 'off'].includes(lower)) return false;
      return undefined;
    }),
  url: (variable: string, options: Options<string> & { protocols?: string[] } = {}) =>
    field(variable, options, `a URL (${(options.protocols ?? ['http:', 'https:']).join(', ')})`, (raw) => {
      try {
        const url = new URL(raw);
        return (options.protocols ?? ['http:', 'https:']).includes(url.protocol) ? raw : undefined;
      } catch {
        return undefined;
      }
    }),
  oneOf: <const T extends string>(variable: string, values: readonly T[], options: Options<T> = {}) =>
    field<T>(variable, options, `one of ${values.join(', ')}`, (raw) =>
      (values as readonly string[]).includes(raw) ? (raw as T) : undefined,
    ),
  list: (variable: string, options: Options<string[]> = {}) =>
    field(variable, options, 'a comma-separated list', (raw) =>
      raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
};

type Shape = Record<string, Field<unknown>>;
export type ConfigOf<S extends Shape> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/**
 * Parses `source` (default `process.env`) against `shape`, then runs cross-field `rules`,
 * each returning a problem message or nothing. Throws one ConfigError listing every problem.
 */
export function parseConfig<S extends Shape>(
  shape: S,
  source: Env = process.env,
  rules: ((config: ConfigOf<S>) => string | undefined)[] = [],
): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(shape)) {
    const result = spec.read(source);
    if (result.ok) out[key] = result.value;
    else problems.push(result.problem);
  }
  if (problems.length === 0) {
    for (const rule of rules) {
      const problem = rule(out as ConfigOf<S>);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as ConfigOf<S>;
}
