import { rm } from 'node:fs/promises';
import type { CheckInput, CheckResult } from '../checkers/types.js';
import type { RunOutcome } from '../executor/index.js';
import type { NormalizedLimits } from '../limits.js';
import { readFeedback } from '../problem/read-feedback.js';
import { interpretValidatorExit } from '../problem/validator-protocol.js';
import { placeReadable } from './place-readable.js';
import type { ValidatorPool } from './validator-pool.js';

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
 * dir), under a uid of its own when judging as root, with an empty feedback dir, never in the caller's
 * working dir: its work dir is the run's private one. Exit 42 is AC, 43 WA, anything else IE.
 */
export async function runValidator(
  pool: ValidatorPool,
  limits: NormalizedLimits,
  test: CheckInput,
  flags: readonly string[],
): Promise<CheckResult> {
  const slot = await pool.acquire(flags);
  try {
    await placeReadable(slot.input, test.inputFile, test.input);
    await placeReadable(slot.answer, test.expectedFile, () => test.expected);
    // The output the program wrote, as its file when there is one: bytes, never a decoding.
    const stdin = test.outputFile === undefined ? { input: test.output } : { inputFile: test.outputFile };
    const run = await slot.session.run({ limits, ...stdin });
    return judgeRun(run, await readFeedback(slot.feedbackDir));
  } finally {
    // The copies of this test's files go now: no later run finds them there.
    await Promise.all([rm(slot.input, { force: true }), rm(slot.answer, { force: true })]);
    pool.release(slot);
  }
}
