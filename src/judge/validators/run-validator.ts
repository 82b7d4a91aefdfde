import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ResolvedSandbox } from '../../sandbox/index.js';
import type { CheckInput, CheckResult } from '../checkers/types.js';
import { LimitSession, type ExecutorBackend, type RunOutcome } from '../executor/index.js';
import type { NormalizedLimits } from '../limits.js';
import { readFeedback } from '../problem/read-feedback.js';
import { interpretValidatorExit, outputValidatorArgs } from '../problem/validator-protocol.js';
import { reachableFile } from './reachable-file.js';

/** What running a validator needs from the judge: its helper, accounting, and private dir. */
export interface ValidatorContext {
  helper: string;
  backend: ExecutorBackend;
  /** Always `none`: a trusted program that writes its feedback dir on the host. */
  sandbox: ResolvedSandbox;
  /** Parent of each test's temp dir (the input copies and the feedback dir). */
  workDir: string;
  limits: NormalizedLimits;
  signal?: AbortSignal;
}

const STDERR_SHOWN = 2000;

/** The 42/43 protocol over a limited run: a validator past its limits, or failing to start, is IE. */
function judgeRun(run: RunOutcome, feedback: Awaited<ReturnType<typeof readFeedback>>): CheckResult {
  const kept = {
    ...(feedback.judgeMessage === undefined ? {} : { judgeMessage: feedback.judgeMessage }),
    ...(feedback.teamMessage === undefined ? {} : { teamMessage: feedback.teamMessage }),
  };
  const withFeedback = Object.keys(kept).length > 0 ? { feedback: kept } : {};
  const stderr = run.stderr.trim().slice(0, STDERR_SHOWN);
  const notes = [...feedback.refused, ...(stderr ? [`stderr: ${stderr}`] : [])].join('; ');
  if (run.kind === 'ok' || run.kind === 'exit' || run.kind === 'signal') {
    const { verdict, message } = interpretValidatorExit(run, feedback);
    return { verdict, message: verdict === 'IE' && notes ? `${message} (${notes})` : message, ...withFeedback };
  }
  const message = `output validator: ${run.message || run.kind}`;
  return { verdict: 'IE', message: notes ? `${message} (${notes})` : message, ...withFeedback };
}

/**
 * Runs a package's output validator on one output, `validator input answer feedback_dir/ [flags] < output`,
 * under the validator's limits (no sandbox: it is the problem's own program, and writes its feedback
 * dir), under a uid of its own when judging as root, with a fresh feedback dir, never in the caller's
 * working dir: its work dir is the run's private one. Exit 42 is AC, 43 WA, anything else IE.
 */
export async function runValidator(
  context: ValidatorContext,
  program: string,
  test: CheckInput,
  flags: readonly string[],
): Promise<CheckResult> {
  const dir = await mkdtemp(join(context.workDir, 'validate-'));
  try {
    await chmod(dir, 0o755);
    const feedbackDir = join(dir, 'feedback');
    await mkdir(feedbackDir);
    // The validator's own uid writes its messages here; the judge reads them with O_NOFOLLOW.
    await chmod(feedbackDir, 0o777);
    const input = await reachableFile(dir, 'input', test.inputFile, test.input);
    const answer = await reachableFile(dir, 'answer', test.expectedFile, () => test.expected);
    const session = await LimitSession.open({
      helper: context.helper,
      program,
      args: outputValidatorArgs({ input, answer, feedbackDir }, flags),
      sandbox: context.sandbox,
      backend: context.backend,
      inputDirs: [],
      ...(context.signal ? { signal: context.signal } : {}),
    });
    let run: RunOutcome;
    try {
      // The output the program wrote, as its file when there is one: bytes, never a decoding.
      const stdin = test.outputFile === undefined ? { input: test.output } : { inputFile: test.outputFile };
      run = await session.run({ limits: context.limits, ...stdin });
    } finally {
      await session.close();
    }
    return judgeRun(run, await readFeedback(feedbackDir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
