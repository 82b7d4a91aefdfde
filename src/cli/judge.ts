import { resolve } from 'node:path';
import { isCppSource } from '../compile/index.js';
import { judge, type JudgeRequest, type TestResult } from '../judge/index.js';
import { JUDGE_USAGE, parseJudgeArgs, type JudgeArgs } from './judge-args.js';
import { formatCompileErrors, formatFailure, formatSummary, formatTestLine, makePaint } from './judge-format.js';

/** Where the CLI writes, so tests run `main` in-process. */
export interface JudgeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour only on a terminal. */
  isTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const processIo: JudgeIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  // @types/node says boolean, but it is undefined off a terminal; every reader wraps it in Boolean().
  isTTY: process.stdout.isTTY,
  env: process.env,
};

function toRequest(args: JudgeArgs, cwd: string, io: JudgeIo, onTest?: (test: TestResult) => void): JudgeRequest {
  const program = resolve(cwd, args.program);
  const checker =
    typeof args.checker === 'object' && 'testlib' in args.checker
      ? { testlib: resolve(cwd, args.checker.testlib) }
      : args.checker;
  const cacheDir = io.env?.SAFERUN_CACHE_DIR;
  return {
    ...(isCppSource(program) ? { source: program } : { binary: program }),
    tests: resolve(cwd, args.tests),
    timeLimitMs: args.timeLimitMs,
    memoryLimitMb: args.memoryLimitMb,
    ...(args.wallTimeLimitMs !== undefined ? { wallTimeLimitMs: args.wallTimeLimitMs } : {}),
    ...(args.outputLimitMb !== undefined ? { outputLimitMb: args.outputLimitMb } : {}),
    ...(args.stackLimitMb !== undefined ? { stackLimitMb: args.stackLimitMb } : {}),
    ...(args.processLimit !== undefined ? { processLimit: args.processLimit } : {}),
    ...(args.std ? { compileOptions: { std: args.std } } : {}),
    ...(cacheDir ? { cacheDir: resolve(cwd, cacheDir) } : {}),
    checker,
    jobs: args.jobs,
    stopOnFirstFailure: !args.all,
    sandbox: args.sandbox,
    onWarning: (message) => io.stderr(`${message}\n`),
    ...(onTest ? { onTest } : {}),
  };
}

/**
 * `judge program.cpp tests/ --time-limit 1s --memory-limit 256m`: one line a test, the first
 * failure's diff, a summary. Exit 0 on AC, 1 on another verdict, 2 on a usage or judge error (IE).
 */
export async function main(argv: string[], io: JudgeIo = processIo): Promise<number> {
  const parsed = parseJudgeArgs(argv);
  if (!parsed.ok) {
    io.stderr(`judge: ${parsed.message}\nRun 'judge --help' for the options.\n`);
    return 2;
  }
  if ('help' in parsed) {
    io.stdout(JUDGE_USAGE);
    return 0;
  }
  const { args } = parsed;
  const paint = makePaint(Boolean(io.isTTY) && !io.env?.NO_COLOR);
  // One test at a time finishes in order: print each line as it comes. In parallel, print in order at the end.
  const live = !args.json && args.jobs === 1;
  const report = await judge(
    toRequest(args, io.cwd ?? process.cwd(), io, live ? (test) => io.stdout(formatTestLine(test, paint)) : undefined),
  );
  if (args.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    if (!live) for (const test of report.tests) io.stdout(formatTestLine(test, paint));
    if (report.verdict === 'CE') io.stdout(formatCompileErrors(report));
    const failure = report.tests.find((test) => test.verdict !== 'AC');
    if (failure) io.stdout(formatFailure(failure));
    io.stdout(formatSummary(report, paint));
  }
  if (report.verdict === 'AC') return 0;
  return report.verdict === 'IE' ? 2 : 1;
}
