// Problems: loading a tests dir or an ICPC problem package, groups and scores, the package format's
// default output validator and the 42/43 and testlib protocols (the pure parts; running is the judge's).
export { loadProblem } from './load-problem.js';
export { parseGroups } from './parse-groups.js';
export { mergeLimits } from './merge-limits.js';
export {
  chooseStopRule,
  planRun,
  recordResult,
  shouldRun,
  type RunPlan,
  type RunState,
  type StopRule,
} from './plan-run.js';
export { scoreReport, type GroupScore, type ScoredResult, type ScoreReport } from './score-report.js';
export { defaultValidate } from './default-validate.js';
export { parseValidatorFlags, type DefaultValidatorFlags } from './validator-flags.js';
export {
  interpretValidatorExit,
  outputValidatorArgs,
  type ProgramExit,
  type ValidatorFeedback,
} from './validator-protocol.js';
export { readFeedback } from './read-feedback.js';
export { interpretTestlibExit } from './testlib-exit.js';
export type {
  Problem,
  ProblemLimits,
  ProblemTest,
  ProblemValidation,
  TestGroup,
  ValidatorLanguage,
  ValidatorProgram,
} from './types.js';
