export { runLimited } from './run-limited.js';
export { resolveCacheDir } from './cache-dir.js';
export type { Limits, LimitedKind, LimitedResult, RunLimitedOptions, Verdict } from './types.js';
export type { SandboxMode } from './sandbox.js';
