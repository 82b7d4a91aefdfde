// The `saferun` entry point: the process API only, so that `import { run } from 'saferun'` stays
// light. The other areas have their own entry points: `saferun/compile`, `saferun/judge`,
// `saferun/queue` (BullMQ, an optional peer dependency) and `saferun/ipc`.
// `fork` comes from ./ipc: the typed channel over the core's fork (a few small modules, no dependency).
export { exec, execFile, execFileSync, execSync, run, runSync, spawn } from './process/index.js';
export { formatCommand, quoteArgument } from './process/index.js';
export { parseCommand } from './process/index.js';
export { Subprocess } from './process/index.js';
export { SaferunError, type SaferunErrorCode } from './shared/index.js';
export type { ForkOptions, Options, OutputOf, Result, ResultKind, RunError, StdioValue } from './process/index.js';
export { fork, IpcChild, type IpcForkOptions } from './ipc/index.js';
