import { parseArgs } from 'node:util';

/** What the command line asked for, validated. */
export interface CompileCheckArgs {
  paths: string[];
  json: boolean;
  junit: string | undefined;
  output: string | undefined;
  std: string | undefined;
  optimize: string | undefined;
  includeDirs: string[];
  defines: string[];
  flags: string[];
  compiler: string | undefined;
  werror: boolean;
  syntaxOnly: boolean;
  timeoutMs: number | undefined;
  memoryLimitMb: number | false | undefined;
  jobs: number | undefined;
  cache: boolean;
  pch: boolean;
  cacheDir: string | undefined;
  help: boolean;
  version: boolean;
}

export type ParsedArgs = { ok: true; args: CompileCheckArgs } | { ok: false; message: string; hint: string };

export const HINT = "Run 'compile-check --help' for the options.";

const OPTIONS = {
  json: { type: 'boolean' },
  junit: { type: 'string' },
  output: { type: 'string', short: 'o' },
  std: { type: 'string' },
  O: { type: 'string', short: 'O' },
  include: { type: 'string', short: 'I', multiple: true },
  define: { type: 'string', short: 'D', multiple: true },
  flags: { type: 'string', multiple: true },
  compiler: { type: 'string' },
  werror: { type: 'boolean' },
  'syntax-only': { type: 'boolean' },
  timeout: { type: 'string' },
  'memory-limit': { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  'no-cache': { type: 'boolean' },
  'no-pch': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** `10`, `2.5`, `2.5s`, `500ms` → milliseconds; `undefined` when malformed. */
export function parseDuration(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  if (!match) return undefined;
  const ms = match[2] === 'ms' ? Number(match[1]) : Number(match[1]) * 1000;
  return ms >= 1 && ms <= 2 ** 31 - 1 ? Math.round(ms) : undefined;
}

function positiveInteger(raw: string): number | undefined {
  return /^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

/** Splits `--flags "-Wall -Wextra -DLOCAL"` on white space (no shell quoting: one flag a word). */
function splitFlags(values: string[]): string[] {
  return values.flatMap((value) => value.split(/\s+/).filter(Boolean));
}

// `--flags "-Wall -O3"`: parseArgs refuses a value starting with a dash unless it is joined with `=`.
function joinFlagValues(argv: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--flags' && i + 1 < argv.length) joined.push(`--flags=${argv[++i]}`);
    else if (argv[i] === '--') return [...joined, ...argv.slice(i)];
    else joined.push(argv[i]!);
  }
  return joined;
}

/** Parses `compile-check [options] <file|dir>...` without touching the file system. */
export function parseCompileCheckArgs(argv: string[]): ParsedArgs {
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: joinFlagValues(argv),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    }));
  } catch (error) {
    // parseArgs says e.g. "Unknown option '--fast'. To specify a positional argument starting with a '-', ..."
    const message = (error as Error).message
      .split('\n')[0]!
      .split('. ')[0]!
      .replace(/^Option '(.*?)' argument missing$/, "Option '$1' needs a value");
    return { ok: false, message, hint: HINT };
  }
  const fail = (message: string): ParsedArgs => ({ ok: false, message, hint: HINT });
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const list = (name: string): string[] => (values[name] as string[] | undefined) ?? [];
  const help = Boolean(values.help);
  const version = Boolean(values.version);
  let timeoutMs: number | undefined;
  if (str('timeout') !== undefined) {
    timeoutMs = parseDuration(str('timeout')!);
    if (timeoutMs === undefined)
      return fail(`--timeout expects seconds such as 30, 2.5 or 500ms, got '${str('timeout')}'`);
  }
  let jobs: number | undefined;
  if (str('jobs') !== undefined) {
    jobs = positiveInteger(str('jobs')!);
    if (jobs === undefined) return fail(`--jobs expects a positive integer, got '${str('jobs')}'`);
  }
  let memoryLimitMb: number | false | undefined;
  const rawMemory = str('memory-limit');
  if (rawMemory !== undefined) {
    memoryLimitMb = rawMemory === 'none' || rawMemory === '0' ? false : positiveInteger(rawMemory);
    if (memoryLimitMb === undefined)
      return fail(`--memory-limit expects MiB (a positive integer) or 'none', got '${rawMemory}'`);
  }
  const rawO = str('O');
  const optimize = rawO === undefined ? undefined : `-O${rawO}`;
  if (optimize !== undefined && !/^-O([0-3]|s|fast|g|z)$/.test(optimize))
    return fail(`-O expects 0, 1, 2, 3, s, g or fast (as in -O2), got '${rawO}'`);
  if (!help && !version && positionals.length === 0) return fail('No files to check: give C++ files or directories');
  if (str('output') !== undefined && positionals.length > 1)
    return fail('-o keeps the binary of one file, but more than one was given');
  return {
    ok: true,
    args: {
      paths: positionals,
      json: Boolean(values.json),
      junit: str('junit'),
      output: str('output'),
      std: str('std')?.replace(/^-std=/, ''),
      optimize,
      includeDirs: list('include'),
      defines: list('define'),
      flags: splitFlags(list('flags')),
      compiler: str('compiler'),
      werror: Boolean(values.werror),
      syntaxOnly: Boolean(values['syntax-only']),
      timeoutMs,
      memoryLimitMb,
      jobs,
      cache: !values['no-cache'],
      pch: !values['no-pch'],
      cacheDir: str('cache-dir'),
      help,
      version,
    },
  };
}
