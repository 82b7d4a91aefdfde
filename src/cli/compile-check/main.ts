import type { CompileResult } from '../../compile/index.js';
import { resolveSandbox, type SandboxMode } from '../../sandbox/index.js';
import { makePaint, processIo, readVersion, runTool, UsageError, type CliIo, type Tool } from '../kit/index.js';
import { buildCompileCheckArgs, joinFlagValues, OPTIONS, type CompileCheckArgs } from './args.js';
import { formatResult, formatSummary } from './format.js';
import { formatAnnotations, makeAnnotationPath } from './github.js';
import { formatJunit } from './junit.js';
import { planCheck, type CheckPlan } from './plan-check.js';
import { makePrinter } from './printer.js';
import { formatSarif } from './sarif.js';
import { USAGE } from './usage.js';
import { writeReport } from './write-report.js';
import { resolve } from 'node:path';

function modeOf(args: CompileCheckArgs): 'link' | 'compile-only' | 'syntax-only' {
  if (args.syntaxOnly) return 'syntax-only';
  return args.compileOnly || args.project !== undefined ? 'compile-only' : 'link';
}

/** The `--format json` document: see docs/json-output.md. */
function formatJsonDocument(
  args: CompileCheckArgs,
  plan: CheckPlan,
  results: CompileResult[],
  totalMs: number,
): string {
  const passed = results.filter((r) => r.ok).length;
  const document = {
    tool: 'compile-check',
    version: readVersion(),
    compiler: plan.compilers[0] ?? '',
    compilers: plan.compilers,
    mode: modeOf(args),
    ...(plan.project ? { project: plan.project.database } : {}),
    passed,
    failed: results.length - passed,
    durationMs: totalMs,
    results: results.map((result, i) => ({
      path: plan.paths[i]!,
      ...(plan.project ? { directory: plan.project.directories[i]! } : {}),
      ...result,
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** The sandbox, resolved once before any compile: a required one that is missing is a usage error, not N failures. */
async function checkSandbox(mode: SandboxMode, io: CliIo): Promise<SandboxMode> {
  if (mode === 'none') return mode;
  try {
    return (await resolveSandbox(mode, (warning) => io.stderr(`${warning}\n`))).kind;
  } catch (error) {
    throw new UsageError(
      (error as Error).message,
      'Install bubblewrap (Debian package bubblewrap), or pass --sandbox auto or none.',
    );
  }
}

/** Compiles the files the arguments name and reports; 0 when all pass, 1 when any fails. */
async function checkFiles(args: CompileCheckArgs, io: CliIo): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  const plan = await planCheck({ ...args, sandbox: await checkSandbox(args.sandbox, io) }, cwd, env);
  const format = args.format ?? 'text';
  // Under GitHub Actions the default output also carries annotations (the runner hides those lines).
  const annotate = format === 'github' || (args.format === undefined && env.GITHUB_ACTIONS === 'true');
  const tty = Boolean(io.isTTY) && format === 'text';
  const paint = makePaint({ isTTY: tty, env });
  const annotationPath = makeAnnotationPath(cwd, env);
  const render = (index: number, result: CompileResult): string => {
    const path = plan.paths[index]!;
    const text = format === 'text' ? formatResult(path, result, paint, cwd) : '';
    return annotate ? text + formatAnnotations(path, result, annotationPath) : text;
  };
  const printer = makePrinter(plan.paths.length, io, paint, render, tty);
  const started = performance.now();
  const results = await plan.run(printer);
  const totalMs = performance.now() - started;
  const entries = plan.paths.map((path, i) => ({ path, result: results[i]! }));
  if (args.junit)
    await writeReport(resolve(cwd, args.junit), formatJunit(entries, cwd, totalMs), 'junit', 'JUnit report');
  if (args.sarif)
    await writeReport(resolve(cwd, args.sarif), formatSarif(entries, readVersion(), cwd), 'sarif', 'SARIF report');
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  io.stdout(
    format === 'json' ? formatJsonDocument(args, plan, results, totalMs) : formatSummary(passed, failed, paint),
  );
  return failed > 0 ? 1 : 0;
}

export const compileCheckTool: Tool<CompileCheckArgs> = {
  name: 'compile-check',
  usage: USAGE,
  options: OPTIONS,
  positionals: true,
  prepareArgv: joinFlagValues,
  build: buildCompileCheckArgs,
  run: checkFiles,
};

/**
 * `compile-check [options] <file|dir>...`: 0 when every file compiles, 1 when any fails, 2 for a
 * usage error. Never calls `process.exit`.
 */
export function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  return runTool(compileCheckTool, argv, io);
}
