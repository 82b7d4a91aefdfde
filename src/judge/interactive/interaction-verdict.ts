import type { CheckResult } from '../checkers/types.js';
import type { RunOutcome } from '../executor/index.js';
import type { TestResult } from '../types.js';
import { makeTestResult } from '../verdict-of.js';
import type { InteractorEnd } from './connect-interactor.js';

/**
 * One interactive test's verdict, from the submission's run and the interactor's judgement (its exit read by
 * the problem's protocol). In order: the judge's failure (IE); an interactor that crashed or failed, or that
 * the judge had to kill at its own wall limit (IE, never the submission's fault); a limit the submission
 * passed (TLE, MLE, OLE: a silent submission is TLE, whatever the waiting interactor then says); the
 * interactor's rejection (WA: a submission killed by SIGPIPE after it is still WA); the submission's crash
 * (RE); else the interactor's judgement (AC, or what a checker said after it).
 */
export function interactionVerdict(
  name: string,
  run: RunOutcome,
  end: InteractorEnd,
  judgement: CheckResult,
): TestResult {
  const base = makeTestResult(name, run);
  const said = (verdict: TestResult['verdict'], message: string, checkerMessage = judgement.message): TestResult => ({
    ...base,
    verdict,
    message,
    checkerMessage,
  });
  if (run.kind === 'internal-error') return base;
  if (end.error !== undefined) return said('IE', `the interactor did not start: ${end.error}`, '');
  if (judgement.verdict === 'IE' && !end.timedOut) return said('IE', judgement.message);
  // Still running when the submission is gone (a well-behaved one sees the end of its input and exits): stuck.
  if (end.timedOut) return said('IE', 'the interactor exceeded its time limit and was killed', end.stderr.trim());
  if (run.kind !== 'ok' && run.kind !== 'signal' && run.kind !== 'exit') return base;
  if (judgement.verdict === 'WA') return said('WA', '');
  if (run.kind !== 'ok') return base;
  return said(judgement.verdict, judgement.verdict === 'IE' ? judgement.message : '');
}

/**
 * A testlib interactor killed by SIGPIPE wrote to a submission that had stopped reading (it exited early):
 * that is the submission's fault, a rejection, not the interactor's crash.
 */
export function submissionStoppedReading(end: InteractorEnd): CheckResult | undefined {
  return end.signal === 'SIGPIPE' ? { verdict: 'WA', message: 'the submission stopped reading its input' } : undefined;
}
