export { judge } from './judge.js';
export { emptyReport } from './empty-report.js';
export {
  DEFAULT_CHECKER,
  LIMIT_RULES,
  NAMED_CHECKERS,
  normalizeLimits,
  validateLimit,
  type NamedChecker,
} from './limits.js';
export { runLimited } from './run-limited.js';
export { naturalCompare, loadTestsFromDir, type InlineTest } from './load-tests.js';
export { compareExact, compareFloats, compareLines, compareTokens } from './checkers/compare-text.js';
export { probeBwrap, type SandboxMode } from '../sandbox/index.js';
export * from './problem/index.js';
export {
  BUILTIN_PROFILES,
  listLanguages,
  prepareProgram,
  validateProfiles,
  type LanguageCommand,
  type LanguageCompileStep,
  type LanguageProfile,
  type LanguageStatus,
  type PreparedProgram,
  type PrepareOptions,
  type PrepareRequest,
  type ReadyProgram,
} from './languages/index.js';
export { ACCOUNTING_MODES, type AccountingMode } from './executor/index.js';
export type { CheckerFunction, CheckerSpec, CheckResult } from './checkers/types.js';
export type {
  InlineGroup,
  JudgeReport,
  JudgeRequest,
  Limits,
  LimitedKind,
  LimitedResult,
  RunLimitedOptions,
  TestResult,
  Verdict,
} from './types.js';
