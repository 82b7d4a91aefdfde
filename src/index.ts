// The public API: re-exports only.
// `fork` comes from ./ipc: the typed channel over the core's fork.
export { exec, execFile, execFileSync, execSync, run, runSync, spawn } from './process/index.js';
export { formatCommand, quoteArgument } from './process/index.js';
export { parseCommand } from './process/index.js';
export { Subprocess } from './process/index.js';
export { SaferunError, type SaferunErrorCode } from './shared/index.js';
export type { ForkOptions, Options, OutputOf, Result, ResultKind, RunError, StdioValue } from './process/index.js';
export * from './ipc/index.js';
export * from './compile/index.js';
export * from './judge/index.js';
export * from './queue/index.js';
