import { extname, resolve } from 'node:path';
import {
  BUILTIN_PROFILES,
  judge,
  type JudgeRequest,
  type LanguageProfile,
  type TestResult,
} from '../../judge/index.js';
import { escapeStringsForTerminal, makePaint, processIo, runTool, type CliIo, type Tool } from '../kit/index.js';
import { buildJudgeArgs, OPTIONS, type JudgeArgs } from './args.js';
import { formatCompileErrors, formatFailure, formatSummary, formatTestLine } from './format.js';
import { formatGroups } from './format-score.js';
import { readLanguagesFile } from './languages-file.js';
import { printLanguages } from './list-languages.js';
import { JUDGE_USAGE } from './usage.js';

/** A ready binary, or the submission's sources: one file of no language's extension, without `--language`, is a binary. */
function submissionOf(args: JudgeArgs, cwd: string, languages: LanguageProfile[]): Partial<JudgeRequest> {
  const files = args.files.map((file) => resolve(cwd, file));
  const known = [...languages, ...BUILTIN_PROFILES].some((profile) => profile.extensions.includes(extname(files[0]!)));
  const sourceOnly =
    args.language === undefined && args.grader.length === 0 && args.extraFiles.length === 0 && args.main === undefined;
  if (files.length === 1 && !known && sourceOnly) return { binary: files[0]! };
  return {
    files,
    ...(args.language !== undefined ? { language: args.language } : {}),
    ...(args.main !== undefined ? { main: args.main } : {}),
    ...(args.includeDirs.length > 0 ? { includeDirs: args.includeDirs.map((dir) => resolve(cwd, dir)) } : {}),
    ...(args.grader.length > 0 ? { grader: args.grader.map((file) => resolve(cwd, file)) } : {}),
    ...(args.extraFiles.length > 0 ? { extraFiles: args.extraFiles.map((file) => resolve(cwd, file)) } : {}),
    ...(languages.length > 0 ? { languages } : {}),
  };
}

function toRequest(
  args: JudgeArgs,
  cwd: string,
  io: CliIo,
  languages: LanguageProfile[],
  onTest?: (test: TestResult) => void,
): JudgeRequest {
  const checker =
    typeof args.checker === 'object' && 'testlib' in args.checker
      ? { testlib: resolve(cwd, args.checker.testlib) }
      : args.checker;
  const cacheDir = io.env?.SAFERUN_CACHE_DIR;
  return {
    ...submissionOf(args, cwd, languages),
    tests: resolve(cwd, args.tests),
    ...(args.timeLimitMs !== undefined ? { timeLimitMs: args.timeLimitMs } : {}),
    ...(args.memoryLimitMb !== undefined ? { memoryLimitMb: args.memoryLimitMb } : {}),
    ...(args.wallTimeLimitMs !== undefined ? { wallTimeLimitMs: args.wallTimeLimitMs } : {}),
    ...(args.outputLimitMb !== undefined ? { outputLimitMb: args.outputLimitMb } : {}),
    ...(args.stackLimitMb !== undefined ? { stackLimitMb: args.stackLimitMb } : {}),
    ...(args.processLimit !== undefined ? { processLimit: args.processLimit } : {}),
    ...(args.std ? { compileOptions: { std: args.std } } : {}),
    ...(cacheDir ? { cacheDir: resolve(cwd, cacheDir) } : {}),
    ...(args.interactor ? { interactor: resolve(cwd, args.interactor.file) } : {}),
    ...(args.interactor && !args.interactor.withChecker ? {} : { checker }),
    jobs: args.jobs,
    stopOnFirstFailure: !args.all,
    sandbox: args.sandbox,
    accounting: args.accounting,
    onWarning: (message) => io.stderr(`${message}\n`),
    ...(onTest ? { onTest } : {}),
  };
}

/** Judges the submission and prints a line a test, the first failure's diff and a summary. */
async function judgeSubmission(args: JudgeArgs, io: CliIo): Promise<number> {
  const paint = makePaint(io);
  const cwd = io.cwd ?? process.cwd();
  const languages = args.languagesFile === undefined ? [] : await readLanguagesFile(args.languagesFile, cwd);
  if (args.listLanguages) return printLanguages(languages, io, paint, args.json);
  // One test at a time finishes in order: print each line as it comes. In parallel, print in order at the end.
  const live = !args.json && args.jobs === 1;
  // Everything a report says may quote the submission: escaped before it reaches the terminal (JSON escapes its own).
  const printTest = (test: TestResult) => io.stdout(formatTestLine(escapeStringsForTerminal(test), paint));
  const judged = await judge(toRequest(args, cwd, io, languages, live ? printTest : undefined));
  if (args.json) {
    io.stdout(`${JSON.stringify(judged, null, 2)}\n`);
  } else {
    const report = escapeStringsForTerminal(judged);
    if (!live) for (const test of report.tests) io.stdout(formatTestLine(test, paint));
    if (report.verdict === 'CE') io.stdout(formatCompileErrors(report));
    const failure = report.tests.find((test) => test.verdict !== 'AC');
    if (failure) io.stdout(formatFailure(failure));
    io.stdout(formatGroups(report, paint));
    io.stdout(formatSummary(report, paint));
  }
  if (judged.verdict === 'AC') return 0;
  return judged.verdict === 'IE' ? 2 : 1;
}

export const judgeTool: Tool<JudgeArgs> = {
  name: 'judge',
  usage: JUDGE_USAGE,
  options: OPTIONS,
  positionals: true,
  build: buildJudgeArgs,
  run: judgeSubmission,
};

/**
 * `judge program.cpp tests/ --time-limit 1s --memory-limit 256m`: one line a test, the first
 * failure's diff, a summary. Exit 0 on AC, 1 on another verdict, 2 on a usage or judge error (IE).
 */
export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runTool(judgeTool, argv, io);
}
