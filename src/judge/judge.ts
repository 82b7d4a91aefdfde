import { chmod, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isChecker } from './checkers/resolve-checker.js';
import type { Checker, CheckResult } from './checkers/types.js';
import {
  ensureLimitHelper,
  LimitSession,
  makeJudgeDir,
  makeTrustedDir,
  resolveBackend,
  type ExecutorBackend,
} from './executor/index.js';
import { emptyReport } from './empty-report.js';
import { INTERACTOR_JUDGES, resolveInteraction } from './interactive/index.js';
import { loadJudgedProblem } from './load-judged-problem.js';
import { obtainProgram } from './obtain-program.js';
import { chooseStopRule, planRun } from './problem/plan-run.js';
import { mergeLimits } from './problem/merge-limits.js';
import { runTests } from './run-tests.js';
import { resolveSandbox, type ResolvedSandbox } from '../sandbox/index.js';
import { scoreOf, summarize } from './summarize-report.js';
import type { JudgeReport, JudgeRequest, Verdict } from './types.js';
import { normalizeLimits, type NormalizedLimits } from './limits.js';
import { resolveProblemChecker } from './validators/problem-checker.js';

/**
 * Compiles a submission once (or takes a binary) and runs it against tests under limits, with
 * online-judge verdicts. Never rejects: judge-side failures are reported as `IE`.
 * @example
 * const report = await judge({ source: 'a.cpp', tests: 'tests/', timeLimitMs: 1000, memoryLimitMb: 256 });
 * report.verdict; // 'AC' | 'WA' | 'TLE' | 'MLE' | 'OLE' | 'RE' | 'CE' | 'IE'
 */
export async function judge(request: JudgeRequest): Promise<JudgeReport> {
  const started = performance.now();
  // Known once resolved (before the compile): a CE report says where the submission compiled.
  let where: 'bwrap' | 'none' = 'none';
  const report = (partial: Partial<JudgeReport> & { verdict: Verdict }): JudgeReport =>
    emptyReport(partial.verdict, '', {
      sandbox: where,
      ...partial,
      durationMs: Math.round(performance.now() - started),
    });
  let workDir: string | undefined;
  let checker: Checker | CheckResult | undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- guards JS callers and untrusted data
    if (typeof request !== 'object' || request === null)
      return report({ verdict: 'IE', message: 'Expected the request to be an object' });
    // The problem first: its limits are the defaults the request overrides, and a broken one is IE before compiling.
    const problem = await loadJudgedProblem(request.tests, request.groups);
    if ('message' in problem) return report({ verdict: 'IE', message: problem.message });
    if (request.onWarning) problem.warnings.forEach(request.onWarning);
    let limits: NormalizedLimits;
    try {
      limits = normalizeLimits({ ...request, ...mergeLimits(problem.limits, request) });
    } catch (error) {
      return report({ verdict: 'IE', message: (error as Error).message });
    }
    const jobs = request.jobs ?? 1;
    if (!Number.isInteger(jobs) || jobs < 1)
      return report({ verdict: 'IE', message: `Expected \`jobs\` to be a positive integer, got \`${String(jobs)}\`` });
    // Named by this process's id: a judge killed before it removes the dir has it removed by the next one.
    workDir = await makeJudgeDir();
    // The program may run under its own uid: it must be able to reach the binary here, not list the dir.
    await chmod(workDir, 0o711);
    // The problem's side (a checker, a validator and its copies of the answers, an interactor) in a dir a
    // submission without a sandbox cannot name: listing is refused above it, and its name is random.
    const problemDir = await makeTrustedDir(workDir);
    const compileOptions = {
      optimize: '-O2',
      ...(request.cacheDir ? { cacheDir: request.cacheDir } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
      ...request.compileOptions,
    };
    let sandbox: ResolvedSandbox;
    try {
      sandbox = await resolveSandbox(limits.sandbox, request.onWarning);
      where = sandbox.kind;
    } catch (error) {
      return report({ verdict: 'IE', message: (error as Error).message });
    }
    // The submission compiles in the sandbox its runs get (a trusted checker does not: see resolveChecker).
    const program = await obtainProgram(request, workDir, { sandbox: sandbox.kind, ...compileOptions }, limits);
    const compileResult = program.compile ? { compile: program.compile } : {};
    // A scored problem's report has its score even without runs (0, every group skipped).
    const compiled = { ...compileResult, ...scoreOf(problem, []) };
    if (program.kind === 'compile-error') return report({ verdict: 'CE', message: program.message, ...compiled });
    if (program.kind === 'internal-error') return report({ verdict: 'IE', message: program.message, ...compiled });

    let helper: string;
    let backend: ExecutorBackend;
    try {
      [helper, backend] = await Promise.all([
        ensureLimitHelper(request.cacheDir),
        resolveBackend(limits.accounting, request.onWarning),
      ]);
    } catch (error) {
      return report({ verdict: 'IE', message: (error as Error).message, ...compiled });
    }
    // The checker or validator is the problem's, trusted: it compiles on the host (a testlib checker next to its testlib.h).
    const { sandbox: _submissionSandbox, ...checkerOptions } = compileOptions;
    checker =
      problem.validation.kind === 'interactive'
        ? INTERACTOR_JUDGES
        : await resolveProblemChecker(problem, {
            checker: request.checker,
            testlib: { workDir: problemDir, compileOptions: checkerOptions },
            helper,
            backend,
            ...(request.onWarning ? { onWarning: request.onWarning } : {}),
            ...(request.signal ? { signal: request.signal } : {}),
          });
    if (!isChecker(checker)) return report({ verdict: 'IE', message: checker.message, ...compiled });
    // An interactive problem: its interactor is the problem's too, built like a validator (see src/judge/interactive/).
    const interaction = await resolveInteraction(problem, request, checker, {
      workDir: problemDir,
      compileOptions: checkerOptions,
      buildTimeoutMs: problem.compileLimits.timeLimitMs ?? 60_000,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    if (interaction && 'error' in interaction)
      return report({ verdict: 'IE', message: interaction.error, ...compiled });
    const { tests } = problem;
    // Each dir holding inputs is bound where only the helper opens them (a package has one a group).
    const inputDirs = [...new Set(tests.flatMap((test) => (test.inputFile ? [dirname(test.inputFile)] : [])))];
    const stop = chooseStopRule(problem, request);
    const { results, skipped } = await runTests({
      openSession: () =>
        LimitSession.open({
          helper,
          program: program.path,
          ...(program.args ? { args: program.args } : {}),
          ...(program.readOnlyPaths ? { readOnlyPaths: program.readOnlyPaths } : {}),
          ...(program.env ? { env: program.env } : {}),
          sandbox,
          backend,
          inputDirs,
          ...(request.signal ? { signal: request.signal } : {}),
        }),
      limits,
      tests,
      checker,
      ...(interaction ? { interaction } : {}),
      jobs,
      stopOnFirstFailure: stop === 'problem',
      ...(stop === 'group' ? { plan: planRun(problem.groups, stop) } : {}),
      ...(request.onTest ? { onTest: request.onTest } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    });
    const summary = summarize(problem, results);
    // An aborted judge has no verdict on the submission.
    if (request.signal?.aborted) Object.assign(summary, { verdict: 'IE', message: 'the judge was aborted' });
    return report({ ...summary, skipped, sandbox: sandbox.kind, accounting: backend.accounting, ...compileResult });
  } catch (error) {
    return report({
      verdict: 'IE',
      message: `judge failed: ${(error as Partial<Error> | null | undefined)?.message ?? String(error)}`,
    });
  } finally {
    if (checker && isChecker(checker)) await checker.close?.().catch(() => {});
    if (workDir) await rm(workDir, { recursive: true, force: true }).catch(() => {});
  }
}
