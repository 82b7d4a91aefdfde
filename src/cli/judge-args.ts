import { parseArgs } from 'node:util';
import type { SandboxMode } from '../judge/index.js';

export type CheckerArg = 'tokens' | 'exact' | 'lines' | { float: number } | { testlib: string };

/** What the command line asked for, validated. */
export interface JudgeArgs {
  program: string;
  tests: string;
  timeLimitMs: number;
  wallTimeLimitMs: number | undefined;
  memoryLimitMb: number;
  outputLimitMb: number | undefined;
  stackLimitMb: number | undefined;
  processLimit: number | undefined;
  checker: CheckerArg;
  json: boolean;
  jobs: number;
  all: boolean;
  sandbox: SandboxMode;
  std: string | undefined;
}

export type ParsedJudgeArgs = { ok: true; args: JudgeArgs } | { ok: true; help: true } | { ok: false; message: string };

export const JUDGE_USAGE = `Usage: judge <program.cpp|binary> <tests-dir> [options]

Runs a submission against NAME.in / NAME.out (or NAME.ans) tests under limits.

Options:
  --time-limit <t>        CPU time limit: 1s, 500ms, 1.5s (a bare number is ms) [default: 1s]
  --wall-time-limit <t>   wall-clock limit [default: 3 x the time limit]
  --memory-limit <m>      256m, 1g, 65536k (a bare number is MB) [default: 256m]
  --output-limit <m>      output limit [default: 64m]
  --stack-limit <m>       stack limit [default: the memory limit]
  --process-limit <n>     processes and threads at once [default: 64]
  --checker <c>           tokens | exact | lines | float:1e-6 | path/to/checker.cpp (testlib protocol) [default: tokens]
  --jobs, -j <n>          tests run at once [default: 1]
  --all                   run every test, not only up to the first failure
  --sandbox <s>           auto | bwrap | none [default: auto]
  --std <std>             C++ standard for compiling, e.g. c++17
  --json                  print the report as JSON
  --help, -h              show this help

Exit code: 0 accepted, 1 any other verdict, 2 usage error or judge error (IE).
`;

const OPTIONS = {
  'time-limit': { type: 'string' },
  'wall-time-limit': { type: 'string' },
  'memory-limit': { type: 'string' },
  'output-limit': { type: 'string' },
  'stack-limit': { type: 'string' },
  'process-limit': { type: 'string' },
  checker: { type: 'string' },
  jobs: { type: 'string', short: 'j' },
  all: { type: 'boolean' },
  sandbox: { type: 'string' },
  std: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `1s`, `1.5s`, `500ms`, `500` (ms) → milliseconds; undefined when malformed or not positive. */
export function parseDurationMs(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  if (!match) return undefined;
  const ms = match[2] === 's' ? Number(match[1]) * 1000 : Number(match[1]);
  return ms > 0 ? Math.round(ms) : undefined;
}

/** `256m`, `256mb`, `1g`, `65536k`, `256` (MB) → MiB; undefined when malformed or not positive. */
export function parseSizeMb(raw: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)([kmg])?i?b?$/i.exec(raw.trim());
  if (!match) return undefined;
  const scale = { k: 1 / 1024, m: 1, g: 1024 }[(match[2] ?? 'm').toLowerCase() as 'k' | 'm' | 'g'];
  const mb = Number(match[1]) * scale;
  return mb > 0 ? mb : undefined;
}

export function parseChecker(raw: string): CheckerArg | undefined {
  if (raw === 'tokens' || raw === 'exact' || raw === 'lines') return raw;
  const float = /^float(?::(.+))?$/.exec(raw);
  if (float) {
    const eps = float[1] === undefined ? 1e-6 : Number(float[1]);
    return Number.isFinite(eps) && eps >= 0 ? { float: eps } : undefined;
  }
  return raw.includes('/') || raw.includes('.') ? { testlib: raw } : undefined;
}

function fail(message: string): ParsedJudgeArgs {
  return { ok: false, message };
}

/** Parses `judge program tests [options]` without touching the file system. */
export function parseJudgeArgs(argv: string[]): ParsedJudgeArgs {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    return fail((error as Error).message.split('. ')[0]!);
  }
  if (values.help) return { ok: true, help: true };
  if (positionals.length !== 2)
    return fail(
      `Expected a program and a tests dir, got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}`,
    );
  const get = (name: keyof typeof OPTIONS) => values[name] as string | undefined;
  const measure = <T>(
    name: keyof typeof OPTIONS,
    parse: (raw: string) => T | undefined,
    what: string,
  ): T | undefined | Error => {
    const raw = get(name);
    if (raw === undefined) return undefined;
    return parse(raw) ?? new Error(`Expected --${name} to be ${what}, got '${raw}'`);
  };
  const time = measure('time-limit', parseDurationMs, 'a duration like 1s or 500ms');
  const wall = measure('wall-time-limit', parseDurationMs, 'a duration like 3s or 500ms');
  const memory = measure('memory-limit', parseSizeMb, 'a size like 256m or 1g');
  const output = measure('output-limit', parseSizeMb, 'a size like 64m');
  const stack = measure('stack-limit', parseSizeMb, 'a size like 64m');
  const processes = measure(
    'process-limit',
    (raw) => (/^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined),
    'a positive integer',
  );
  const jobs = measure(
    'jobs',
    (raw) => (/^\d+$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined),
    'a positive integer',
  );
  const checker = measure('checker', parseChecker, 'tokens, exact, lines, float:EPS or a checker source path');
  const sandbox = measure(
    'sandbox',
    (raw) => (['auto', 'none', 'bwrap'].includes(raw) ? (raw as SandboxMode) : undefined),
    'auto, bwrap or none',
  );
  for (const value of [time, wall, memory, output, stack, processes, jobs, checker, sandbox])
    if (value instanceof Error) return fail(value.message);
  return {
    ok: true,
    args: {
      program: positionals[0]!,
      tests: positionals[1]!,
      timeLimitMs: (time as number | undefined) ?? 1000,
      wallTimeLimitMs: wall as number | undefined,
      memoryLimitMb: (memory as number | undefined) ?? 256,
      outputLimitMb: output as number | undefined,
      stackLimitMb: stack as number | undefined,
      processLimit: processes as number | undefined,
      checker: (checker as CheckerArg | undefined) ?? 'tokens',
      json: values.json === true,
      jobs: (jobs as number | undefined) ?? 1,
      all: values.all === true,
      sandbox: (sandbox as SandboxMode | undefined) ?? 'auto',
      std: get('std'),
    },
  };
}
