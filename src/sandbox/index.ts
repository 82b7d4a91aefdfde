// bubblewrap, shared by the judge's runs and by sandboxed compiles (compile → sandbox → process).
export {
  INSIDE,
  isRoot,
  probeBwrap,
  probeBwrapAt,
  resolveSandbox,
  sandboxArgs,
  SANDBOX_MODES,
  type ResolvedSandbox,
  type SandboxMode,
} from './bwrap.js';
export { DEFAULT_STEP_OUTPUT_BYTES } from './normalize-step.js';
export { runSandboxedStep } from './run-step.js';
export { STEP_WORK } from './step-command.js';
export type { StepFile, StepLimits, StepOptions, StepResult } from './step-types.js';
export { findCommand, isExecutableFile, isUnder } from './find-command.js';
