import { constants } from 'node:os';
import { describeEnding, makeNotStartedResult, type Result, type SignalResult } from '../process/index.js';
import type { NormalizedStep } from './normalize-step.js';
import type { StepResult } from './step-types.js';

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

/** bwrap exits with 128 + n when the command died of signal n: say it as the signal. */
function decodeBwrapStatus(run: Result): Result {
  if (run.kind !== 'exit' || run.exitCode <= 128) return run;
  const signal = SIGNAL_NAMES.get(run.exitCode - 128) as NodeJS.Signals | undefined;
  if (!signal) return run;
  const killed: SignalResult = { ...run, kind: 'signal', exitCode: null, signal };
  return killed;
}

/**
 * The step's result from the run of bwrap (or of the wrapper on the host): its command is the
 * step's, and so is the one-line message of a failure.
 */
export function makeStepResult(
  run: Result,
  step: NormalizedStep,
  how: { command: string; sandbox: 'bwrap' | 'none'; outputs: Record<string, string> },
): StepResult {
  const result = how.sandbox === 'bwrap' ? decodeBwrapStatus(run) : run;
  const extra = { command: how.command, outputs: how.outputs, sandbox: how.sandbox };
  if (result.ok) return { ...result, ...extra };
  const message = describeEnding({
    kind: result.kind,
    command: how.command,
    exitCode: result.exitCode,
    signal: result.signal,
    error: result.error,
    timeoutMs: step.limits.timeMs,
    maxBuffer: step.limits.outputBytes,
  });
  return { ...result, ...extra, message };
}

/** The command is not on the step's PATH: nothing ran. */
export function notStarted(command: string, sandbox: 'bwrap' | 'none', message: string): StepResult {
  return { ...makeNotStartedResult('spawn-error', { code: 'ENOENT', message }, command, ''), outputs: {}, sandbox };
}
