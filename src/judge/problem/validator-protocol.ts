import type { CheckResult } from '../checkers/types.js';

/** How a validator, interactor or checker ended. */
export interface ProgramExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** What an output validator left in its feedback dir (see readFeedback()). */
export interface ValidatorFeedback {
  /** judgemessage.txt: for the judges (the report's checker message). */
  judgeMessage?: string;
  /** teammessage.txt: for the author of the submission. */
  teamMessage?: string;
}

const VALIDATOR_ACCEPT = 42;
const VALIDATOR_REJECT = 43;

/**
 * The arguments of an output validator (or an interactor) in the package format:
 * `input answer feedback_dir/ [flags...]`, with the submission's output on its stdin. The feedback dir
 * ends with a slash, as the format requires. The command itself comes from the validator's language.
 */
export function outputValidatorArgs(
  files: { input: string; answer: string; feedbackDir: string },
  flags: readonly string[] = [],
): string[] {
  const feedbackDir = files.feedbackDir.endsWith('/') ? files.feedbackDir : `${files.feedbackDir}/`;
  return [files.input, files.answer, feedbackDir, ...flags];
}

function describeEnd(exit: ProgramExit): string {
  if (exit.signal) return `was killed by ${exit.signal}`;
  if (exit.exitCode === null) return 'did not exit';
  return `exited with code ${exit.exitCode}`;
}

/**
 * The judgement of the package format's 42/43 protocol: 42 accepts, 43 rejects (WA), and anything else,
 * 0 and signals included, is the validator's failure: IE, never the submission's fault. The message is
 * judgemessage.txt when there is one.
 */
export function interpretValidatorExit(
  exit: ProgramExit,
  feedback: ValidatorFeedback = {},
  role = 'output validator',
): CheckResult & ValidatorFeedback {
  const judgeMessage = feedback.judgeMessage?.trim() ?? '';
  const kept = {
    ...(feedback.judgeMessage === undefined ? {} : { judgeMessage: feedback.judgeMessage }),
    ...(feedback.teamMessage === undefined ? {} : { teamMessage: feedback.teamMessage }),
  };
  if (exit.signal === null && exit.exitCode === VALIDATOR_ACCEPT)
    return { verdict: 'AC', message: judgeMessage, ...kept };
  if (exit.signal === null && exit.exitCode === VALIDATOR_REJECT)
    return { verdict: 'WA', message: judgeMessage || `rejected by the ${role}`, ...kept };
  const why = `${role} ${describeEnd(exit)}, expected exit code 42 (accept) or 43 (reject)`;
  return { verdict: 'IE', message: judgeMessage ? `${why}: ${judgeMessage}` : why, ...kept };
}
